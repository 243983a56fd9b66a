/** The citation thread: writes the citations the bot asks for (see citation-js.ts). */
import { serveThreadRequests } from '../threads/serve-requests.ts';
import type { CslItem } from './csl.ts';
import { writeCitation, type CitationStyle } from './write-citation.ts';

export interface CitationRequest {
  readonly items: readonly CslItem[];
  readonly style: CitationStyle;
}

serveThreadRequests<CitationRequest, string>(({ items, style }) => writeCitation(items, style));
