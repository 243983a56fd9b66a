import type { Logger } from '../../logger.ts';
import type { CorpusSource } from '../source.ts';
import { ZoteroApiError, ZoteroClient, type ZoteroClientOptions } from './api.ts';
import { LocalCopy } from './local-copy.ts';
import type { ZoteroSettings } from './settings.ts';
import { LibrarySync, type SyncOutcome } from './sync.ts';

/**
 * A Zotero library as a corpus source: its items synced into a folder under DATA_DIR, one
 * CSL-JSON file each, which the corpus reads and watches like any other folder. The first sync
 * happens in `open`; later ones every ZOTERO_SYNC_INTERVAL seconds. An outage keeps the last copy
 * served, says so once, retries at growing intervals, and says once when the library is back.
 */

export interface ZoteroSource extends CorpusSource {
  /** Syncs now (or waits for the sync under way); rejects with what went wrong. */
  syncNow(): Promise<SyncOutcome>;
}

export interface ZoteroSourceOptions extends ZoteroClientOptions {
  /** The first retry after a failed sync; each next one waits twice as long, up to the interval. */
  readonly retryBaseMs?: number;
}

export function createZoteroSource(
  settings: ZoteroSettings,
  logger: Logger,
  options: ZoteroSourceOptions = {},
): ZoteroSource {
  const copy = new LocalCopy(LocalCopy.folderFor(settings.dataDir, settings.library, settings.collection));
  const client = new ZoteroClient(settings, options);
  const intervalMs = settings.syncIntervalSeconds * 1000;
  const retryBaseMs = options.retryBaseMs ?? 5000;
  const label = settings.collection ? `${settings.library} (collection ${settings.collection})` : settings.library;
  let sync: LibrarySync | undefined;
  let running: Promise<SyncOutcome> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let closed = false;

  const syncOnce = (): Promise<SyncOutcome> => {
    if (!sync) return Promise.reject(new Error('Zotero source is not open'));
    const current = sync;
    running ??= current.run().finally(() => {
      running = undefined;
    });
    return running;
  };

  const schedule = (delayMs: number): void => {
    if (closed) return;
    timer = setTimeout(() => void tick(), delayMs);
    timer.unref();
  };

  const tick = async (): Promise<void> => {
    try {
      const outcome = await syncOnce();
      if (failures > 0) logger.info({ library: label }, `Zotero library ${label} is reachable again; synced`);
      else if (outcome.kind !== 'unchanged')
        logger.debug({ library: label, ...outcome }, `Zotero library ${label} synced`);
      failures = 0;
      schedule(intervalMs);
    } catch (error) {
      if (closed) return;
      if (failures === 0)
        logger.warn(
          { library: label },
          `Zotero library ${label} cannot be synced, serving the last copy: ${describe(error)}`,
        );
      failures++;
      schedule(Math.min(intervalMs, retryBaseMs * 2 ** (failures - 1)));
    }
  };

  return {
    name: 'zotero',
    dir: copy.itemsDir,
    async open() {
      await copy.prepare();
      const state = copy.readState();
      sync = new LibrarySync(client, copy, state, settings.collection);
      const hasCopy = state.version !== undefined || Object.keys(state.items).length > 0;
      try {
        const outcome = await syncOnce();
        logger.info(
          { library: label, version: outcome.version, requests: outcome.requests },
          `Zotero library ${label} synced (${outcome.kind})`,
        );
        schedule(intervalMs);
      } catch (error) {
        // A wrong key or library is a configuration error: a stale copy would hide it.
        if (!hasCopy || (error instanceof ZoteroApiError && error.misconfigured)) throw new Error(describe(error));
        failures = 1;
        logger.warn(
          { library: label },
          `Zotero library ${label} cannot be synced, serving the last copy: ${describe(error)}`,
        );
        schedule(Math.min(intervalMs, retryBaseMs));
      }
    },
    addedBy(relativePath: string) {
      const key = /([A-Z0-9]{8})\.json$/.exec(relativePath)?.[1];
      return key ? sync?.state.items[key]?.by : undefined;
    },
    syncNow: syncOnce,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      client.abort();
      await running?.catch(() => undefined);
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
