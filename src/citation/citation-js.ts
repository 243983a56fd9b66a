/**
 * Citations in a style, written by citation-js (set up in library.ts): BibTeX and RIS records,
 * APA and Vancouver references.
 */
import type { CslItem } from './csl.ts';
import { loadCitationWriter } from './library.ts';

export type CitationStyle = 'bibtex' | 'ris' | 'apa' | 'vancouver';

export const CITATION_STYLES: readonly CitationStyle[] = ['apa', 'vancouver', 'bibtex', 'ris'];

/**
 * The items in one style, exactly as citation-js writes it: BibTeX and RIS records, or an
 * APA / Vancouver reference from the CSL styles plugin-csl ships, as plain text.
 */
export async function formatCitation(items: readonly CslItem[], style: CitationStyle): Promise<string> {
  const { Cite } = await loadCitationWriter();
  const cite = new Cite(items);
  const text = style === 'bibtex' || style === 'ris' ? cite.format(style) : cite.format('bibliography', { template: style, format: 'text', lang: 'en-US' });
  return text.trim();
}

/** A made-up item: what the warm-up writes, in every style. */
const WARM_UP_ITEM: CslItem = {
  id: 'warm-up',
  type: 'article-journal',
  title: 'Warming up',
  author: [{ family: 'Paperbot', given: 'A.' }],
  'container-title': 'Start-up',
  issued: { 'date-parts': [[2020]] },
};

/**
 * Writes one citation in every style, so the CSL plugin is loaded and citeproc has read its
 * styles and locale (close to a second, holding the event loop) before anyone asks for one.
 */
export async function warmUpCitations(): Promise<void> {
  for (const style of CITATION_STYLES) await formatCitation([WARM_UP_ITEM], style);
}
