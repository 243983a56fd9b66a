import type { Logger } from '../logger.ts';
import { SoleOwnership, type CorpusOwnership } from './ownership.ts';
import { openSqliteStore } from './sqlite/open.ts';
import type { Store } from './store.ts';

export interface StoreLocation {
  readonly dataDir: string;
  readonly databaseUrl?: string;
}

// The PostgreSQL modules load only when DATABASE_URL asks for them, so a SQLite start pays nothing for them.

/** The shared PostgreSQL store when `DATABASE_URL` is set, else the SQLite file in `DATA_DIR`. */
export async function openStore(location: StoreLocation, logger?: Logger): Promise<Store> {
  if (!location.databaseUrl) return openSqliteStore(location.dataDir);
  const { openPostgresStore } = await import('./postgres/open.ts');
  return openPostgresStore(location.databaseUrl, { logger });
}

/** On a shared database, one process at a time owns the corpus duties; alone, this one does. */
export async function corpusOwnership(location: StoreLocation, logger: Logger): Promise<CorpusOwnership> {
  if (!location.databaseUrl) return new SoleOwnership();
  const { AdvisoryLockOwnership } = await import('./postgres-ownership.ts');
  return new AdvisoryLockOwnership(location.databaseUrl, logger);
}
