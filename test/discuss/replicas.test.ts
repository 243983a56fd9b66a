/**
 * Issue 23: Discuss pressed at the same moment on two replicas opened two threads (and posted
 * the card twice). Two real Bolt apps in HTTP mode, each with its own Bot and its own connection
 * to one store (a PostgreSQL database, or one SQLite file as two processes would open it), post
 * to one stand-in Web API; two people press Discuss on the same entry at once, one per replica.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { COMMANDS } from '../../commands/index.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { Discussions } from '../../src/discuss/discussions.ts';
import { silentLogger } from '../../src/logger.ts';
import { SLACK_EVENTS_PATH } from '../../src/platforms/slack/slack-platform.ts';
import type { Store } from '../../src/store/store.ts';
import { SHIPPED_CORPUS } from '../support/corpus-files.ts';
import { describeWithPostgres } from '../support/postgres.ts';
import { ReplicaStores } from '../support/replica-stores.ts';
import { SlackHarnesses, testSlackConfig } from '../support/slack-app.ts';
import { buttonsOf, visibleTexts } from '../support/slack-blocks.ts';
import { blockActionsForm, postSigned, slashCommandForm } from '../support/slack-requests.ts';

const harnesses = new SlackHarnesses();
const replicas = new ReplicaStores();
afterEach(async () => {
  await harnesses.stopAll();
  await replicas.closeAll();
});

async function oneThreadForTwoPresses(stores: [Store, Store]): Promise<void> {
  const standIn = await harnesses.standIn();
  const corpus = await Corpus.load(SHIPPED_CORPUS);
  const urls: string[] = [];
  for (const store of stores) {
    const bot = new Bot({
      corpus,
      logger: silentLogger(),
      commands: COMMANDS,
      discussions: new Discussions(store.discussions, { waitStepMs: 20 }),
    });
    const platform = harnesses.platform(testSlackConfig(standIn, 'http'), bot);
    await platform.start();
    urls.push(`http://127.0.0.1:${platform.address?.port}${SLACK_EVENTS_PATH}`);
  }
  const search = await postSigned(
    urls[0] ?? '',
    slashCommandForm({ text: 'ACE2 transplantation', responseUrl: standIn.responseUrl() }),
  );
  const discuss = buttonsOf(search.json).find((button) => button.text === 'Discuss');
  expect(discuss).toBeDefined();

  const presses = urls.map((url, n) =>
    postSigned(
      url,
      blockActionsForm({
        actionId: discuss?.actionId ?? '',
        value: discuss?.value ?? '',
        responseUrl: standIn.responseUrl(),
        userId: `U0PRESS${n}`,
        isEphemeral: true,
      }),
    ),
  );
  await Promise.all(presses);
  const answers = [await standIn.nextResponse(), await standIn.nextResponse()].map((response) =>
    visibleTexts(response.body).join('\n'),
  );

  // One public root and one card in its thread: one discussion, posted once.
  const posts = standIn.callsTo('chat.postMessage');
  expect(posts.map((post) => (post.params['thread_ts'] ? 'card in thread' : 'root'))).toEqual([
    'root',
    'card in thread',
  ]);
  const permalink = `archives/C0PAPERS/p${(posts[1]?.params['thread_ts'] ?? '').replace('.', '')}`;
  expect(answers.filter((answer) => answer.includes('Discussion opened:'))).toHaveLength(1);
  for (const answer of answers) expect(answer).toContain(permalink);
}

describe('Discuss pressed at once on two replicas sharing one SQLite store', () => {
  it('opens one thread, and the other press points to it', async () => {
    await oneThreadForTwoPresses(replicas.sqlite());
  });
});

describeWithPostgres('Discuss pressed at once on two replicas sharing one PostgreSQL store', () => {
  it('opens one thread, and the other press points to it', async () => {
    await oneThreadForTwoPresses(await replicas.postgres());
  });
});
