/** A citation thread of the pool in citation-js.ts: writes one citation. */
import type { Entry } from '../corpus/entry.ts';
import type { CslItem } from './csl.ts';
import { entryToCsl } from './entry-csl.ts';
import { writeCitation, type CitationStyle } from './write-citation.ts';

/** CSL items as they are, or an entry whose CSL is built here, off the bot's thread. */
export type CitationRequest =
  | { readonly items: readonly CslItem[]; readonly style: CitationStyle }
  | { readonly entry: Entry; readonly style: CitationStyle };

export default function writeRequested(request: CitationRequest): Promise<string> {
  const items = 'entry' in request ? [entryToCsl(request.entry, request.style)] : request.items;
  return writeCitation(items, request.style);
}
