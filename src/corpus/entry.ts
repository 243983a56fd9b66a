/** The one shape every corpus format is normalised into (DESIGN §2). */

export type EntryKind = 'paper' | 'dataset';

/** One name per corpus format (see `formats.ts`); the export formats are read many entries to a file. */
export type SourceFormat =
  | 'front-matter'
  | 'toml-front-matter'
  | 'biostudies-page'
  | 'bibtex'
  | 'ris'
  | 'csl-json'
  | 'pubmed';

export interface EntrySource {
  /** Path relative to the corpus folder, with forward slashes. */
  readonly path: string;
  readonly format: SourceFormat;
  /** Where in the file the entry starts, when the file holds several. */
  readonly line?: number;
  /** The record's own reference in a many-entry file (a BibTeX citation key, a PMID). */
  readonly ref?: string;
}

export interface Entry {
  /** Stable identity: `doi:<lowercased DOI>`, `biostudies:<ACCESSION>`, `pmid:<PMID>` or `title:<hash>`. */
  readonly key: string;
  readonly kind: EntryKind;
  readonly title: string;
  /** Display names as the source writes them (`Zhu, Rongjia` or `Zhu R`). */
  readonly authors: readonly string[];
  readonly link?: string;
  readonly doi?: string;
  readonly accession?: string;
  /** The PubMed id, when the source gives one (PubMed exports, CSL-JSON `PMID`). */
  readonly pmid?: string;
  /** The source's own summary; absent when the source has none. */
  readonly summary?: string;
  readonly abstract?: string;
  readonly journal?: string;
  /** ISO date `YYYY-MM-DD` or `YYYY-MM` when the source gives one. */
  readonly date?: string;
  readonly year?: number;
  readonly repository?: string;
  readonly provider?: string;
  readonly submitter?: string;
  /** Accessions or keys the source lists as similar, in source order. */
  readonly similar: readonly string[];
  readonly source: EntrySource;
  /** When the loader first read this entry (ISO timestamp). */
  readonly added: string;
  /** Who added it, where its source knows (a git commit's author). */
  readonly addedBy?: string;
}

/** Everything of an Entry a parser knows; the loader adds `source` and `added`. */
export type ParsedEntry = Omit<Entry, 'source' | 'added' | 'addedBy'>;
