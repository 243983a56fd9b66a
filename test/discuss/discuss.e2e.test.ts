// Discuss: one thread per entry per channel, opened with the card, found again on the next press.
import { afterEach, describe, expect, it } from 'vitest';
import { SEED_DATASET_TITLE, SEED_PAPER_TITLE, SHIPPED_CORPUS } from '../support/corpus-files.ts';
import {
  STANDIN_IDS,
  buttonInteraction,
  chatInputInteraction,
  messageObject,
  type DispatchedInteraction,
} from '../support/discord-payloads.ts';
import type { InteractionCallback } from '../support/discord-harness.ts';
import { expectWithinDiscordLimits } from '../support/discord-limits.ts';
import { buttonsOf, limitViolations, visibleTexts } from '../support/slack-blocks.ts';
import { blockActionsForm, postSigned, slashCommandForm, TEST_CHANNEL } from '../support/slack-requests.ts';
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

const EPHEMERAL = 64;
const DISCORD_LINK = new RegExp(`https://discord\\.com/channels/${STANDIN_IDS.guild}/(\\d+)`);

async function setUp(): Promise<{ standIns: StandIns; app: PlatformApp; data: string }> {
  const standIns = await startStandIns();
  running.standIns.push(standIns);
  const data = folders.make();
  const app = await startPlatformApp(standIns, SHIPPED_CORPUS, data);
  running.apps.push(app);
  return { standIns, app, data };
}

async function send(standIns: StandIns, interaction: DispatchedInteraction): Promise<InteractionCallback> {
  const answered = standIns.discord.waitForRequest(
    (request) =>
      request.method === 'POST' && request.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
  );
  standIns.discord.dispatchInteraction(interaction.payload);
  return (await answered).body as InteractionCallback;
}

function threadPosts(standIns: StandIns): string[] {
  return standIns.discord.requests
    .filter((request) => request.method === 'POST' && /\/threads$/.test(request.path))
    .map((request) => request.path);
}

function buttonId(callback: InteractionCallback, label: string): string {
  const button = (callback.data.components ?? [])
    .flatMap((row) => row.components)
    .find((candidate) => candidate.label === label);
  if (!button) throw new Error(`no button ${label}`);
  return button.custom_id;
}

