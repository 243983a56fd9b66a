/**
 * The snapshot writer's worker: it is handed the corpus's file records and entries a chunk at
 * a time, indexes them with MiniSearch as the bot does, and writes the snapshot. MiniSearch's
 * `toJSON` has no asynchronous form and held the bot's thread for seconds at 100 000 entries
 * (see bench/README.md, "How start-up stays responsive"); here it holds only this one.
 */
import type { FileRecord } from '../corpus/corpus.ts';
import type { Entry } from '../corpus/entry.ts';
import { serveWorkerRequests } from '../workers/serve-requests.ts';
import { MiniSearchBackend } from './minisearch-backend.ts';
import { saveSnapshot, type SnapshotFingerprint } from './snapshot.ts';

export type SnapshotWorkerRequest =
  | { readonly kind: 'files'; readonly files: readonly FileRecord[] }
  | { readonly kind: 'entries'; readonly entries: readonly Entry[] }
  | { readonly kind: 'write'; readonly dataDir: string; readonly fingerprint: SnapshotFingerprint };

export interface SnapshotWritten {
  readonly file: string;
  readonly bytes: number;
}

const files: FileRecord[] = [];
const entries: Entry[] = [];

serveWorkerRequests<SnapshotWorkerRequest, SnapshotWritten | undefined>(async (request) => {
  if (request.kind === 'files') files.push(...request.files);
  else if (request.kind === 'entries') entries.push(...request.entries);
  else {
    const search = MiniSearchBackend.build(entries);
    return saveSnapshot(request.dataDir, request.fingerprint, {
      files,
      indexedKeys: search.indexedKeys(),
      index: search.serialise(),
    });
  }
  return undefined;
});
