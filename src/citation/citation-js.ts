/**
 * Citations in a style (write-citation.ts), written on a thread of their own: citeproc reads its
 * styles and locale on first use and builds each bibliography synchronously (close to a second
 * for the first), which on the bot's thread held every other user's answer meanwhile.
 */
import type { Entry } from '../corpus/entry.ts';
import type { Piscina } from 'piscina';
import { startPool } from '../workers/start-pool.ts';
import type { CitationRequest } from './citation-worker.ts';
import type { CslItem } from './csl.ts';
import { authorsToCite } from './entry-csl.ts';
import { CITATION_STYLES, type CitationStyle } from './write-citation.ts';

export { CITATION_STYLES, type CitationStyle };

/** Far beyond any one entry's citation; a thread stuck that long is stopped and that request alone fails. */
const CITATION_TIMEOUT_MS = 20_000;

/** Two threads, both warmed up at start: one slow citation never holds another user's. */
const CITATION_THREADS = 2;

let pool: Piscina<CitationRequest, string> | undefined;

/** Started on first use: a process that never cites (`paperbot check`) starts no citation thread. */
function citationPool(): Piscina<CitationRequest, string> {
  pool ??= startPool<CitationRequest, string>(new URL('./citation-worker.ts', import.meta.url), {
    // The second thread starts when two citations are asked at once (the warm-up after connecting
    // does so) and is kept: a thread that loads citeproc again is what the warm-up avoids.
    minThreads: 1,
    maxThreads: CITATION_THREADS,
    idleTimeoutMs: 2 ** 31 - 1,
  });
  return pool;
}

async function ask(request: CitationRequest): Promise<string> {
  try {
    return await citationPool().run(request, { signal: AbortSignal.timeout(CITATION_TIMEOUT_MS) });
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'AbortError' || name === 'TimeoutError')
      throw new Error(`writing the citation took longer than ${CITATION_TIMEOUT_MS / 1000} s`);
    throw error;
  }
}

/**
 * The items in one style, exactly as citation-js writes it: BibTeX and RIS records, or an
 * APA / Vancouver reference from the CSL styles plugin-csl ships, as plain text.
 */
export function formatCitation(items: readonly CslItem[], style: CitationStyle): Promise<string> {
  return ask({ items, style });
}

/**
 * An entry in one style. Its authors are cut to what the style cites before anything crosses to
 * the citation thread, which builds the CSL: the bot's thread never walks a million names.
 * `omitted` counts authors a BibTeX or RIS record left out (over MAX_RECORD_AUTHORS).
 */
export async function citeEntry(entry: Entry, style: CitationStyle): Promise<{ text: string; omitted: number }> {
  const { authors, omitted } = authorsToCite(entry.authors, style);
  const text = await ask({ entry: { ...entry, authors }, style });
  return { text, omitted };
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
 * Writes one citation in every style on each citation thread, so each has loaded the CSL plugin and
 * citeproc has read its styles and locale before anyone asks for one.
 */
export async function warmUpCitations(threads = CITATION_THREADS): Promise<void> {
  // One round per thread, at once: the pool gives each to a thread that is free.
  const round = async (): Promise<void> => {
    for (const style of CITATION_STYLES) await formatCitation([WARM_UP_ITEM], style);
  };
  await Promise.all(Array.from({ length: Math.min(threads, CITATION_THREADS) }, round));
}
