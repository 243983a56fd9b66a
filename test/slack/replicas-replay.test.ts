/**
 * Two replicas of the bot behind a load balancer, on one store: a signed request one replica
 * answered, replayed to the other within its five minutes, is refused there too. The real Bolt
 * apps in HTTP mode, each with its own stand-in Web API; the store is a real SQLite file opened
 * by each replica (as two processes would), and a real PostgreSQL database when one is running.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { SEED_PAPER_TITLE, SHIPPED_CORPUS } from '../support/corpus-files.ts';
import { describeWithPostgres } from '../support/postgres.ts';
import { ReplicaStores } from '../support/replica-stores.ts';
import { SlackHarnesses } from '../support/slack-app.ts';
import { visibleTexts } from '../support/slack-blocks.ts';
import { postSigned, slashCommandForm } from '../support/slack-requests.ts';

const harnesses = new SlackHarnesses();
const replicas = new ReplicaStores();
afterEach(async () => {
  await harnesses.stopAll();
  await replicas.closeAll();
});

async function replayRefusedByTheOtherReplica(stores: [Store, Store]): Promise<void> {
  const [first, second] = await Promise.all(
    stores.map((store) => harnesses.start({ corpusDir: SHIPPED_CORPUS, requestLedger: store.takenRequests })),
  );
  if (!first || !second) throw new Error('both replicas start');
  const signedAt = Math.floor(Date.now() / 1000);
  const search = slashCommandForm({ text: 'MSC COVID', responseUrl: first.standIn.responseUrl() });

  const answered = await postSigned(first.eventsUrl, search, { timestamp: signedAt });
  expect(answered.status).toBe(200);
  expect(visibleTexts(answered.json).join('\n')).toContain(SEED_PAPER_TITLE);

  // The captured request, sent to the other replica: refused as Bolt refuses a bad signature.
  const replayed = await postSigned(second.eventsUrl, search, { timestamp: signedAt });
  expect(replayed.status).toBe(401);
  expect(replayed.body).toBe('');

  // The other replica serves requests of its own.
  const own = await postSigned(
    second.eventsUrl,
    slashCommandForm({ text: 'MSC COVID', responseUrl: second.standIn.responseUrl() }),
    { timestamp: signedAt + 1 },
  );
  expect(own.status).toBe(200);
  expect(visibleTexts(own.json).join('\n')).toContain(SEED_PAPER_TITLE);
}

describe('Slack HTTP mode behind a load balancer: a replay sent to another replica', () => {
  it('is refused by the second replica when both record requests in one SQLite store', async () => {
    await replayRefusedByTheOtherReplica(replicas.sqlite());
  });
});

describeWithPostgres('Slack HTTP mode behind a load balancer, on PostgreSQL', () => {
  it('refuses the replay on the second replica when both share one database', async () => {
    await replayRefusedByTheOtherReplica(await replicas.postgres());
  });
});
