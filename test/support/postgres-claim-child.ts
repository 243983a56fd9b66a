/**
 * A process that claims one delivery on a shared PostgreSQL store and then "sends" it forever:
 * the test kills it with SIGKILL mid-send. Arguments: the database URL and the delivery id.
 */
import { openPostgresStore } from '../../src/store/postgres/open.ts';

const [url, id] = process.argv.slice(2);
if (!url || !id) throw new Error('usage: postgres-claim-child <database url> <delivery id>');
const store = await openPostgresStore(url);
await store.deliveries.claimDelivery(Number(id), async () => {
  process.stdout.write('claimed\n');
  await new Promise(() => undefined);
});
