/** What citation-js itself writes for an entry's CSL data: the reference the cite tests compare with. */
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import '@citation-js/plugin-csl';
import type { Corpus } from '../../src/corpus/corpus.ts';
import type { Entry } from '../../src/corpus/entry.ts';
import { entryToCsl } from '../../src/citation/entry-csl.ts';

export function citationJs(entry: Entry, style: 'bibtex' | 'ris' | 'apa' | 'vancouver'): string {
  const cite = new Cite([entryToCsl(entry)]);
  const text =
    style === 'bibtex' || style === 'ris'
      ? cite.format(style)
      : cite.format('bibliography', { template: style, format: 'text', lang: 'en-US' });
  // citation-js breaks RIS values every 70 characters; the bot gives each tag on one line.
  return (
    style === 'ris'
      ? text
          .split(/\n(?=[A-Z][A-Z0-9] {2}-)/)
          .map((line) => line.replace(/\n/g, ''))
          .join('\n')
      : text
  ).trim();
}

/** The loaded entry with this DOI or accession; a test that names a missing one fails here. */
export function entryByRef(corpus: Corpus, ref: string): Entry {
  const entry = corpus.entries().find((candidate) => candidate.doi === ref || candidate.accession === ref);
  if (!entry) throw new Error(`no entry ${ref} in the test corpus`);
  return entry;
}
