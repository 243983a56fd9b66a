import type { FairQueue } from '../fair-queue.ts';
import type { SearchBackend } from './search-backend.ts';

/**
 * `backend` as one caller sees it: each call into it waits for that caller's turn (FairQueue),
 * so one user's burst of searches never holds the event loop ahead of another user's search.
 * Only the calls into the index take turns: a command that then waits on the network (opening
 * a thread, uploading a file) holds no one else's turn while it waits.
 *
 * A backend whose work runs outside this process (`answersElsewhere`) holds no event loop, so
 * its calls run at once, side by side.
 */
export function searchInFairOrder(backend: SearchBackend, queue: FairQueue, caller: string): SearchBackend {
  if (backend.answersElsewhere) return backend;
  const turn = <T>(work: () => Promise<T>): Promise<T> => queue.run(caller, work);
  const { snapshot, close } = backend;
  return {
    count: () => turn(() => backend.count()),
    search: (query, page) => turn(() => backend.search(query, page)),
    matching: (query, keys) => turn(() => backend.matching(query, keys)),
    suggest: (partial, limit) => turn(() => backend.suggest(partial, limit)),
    similar: (entry, limit) => turn(() => backend.similar(entry, limit)),
    find: (identifiers) => turn(() => backend.find(identifiers)),
    upsert: (entries) => turn(() => backend.upsert(entries)),
    remove: (keys) => turn(() => backend.remove(keys)),
    ...(snapshot ? { snapshot: () => turn(() => snapshot.call(backend)) } : {}),
    // Releasing the backend is not index work: it never waits for a turn.
    ...(close ? { close: () => close.call(backend) } : {}),
  };
}
