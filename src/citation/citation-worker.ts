/** The citation worker: writes the citations the bot asks for (see citation-js.ts). */
import { serveWorkerRequests } from '../workers/serve-requests.ts';
import type { CslItem } from './csl.ts';
import { writeCitation, type CitationStyle } from './write-citation.ts';

export interface CitationRequest {
  readonly items: readonly CslItem[];
  readonly style: CitationStyle;
}

serveWorkerRequests<CitationRequest, string>(({ items, style }) => writeCitation(items, style));
