/**
 * Citations in a style (write-citation.ts), written on a thread of their own: citeproc reads its
 * styles and locale on first use and builds each bibliography synchronously (close to a second
 * for the first), which on the bot's thread held every other user's answer meanwhile.
 */
import { WorkerRequests } from '../workers/worker-requests.ts';
import type { CitationRequest } from './citation-worker.ts';
import type { CslItem } from './csl.ts';
import { CITATION_STYLES, type CitationStyle } from './write-citation.ts';

export { CITATION_STYLES, type CitationStyle };

/** Far beyond any one entry's citation; a thread stuck that long is started again. */
const CITATION_TIMEOUT_MS = 20_000;

const citationWorker = new WorkerRequests<CitationRequest, string>(
  new URL('./citation-worker.ts', import.meta.url),
  'writing the citation',
  CITATION_TIMEOUT_MS,
);

/**
 * The items in one style, exactly as citation-js writes it: BibTeX and RIS records, or an
 * APA / Vancouver reference from the CSL styles plugin-csl ships, as plain text.
 */
export function formatCitation(items: readonly CslItem[], style: CitationStyle): Promise<string> {
  return citationWorker.ask({ items, style });
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
 * Writes one citation in every style, so the citation worker has loaded the CSL plugin and
 * citeproc has read its styles and locale before anyone asks for one.
 */
export async function warmUpCitations(): Promise<void> {
  for (const style of CITATION_STYLES) await formatCitation([WARM_UP_ITEM], style);
}
