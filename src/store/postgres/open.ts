import type { Logger } from '../../logger.ts';
import { Database } from '../postgres-database.ts';
import { migratePostgres } from '../postgres-migrations.ts';
import type { Store } from '../store.ts';
import { PostgresDeliveries } from './deliveries.ts';
import { PostgresDiscussions } from './discussions.ts';
import { PostgresMeta } from './meta.ts';
import { PostgresSeenEntries } from './seen-entries.ts';
import { PostgresSubscriptions } from './subscriptions.ts';
import { PostgresTakenRequests } from './taken-requests.ts';

export interface PostgresStoreOptions {
  readonly logger?: Logger;
  readonly maxConnections?: number;
}

/**
 * Connects to `url` and brings the schema up to date: the store on a PostgreSQL database that
 * several paperbot processes share. What must happen once across them is decided by the database.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const database = await Database.connect(url, options);
  try {
    await migratePostgres(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return {
    subscriptions: new PostgresSubscriptions(database),
    seenEntries: new PostgresSeenEntries(database),
    deliveries: new PostgresDeliveries(database),
    discussions: new PostgresDiscussions(database),
    takenRequests: new PostgresTakenRequests(database),
    meta: new PostgresMeta(database),
    shared: true,
    close: () => database.close(),
  };
}