describe('Discuss on Discord', () => {
  it('opens a thread on the message named after the entry, with its card first, and points to it on every later press', async () => {
    const { standIns, app, data } = await setUp();
    const search = await send(standIns, chatInputInteraction('paper', { query: 'ACE2 transplantation' }));
    const resultMessage = messageObject(STANDIN_IDS.channel, '1300000000000000777', search.data);
    const discuss = buttonId(search, 'Discuss');

    const first = await send(standIns, buttonInteraction(discuss, resultMessage));
    expect(first.data.flags).toBe(EPHEMERAL);
    expect(first.data.content).toMatch(/^Discussion opened: \[Transplantation of ACE2/);
    const threadId = DISCORD_LINK.exec(first.data.content ?? '')?.[1] ?? '';
    expect(threadPosts(standIns)).toEqual([`/channels/${STANDIN_IDS.channel}/messages/1300000000000000777/threads`]);
    // Discord allows 100 characters of thread name; this title has 107.
    expect(standIns.discord.channel(threadId)).toMatchObject({
      name: `${SEED_PAPER_TITLE.slice(0, 99).trimEnd()}…`,
      parent_id: STANDIN_IDS.channel,
    });
    const opening = standIns.discord.requests.find(
      (request) => request.method === 'POST' && request.path === `/channels/${threadId}/messages`,
    );
    expect(opening?.body).toMatchObject({
      allowed_mentions: { parse: [] },
      embeds: [{ title: SEED_PAPER_TITLE, url: 'https://doi.org/10.14336/AD.2020.0228' }],
    });
    expectWithinDiscordLimits(opening?.body as InteractionCallback['data']);

    const again = await send(standIns, buttonInteraction(discuss, resultMessage));
    expect(again.data.content).toMatch(/^This channel already discusses it here: \[Transplantation/);
    expect(DISCORD_LINK.exec(again.data.content ?? '')?.[1]).toBe(threadId);
    expect(threadPosts(standIns)).toHaveLength(1);

    // Remembered in the store: a restarted bot points to the same thread.
    await app.stop();
    const restarted = await startPlatformApp(standIns, SHIPPED_CORPUS, data);
    running.apps.push(restarted);
    const afterRestart = await send(standIns, buttonInteraction(discuss, resultMessage));
    expect(DISCORD_LINK.exec(afterRestart.data.content ?? '')?.[1]).toBe(threadId);
    expect(threadPosts(standIns)).toHaveLength(1);
  });

  it('opens a channel thread when the message already has one, and a new thread when the old one was deleted', async () => {
    const { standIns } = await setUp();
    const search = await send(standIns, chatInputInteraction('paper', { query: 'MSC COVID' }));
    const resultMessage = messageObject(STANDIN_IDS.channel, '1300000000000000888', search.data);
    const first = await send(standIns, buttonInteraction(buttonId(search, '1 · Discuss'), resultMessage));
    const second = await send(standIns, buttonInteraction(buttonId(search, '2 · Discuss'), resultMessage));
    const firstThread = DISCORD_LINK.exec(first.data.content ?? '')?.[1] ?? '';
    const secondThread = DISCORD_LINK.exec(second.data.content ?? '')?.[1] ?? '';
    expect(firstThread).not.toBe(secondThread);
    // The second press tries the message first; Discord refuses a second thread there.
    const onMessage = `/channels/${STANDIN_IDS.channel}/messages/1300000000000000888/threads`;
    expect(threadPosts(standIns)).toEqual([onMessage, onMessage, `/channels/${STANDIN_IDS.channel}/threads`]);
    const names = [firstThread, secondThread].map((id) => String(standIns.discord.channel(id)?.['name']));
    expect(names.map((name) => name.slice(0, 40)).sort()).toEqual(
      [SEED_DATASET_TITLE, SEED_PAPER_TITLE].map((title) => title.slice(0, 40)).sort(),
    );

    standIns.discord.deleteChannel(firstThread);
    const reopened = await send(standIns, buttonInteraction(buttonId(search, '1 · Discuss'), resultMessage));
    expect(reopened.data.content).toMatch(/^Discussion opened:/);
    expect(DISCORD_LINK.exec(reopened.data.content ?? '')?.[1]).not.toBe(firstThread);
    // Once more the message is tried first, then the channel.
    expect(threadPosts(standIns).slice(3)).toEqual([
      `/channels/${STANDIN_IDS.channel}/messages/1300000000000000888/threads`,
      `/channels/${STANDIN_IDS.channel}/threads`,
    ]);
  });
});

describe('Discuss on Slack', () => {
  it('threads under a public root for a private result, then points back to the same thread', async () => {
    const { standIns, app } = await setUp();
    const search = await postSigned(
      app.slackEventsUrl,
      slashCommandForm({ text: 'ACE2 transplantation', responseUrl: standIns.slack.responseUrl() }),
    );
    const discuss = buttonsOf(search.json).find((button) => button.text === 'Discuss');
    expect(discuss).toBeDefined();
    const press = () =>
      postSigned(
        app.slackEventsUrl,
        blockActionsForm({
          actionId: discuss?.actionId ?? '',
          value: discuss?.value ?? '',
          responseUrl: standIns.slack.responseUrl(),
          isEphemeral: true,
        }),
      );

    await press();
    const opened = await standIns.slack.nextResponse();
    const posts = standIns.slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(2);
    const [root, card] = posts;
    expect(root?.params['channel']).toBe(TEST_CHANNEL);
    expect(root?.params['thread_ts']).toBeUndefined();
    expect(root?.params['text']).toContain(`Discussion: ${SEED_PAPER_TITLE}`);
    expect(card?.params['thread_ts']).toMatch(/^\d+\.\d+$/);
    const cardMessage = { text: card?.params['text'], blocks: JSON.parse(card?.params['blocks'] ?? '[]') as unknown };
    expect(visibleTexts(cardMessage).join('\n')).toContain(SEED_PAPER_TITLE);
    expect(limitViolations(cardMessage)).toEqual([]);
    const permalink = `https://paperbot-test.slack.com/archives/${TEST_CHANNEL}/p${(card?.params['thread_ts'] ?? '').replace('.', '')}`;
    expect(opened.body['response_type']).toBe('ephemeral');
    expect(visibleTexts(opened.body).join('\n')).toContain(`Discussion opened: <${permalink}|`);

    await press();
    const again = await standIns.slack.nextResponse();
    expect(visibleTexts(again.body).join('\n')).toContain(`This channel already discusses it here: <${permalink}|`);
    expect(standIns.slack.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('threads under the pressed message when it is public', async () => {
    const { standIns, app } = await setUp();
    const search = await postSigned(
      app.slackEventsUrl,
      slashCommandForm({ text: 'S-EPMC8546390', responseUrl: standIns.slack.responseUrl() }),
    );
    const discuss = buttonsOf(search.json).find((button) => button.text === 'Discuss');
    await postSigned(
      app.slackEventsUrl,
      blockActionsForm({
        actionId: discuss?.actionId ?? '',
        value: discuss?.value ?? '',
        responseUrl: standIns.slack.responseUrl(),
        isEphemeral: false,
      }),
    );
    await standIns.slack.nextResponse();
    const posts = standIns.slack.callsTo('chat.postMessage');
    expect(posts.map((post) => post.params['thread_ts'])).toEqual(['1700000000.000100']);
    expect(posts[0]?.params['text']).toContain(SEED_DATASET_TITLE);
  });
});

describe('Discuss where there are no threads', () => {
  it('tells the console (and a bot without a store) where discussions live, without failing', async () => {
    const { app } = await setUp();
    const reply = await app.bot.runLine('/paper discuss S-EPMC8546390', {
      platform: 'console',
      channelId: 'console',
      userId: 'operator',
      canManageChannel: true,
    });
    expect(reply.tone).toBe('error');
    expect(reply.fallback).toBe(
      'Discussion threads live in Discord and Slack channels: press Discuss on an entry card there.',
    );
  });
});
