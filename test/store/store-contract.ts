import type { Store } from '../../src/store/store.ts';
import { deliveriesContract } from './contract/deliveries.ts';
import { discussionsContract } from './contract/discussions.ts';
import { seenEntriesContract } from './contract/seen-entries.ts';
import { subscriptionsContract } from './contract/subscriptions.ts';
import { takenRequestsContract } from './contract/taken-requests.ts';
import { wholeStoreContract } from './contract/whole-store.ts';

/**
 * What every Store does, whatever holds the data: the same tests, one set per concern, run on
 * SQLite and on PostgreSQL. `open` gives an empty store; `reopen` opens the same data again after `close`.
 */
export function storeContract(open: () => Promise<Store>, reopen: () => Promise<Store>): void {
  const stores = { open, reopen };
  subscriptionsContract(stores);
  seenEntriesContract(stores);
  deliveriesContract(stores);
  discussionsContract(stores);
  takenRequestsContract(stores);
  wholeStoreContract(stores);
}
