/**
 * Citations in a style, written by citation-js (set up in library.ts): BibTeX and RIS records,
 * APA and Vancouver references. Runs on the citation thread (citation-js.ts says why).
 */
import type { CslItem } from './csl.ts';
import { loadCitationWriter } from '../citation-js/library.ts';

export type CitationStyle = 'bibtex' | 'ris' | 'apa' | 'vancouver';

export const CITATION_STYLES: readonly CitationStyle[] = ['apa', 'vancouver', 'bibtex', 'ris'];

/**
 * The items in one style, exactly as citation-js writes it: BibTeX and RIS records, or an
 * APA / Vancouver reference from the CSL styles plugin-csl ships, as plain text.
 */
export async function writeCitation(items: readonly CslItem[], style: CitationStyle): Promise<string> {
  const { Cite } = await loadCitationWriter();
  const cite = new Cite(items);
  const text =
    style === 'bibtex' || style === 'ris'
      ? cite.format(style)
      : cite.format('bibliography', { template: style, format: 'text', lang: 'en-US' });
  return (style === 'ris' ? unwrapRis(text) : text).trim();
}

/**
 * citation-js breaks every RIS value after 70 characters, in the middle of a word; a reader
 * that takes each line as a tag then loses the rest of the title. One line per tag, as written.
 */
export function unwrapRis(text: string): string {
  return text.replace(/\r?\n(?![A-Z][A-Z0-9] {2}-)/g, '');
}
