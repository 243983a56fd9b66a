import type { Logger } from '../logger.ts';
import { SoleOwnership, type CorpusOwnership } from '../notify/ownership.ts';
import { AdvisoryLockOwnership } from './postgres-ownership.ts';
import { PostgresStore } from './postgres-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

export interface StoreLocation {
  readonly dataDir: string;
  readonly databaseUrl?: string;
}

/** The shared PostgreSQL store when `DATABASE_URL` is set, else the SQLite file in `DATA_DIR`. */
export async function openStore(location: StoreLocation, logger?: Logger): Promise<Store> {
  if (location.databaseUrl) return PostgresStore.open(location.databaseUrl, { logger });
  return SqliteStore.open(location.dataDir);
}

/** On a shared database, one process at a time owns the corpus duties; alone, this one does. */
export function corpusOwnership(location: StoreLocation, logger: Logger): CorpusOwnership {
  return location.databaseUrl ? new AdvisoryLockOwnership(location.databaseUrl, logger) : new SoleOwnership();
}
