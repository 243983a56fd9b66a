/**
 * A child process for the store crash test: runs subscribe/unsubscribe operations through the
 * real SQLite store and StoreSubscriptionService, and writes `begin` before and `ack` after
 * each one, synchronously, so every `ack` line the parent reads stands for a committed write.
 *
 * Usage: tsx hardening-store-child.ts <dataDir> <operations> <seed>
 * Lines: `begin <n> <sub|unsub> <channel> <query>` and `ack <n> <sub|unsub> <channel> <query>`.
 */
import { writeSync } from 'node:fs';
import type { Caller } from '../../src/command-types.ts';
import { StoreSubscriptionService } from '../../src/notify/store-subscriptions.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { seededRandom } from './hardening-mutations.ts';

const CHANNELS = 30;
/** Below the service's cap of 20 per channel, so every operation is one the service accepts. */
const MAX_PER_CHANNEL = 15;

const [dataDir, operationsText = '1000', seedText = '1'] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: hardening-store-child.ts <dataDir> <operations> <seed>');

function line(text: string): void {
  writeSync(1, `${text}\n`);
}

const random = seededRandom(Number(seedText));
const store = openSqliteStore(dataDir);
const service = new StoreSubscriptionService(store.subscriptions);
const held = new Map<string, string[]>();

for (let n = 1; n <= Number(operationsText); n += 1) {
  const channel = `C${Math.floor(random() * CHANNELS)}`;
  const caller: Caller = { platform: 'slack', channelId: channel, userId: 'U0CRASH', canManageChannel: true };
  const queries = held.get(channel) ?? [];
  const unsubscribe = queries.length >= MAX_PER_CHANNEL || (queries.length > 0 && random() < 0.35);
  if (unsubscribe) {
    const query = queries[Math.floor(random() * queries.length)] ?? '';
    line(`begin ${n} unsub ${channel} ${query}`);
    const listed = await service.list(caller);
    const number = listed.find((subscription) => subscription.query === query)?.number;
    await service.unsubscribe(caller, number);
    held.set(
      channel,
      queries.filter((candidate) => candidate !== query),
    );
    line(`ack ${n} unsub ${channel} ${query}`);
  } else {
    const query = `topic ${n}`;
    line(`begin ${n} sub ${channel} ${query}`);
    await service.subscribe(caller, query);
    held.set(channel, [...queries, query]);
    line(`ack ${n} sub ${channel} ${query}`);
  }
  // A short pause between operations, so the parent's kill lands in the middle of the run.
  await new Promise((resolve) => setTimeout(resolve, 1));
}
await store.close();
line('done');
