// Notifications where groups read them: a forum post per new entry, a Slack message with its
// thread, and a mention of the one role or user group the subscriber chose.
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { STANDIN_IDS } from '../support/discord-payloads.ts';
import { TEST_CHANNEL } from '../support/slack-requests.ts';
import { limitViolations } from '../support/slack-blocks.ts';
import { entryFile, eventually } from './entry-files.ts';
import { RunningApps, startPlatformApp, startStandIns, type PlatformApp, type StandIns } from './platform-app.ts';

const running = new RunningApps();
const folders = running.folders;
afterEach(() => running.stopAll());

const FORUM = '1100000000000000050';
const ROLE = '1100000000000000077';
const PAPER_TAG = '1600000000000000001';
const quokka = {
  title: 'Quokkaplasty of stromal cells in ARDS @everyone',
  doi: '10.5555/quokka.1',
  abstract: 'Stromal cells, quokkaplasty and ARDS. <@123> <!channel>',
};

async function setUp(): Promise<{ standIns: StandIns; corpus: string; app: PlatformApp }> {
  const standIns = await startStandIns();
  running.standIns.push(standIns);
  standIns.discord.addChannel({
    id: FORUM,
    type: 15,
    name: 'paper-forum',
    available_tags: [
      { id: PAPER_TAG, name: 'Paper' },
      { id: '1600000000000000002', name: 'dataset' },
    ],
  });
  const corpus = folders.make();
  const app = await startPlatformApp(standIns, corpus, folders.make());
  running.apps.push(app);
  return { standIns, corpus, app };
}

describe('entry posts and mentions', () => {
  it("lists and removes a forum's subscriptions from a text channel, apart from the channel's own", async () => {
    const { app } = await setUp();
    expect(await app.discordCommand('paper-subscribe', { query: 'quokkaplasty', forum: FORUM })).toContain(
      'The forum will be told about new entries matching',
    );
    await app.discordCommand('paper-subscribe', { query: 'wombat' });

    const forumList = (
      JSON.parse(await app.discordCommand('paper-subscriptions', { forum: FORUM })) as { data: { content: string } }
    ).data.content;
    expect(forumList).toMatch(
      /^\*\*The forum's subscriptions \(1\)\*\*\n1\\\. "quokkaplasty" since \d{4}-\d\d-\d\d, a post with a thread per entry$/,
    );
    expect(forumList).not.toContain('wombat');
    const ownList = await app.discordCommand('paper-subscriptions');
    expect(ownList).toContain("This channel's subscriptions (1)");
    expect(ownList).not.toContain('quokkaplasty');

    const removed = await app.discordCommand('paper-unsubscribe', { forum: FORUM, subscription: 1 });
    expect(removed).toContain('The forum will not be told about those new entries any more.');
    expect(await app.discordCommand('paper-subscriptions', { forum: FORUM })).toContain(
      'That forum has no subscriptions.',
    );
    expect(await app.discordCommand('paper-subscriptions')).toContain('wombat');
  });

  it('posts each new entry in a Discord forum as its own tagged post pinging only the chosen role, and in Slack as a message with its thread pinging only the chosen group', async () => {
    const { standIns, corpus, app } = await setUp();
    expect(
      await app.discordCommand('paper-subscribe', { query: 'quokkaplasty', forum: FORUM, mention: ROLE }),
    ).toContain('Each gets its own post with its own thread');
    expect(
      await app.slackCommand('subscribe quokkaplasty post:threads <!subteam^S0JOURNAL|@journal-club>', TEST_CHANNEL),
    ).toContain('mentioning @journal-club');
    expect(await app.slackCommand('subscribe quokkaplasty <!here>', 'C0OTHER')).toContain(
      'paperbot mentions one role or user group, never',
    );

    writeFileSync(path.join(corpus, 'quokka.md'), entryFile(quokka));
    const forumPost = await eventually('the forum post', () =>
      standIns.discord.requests.find(
        (request) => request.method === 'POST' && request.path === `/channels/${FORUM}/threads`,
      ),
    );
    await eventually('the Slack thread', () => standIns.slack.callsTo('chat.postMessage').length >= 2);
    await app.quiesce();

    expect(forumPost.body).toMatchObject({ name: quokka.title, applied_tags: [PAPER_TAG] });
    const message = (
      forumPost.body as { message: { content: string; allowed_mentions: unknown; embeds: { title: string }[] } }
    ).message;
    expect(message.content.startsWith(`<@&${ROLE}>\n`)).toBe(true);
    expect(message.allowed_mentions).toEqual({ parse: [], roles: [ROLE] });
    expect(message.content.slice(`<@&${ROLE}>`.length)).not.toMatch(/<@|@everyone(?!\u200b)/);
    expect(message.embeds[0]?.title).toContain('Quokkaplasty');
    expect(
      standIns.discord.requests.filter(
        (request) => request.method === 'POST' && request.path === `/channels/${FORUM}/messages`,
      ),
    ).toEqual([]);

    const [announcement, opener] = standIns.slack.callsTo('chat.postMessage');
    expect(announcement?.params['channel']).toBe(TEST_CHANNEL);
    expect(announcement?.params['text']?.startsWith('<!subteam^S0JOURNAL> ')).toBe(true);
    expect((announcement?.params['text'] ?? '').slice('<!subteam^S0JOURNAL> '.length)).not.toMatch(/<!|<@/);
    expect(
      limitViolations({
        text: announcement?.params['text'],
        blocks: JSON.parse(announcement?.params['blocks'] ?? '[]') as unknown,
      }),
    ).toEqual([]);
    expect(opener?.params['thread_ts']).toMatch(/^\d+\.\d+$/);
    expect(opener?.params['text']).toContain('replies stay in this thread');

    // The posts are the entries' discussions: Discuss on their cards points there.
    const discussed = await app.bot.run(
      'paper-discuss',
      { entry: quokka.doi },
      { platform: 'slack', channelId: TEST_CHANNEL, userId: 'U1', canManageChannel: true },
      {
        channel: { platform: 'slack', channelId: TEST_CHANNEL },
        exists: async () => true,
        open: async () => 'never',
        link: (ts) => `thread ${ts}`,
      },
    );
    expect(discussed.fallback).toContain(`thread ${opener?.params['thread_ts']}`);
    expect(
      standIns.discord.requests.some((request) => request.path === `/channels/${STANDIN_IDS.channel}/messages`),
    ).toBe(false);
  });
});
