// Users take turns only at the search index: a command waiting on a slow platform call holds no one else's search.
import { afterEach, describe, expect, it } from 'vitest';
import { SEED_DATASET_TITLE, SEED_PAPER_TITLE, SHIPPED_CORPUS } from '../support/corpus-files.ts';
import { chatInputInteraction, type DispatchedInteraction } from '../support/discord-payloads.ts';
import type { InteractionCallback } from '../support/discord-harness.ts';
import { postSigned, slashCommandForm } from '../support/slack-requests.ts';
import { visibleTexts } from '../support/slack-blocks.ts';
import {
  RunningApps,
  startPlatformApp,
  startStandIns,
  type PlatformApp,
  type StandIns,
} from '../notify/platform-app.ts';

const running = new RunningApps();
const folders = running.folders;
afterEach(() => running.stopAll());

const DEFERRED = 5;
/** Only a safety net: on code where a slow command holds every turn, the others are answered only once it is let go. */
const LET_GO_AFTER_MS = 20_000;

/** The text a Discord user ends up seeing: the reply itself, or the edit of a deferred one. */
async function discordAnswer(standIns: StandIns, interaction: DispatchedInteraction): Promise<string> {
  const callback = standIns.discord.waitForRequest(
    (request) =>
      request.method === 'POST' && request.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
  );
  const edit = standIns.discord.waitForRequest(
    (request) =>
      request.method === 'PATCH' &&
      request.path ===
        `/webhooks/${interaction.payload.application_id as string}/${interaction.token}/messages/@original`,
  );
  standIns.discord.dispatchInteraction(interaction.payload);
  const first = (await callback).body as InteractionCallback;
  const data = first.type === DEFERRED ? ((await edit).body as InteractionCallback['data']) : first.data;
  return JSON.stringify(data);
}

/** The text a Slack user ends up seeing: the answer in the acknowledgement, or the one posted to response_url. */
async function slackAnswer(app: PlatformApp, standIns: StandIns, text: string, userId: string): Promise<string[]> {
  const acked = await postSigned(
    app.slackEventsUrl,
    slashCommandForm({ text, userId, responseUrl: standIns.slack.responseUrl() }),
  );
  const body = acked.json ?? (await standIns.slack.nextResponse()).body;
  return visibleTexts(body);
}

describe('a command waiting on a slow platform call', () => {
  it("holds no other user's search: Discord and Slack users are answered while a Discuss thread is still being opened", async () => {
    const standIns = await startStandIns();
    running.standIns.push(standIns);
    const app = await startPlatformApp(standIns, SHIPPED_CORPUS, folders.make());
    running.apps.push(app);

    // Discord is slow to open the thread: the Discuss command waits on it.
    const threadOpening = standIns.discord.hold(
      (request) => request.method === 'POST' && /\/threads$/.test(request.path),
    );
    const letGo = setTimeout(() => threadOpening.release(), LET_GO_AFTER_MS);
    try {
      const discuss = discordAnswer(
        standIns,
        chatInputInteraction('paper-discuss', { entry: 'S-EPMC8546390' }, { userId: '1100000000000000101' }),
      );
      await threadOpening.arrived;

      const search = await discordAnswer(
        standIns,
        chatInputInteraction('paper', { query: 'MSC COVID' }, { userId: '1100000000000000102' }),
      );
      expect(threadOpening.holding, 'the other Discord user was answered only after the slow call returned').toBe(true);
      expect(search).toContain(SEED_PAPER_TITLE.slice(0, 60));

      const slack = await slackAnswer(app, standIns, 'MSC COVID', 'U0OTHER');
      expect(threadOpening.holding, 'the Slack user was answered only after the slow call returned').toBe(true);
      expect(slack.join('\n')).toContain(SEED_DATASET_TITLE.slice(0, 60));

      threadOpening.release();
      expect(await discuss).toContain(`Discussion opened: [${SEED_DATASET_TITLE.slice(0, 60)}`);
    } finally {
      clearTimeout(letGo);
      threadOpening.release();
    }
  }, 60_000);
});
