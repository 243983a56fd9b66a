import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { STANDIN_IDS, messageObject } from '../support/discord-payloads.ts';
import type { RecordedRequest } from '../support/discord-standin.ts';
import { TEST_CHANNEL } from '../support/slack-requests.ts';
import { expectWithinDiscordLimits } from '../support/discord-limits.ts';
import { limitViolations } from '../support/slack-blocks.ts';
import { entryFile, eventually, writeInThreeChunks } from './entry-files.ts';
import { RunningApps, startPlatformApp, startStandIns, type PlatformApp, type StandIns } from './platform-app.ts';

const running = new RunningApps();
const folders = running.folders;
afterEach(() => running.stopAll());

const DISCORD_MATCHING = STANDIN_IDS.channel;
const DISCORD_OTHER = '1100000000000000099';
const SLACK_MATCHING = TEST_CHANNEL;
const SLACK_OTHER = 'C0WOMBATS';

const quokka = {
  title: 'Quokkaplasty of stromal cells in ARDS',
  doi: '10.5555/quokka.1',
  abstract: 'Stromal cells, quokkaplasty and ARDS.',
};

async function setUp(): Promise<{ standIns: StandIns; corpus: string; data: string; app: PlatformApp }> {
  const standIns = await startStandIns();
  running.standIns.push(standIns);
  const corpus = folders.make();
  const data = folders.make();
  const app = await startPlatformApp(standIns, corpus, data);
  running.apps.push(app);
  return { standIns, corpus, data, app };
}

async function restart(standIns: StandIns, corpus: string, data: string, previous: PlatformApp): Promise<PlatformApp> {
  await previous.stop();
  const app = await startPlatformApp(standIns, corpus, data);
  running.apps.push(app);
  return app;
}

function discordPosts(standIns: StandIns, channelId: string): RecordedRequest[] {
  return standIns.discord.requests.filter(
    (request) => request.method === 'POST' && request.path === `/channels/${channelId}/messages`,
  );
}

function slackPosts(standIns: StandIns, channelId: string) {
  return standIns.slack.callsTo('chat.postMessage').filter((call) => call.params['channel'] === channelId);
}

/** Subscribes two channels on each platform: one to "quokkaplasty", one to "wombat". */
async function subscribeChannels(app: PlatformApp, matching = 'quokkaplasty'): Promise<void> {
  expect(await app.discordCommand('paper-subscribe', { query: matching })).toContain(`new entries matching`);
  await app.bot.run(
    'paper-subscribe',
    { query: 'wombat' },
    { platform: 'discord', channelId: DISCORD_OTHER, userId: STANDIN_IDS.user, canManageChannel: true },
  );
  expect(await app.slackCommand(`subscribe ${matching}`, SLACK_MATCHING)).toContain('new entries matching');
  expect(await app.slackCommand('subscribe wombat', SLACK_OTHER)).toContain('new entries matching');
}

async function addEntry(
  app: PlatformApp,
  corpus: string,
  name: string,
  spec: { title: string; doi: string; abstract?: string },
): Promise<void> {
  writeFileSync(path.join(corpus, name), entryFile(spec));
  await eventually(`${name} to be searchable`, async () =>
    (
      await app.bot.runLine(`/paper ${spec.title}`, {
        platform: 'console',
        channelId: 'console',
        userId: 'test',
        canManageChannel: true,
      })
    ).cards.some((card) => card.title === spec.title),
  );
}

describe('notifications on Discord and Slack', () => {
  it('posts one message to each channel whose query matches a new entry, and none elsewhere', async () => {
    const { standIns, corpus, app } = await setUp();
    await subscribeChannels(app);
    await addEntry(app, corpus, 'quokka.md', quokka);
    await eventually(
      'both platforms to be told',
      () => discordPosts(standIns, DISCORD_MATCHING).length > 0 && slackPosts(standIns, SLACK_MATCHING).length > 0,
    );
    await app.quiesce();

    const [discordMessage] = discordPosts(standIns, DISCORD_MATCHING);
    expect(discordPosts(standIns, DISCORD_MATCHING)).toHaveLength(1);
    expect(discordMessage?.authorization).toMatch(/^Bot /);
    expect(discordMessage?.body).toMatchObject({
      allowed_mentions: { parse: [] },
      embeds: [{ title: quokka.title, url: 'https://doi.org/10.5555/quokka.1' }],
    });
    expect(JSON.stringify(discordMessage?.body)).toContain(`New paper: ${quokka.title}`);
    expect(slackPosts(standIns, SLACK_MATCHING)).toHaveLength(1);
    expect(slackPosts(standIns, SLACK_MATCHING)[0]?.params['text']).toContain(quokka.title);
    expect(discordPosts(standIns, DISCORD_OTHER)).toEqual([]);
    expect(slackPosts(standIns, SLACK_OTHER)).toEqual([]);
  });

  it('announces a file written in three pieces 300 ms apart once, with its whole content', async () => {
    const { standIns, corpus, app } = await setUp();
    await subscribeChannels(app);
    const text = entryFile({
      ...quokka,
      abstract: 'Quokkaplasty, first part. Second part. Platypodes in the third part.',
    });
    const file = path.join(corpus, 'slow.md');
    await writeInThreeChunks(file, text);
    await eventually(
      'both platforms to be told',
      () => discordPosts(standIns, DISCORD_MATCHING).length > 0 && slackPosts(standIns, SLACK_MATCHING).length > 0,
    );
    await app.quiesce();
    expect(discordPosts(standIns, DISCORD_MATCHING)).toHaveLength(1);
    expect(JSON.stringify(discordPosts(standIns, DISCORD_MATCHING)[0]?.body)).toContain(
      'Platypodes in the third part.',
    );
    expect(slackPosts(standIns, SLACK_MATCHING)).toHaveLength(1);
    expect(slackPosts(standIns, SLACK_MATCHING)[0]?.params['blocks']).toContain('Platypodes in the third part.');
  });

  it('announces nothing again after a restart, and once what was added while stopped', async () => {
    const { standIns, corpus, data, app } = await setUp();
    await subscribeChannels(app);
    await addEntry(app, corpus, 'quokka.md', quokka);
    await eventually(
      'the first announcement',
      () => discordPosts(standIns, DISCORD_MATCHING).length > 0 && slackPosts(standIns, SLACK_MATCHING).length > 0,
    );

    const second = await restart(standIns, corpus, data, app);
    await second.quiesce();
    expect(discordPosts(standIns, DISCORD_MATCHING)).toHaveLength(1);
    expect(slackPosts(standIns, SLACK_MATCHING)).toHaveLength(1);

    await second.stop();
    const whileStopped = { title: 'Quokkaplasty while the bot slept', doi: '10.5555/quokka.2' };
    writeFileSync(path.join(corpus, 'slept.md'), entryFile(whileStopped));
    const third = await restart(standIns, corpus, data, second);
    await third.quiesce();
    const titles = discordPosts(standIns, DISCORD_MATCHING).map((request) => JSON.stringify(request.body));
    expect(titles).toHaveLength(2);
    expect(titles[1]).toContain(whileStopped.title);
    expect(slackPosts(standIns, SLACK_MATCHING)).toHaveLength(2);
    expect(
      await third.bot.runLine('/paper slept', {
        platform: 'console',
        channelId: 'console',
        userId: 'test',
        canManageChannel: true,
      }),
    ).toMatchObject({ cards: [{ title: whileStopped.title }] });
  });

  it("turns fifty files dropped at once into one digest per channel, within each platform's limits", async () => {
    const { standIns, corpus, app } = await setUp();
    await subscribeChannels(app, 'quokkaplasty');
    // Long titles and abstracts, so the digest has to be trimmed to fit.
    const long = 'with a very long descriptive title about stromal cells and @everyone <b>markup</b> '.repeat(4);
    for (let i = 1; i <= 50; i += 1) {
      const spec = {
        title: `Quokkaplasty cohort number ${i} ${long}`,
        doi: `10.5555/bulk.${i}`,
        abstract: 'Stromal cells in a long abstract. '.repeat(200),
      };
      writeFileSync(path.join(corpus, `bulk-${String(i).padStart(2, '0')}.md`), entryFile(spec));
    }
    await eventually('all fifty to be indexed', async () => (await app.bot.search.count()) === 50);
    await eventually(
      'both platforms to be told',
      () => discordPosts(standIns, DISCORD_MATCHING).length > 0 && slackPosts(standIns, SLACK_MATCHING).length > 0,
    );
    await app.quiesce();
    const [discordDigest] = discordPosts(standIns, DISCORD_MATCHING);
    expect(discordPosts(standIns, DISCORD_MATCHING)).toHaveLength(1);
    expect(JSON.stringify(discordDigest?.body)).toContain('50 new entries');
    expect(JSON.stringify(discordDigest?.body)).toContain('and 42 more');
    expect((discordDigest?.body as { embeds: unknown[] } | undefined)?.embeds).toHaveLength(8);
    expectWithinDiscordLimits(discordDigest?.body as Parameters<typeof expectWithinDiscordLimits>[0]);
    const [slackDigest] = slackPosts(standIns, SLACK_MATCHING);
    expect(slackPosts(standIns, SLACK_MATCHING)).toHaveLength(1);
    expect(slackDigest?.params['text']).toContain('50 new entries');
    expect(
      limitViolations({ text: slackDigest?.params['text'], blocks: JSON.parse(slackDigest?.params['blocks'] ?? '[]') }),
    ).toEqual([]);
    expect(discordPosts(standIns, DISCORD_OTHER)).toEqual([]);
    expect(slackPosts(standIns, SLACK_OTHER)).toEqual([]);
  });
});

describe('delivery failures', () => {
  it('retries through a rate limit and a server error, and delivers once', async () => {
    const { standIns, corpus, app } = await setUp();
    await subscribeChannels(app);
    standIns.discord.answerChannel(DISCORD_MATCHING, {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 0.3, global: false },
      headers: { 'retry-after': '1', 'x-ratelimit-scope': 'user' },
    });
    standIns.slack.postMessageMode = { kind: 'ratelimited', retryAfterSeconds: 1 };
    await addEntry(app, corpus, 'quokka.md', quokka);

    // Each answer changes as soon as the previous one has been given: 429, then 500, then success.
    await eventually(
      'the first tries',
      () => discordPosts(standIns, DISCORD_MATCHING).length >= 1 && slackPosts(standIns, SLACK_MATCHING).length >= 1,
    );
    standIns.discord.answerChannel(DISCORD_MATCHING, {
      status: 500,
      body: { message: '500: Internal Server Error', code: 0 },
    });
    standIns.slack.postMessageMode = { kind: 'http-error', status: 500 };
    await eventually(
      'the tries after the rate limit',
      () => discordPosts(standIns, DISCORD_MATCHING).length >= 2 && slackPosts(standIns, SLACK_MATCHING).length >= 2,
    );
    const failedDiscordTries = discordPosts(standIns, DISCORD_MATCHING).length;
    const failedSlackTries = slackPosts(standIns, SLACK_MATCHING).length;
    standIns.discord.answerChannel(DISCORD_MATCHING, {
      status: 200,
      body: messageObject(DISCORD_MATCHING, '1400000000000000999', {}),
    });
    standIns.slack.postMessageMode = { kind: 'ok' };

    await eventually(
      'both to deliver',
      () =>
        discordPosts(standIns, DISCORD_MATCHING).length > failedDiscordTries &&
        slackPosts(standIns, SLACK_MATCHING).length > failedSlackTries,
    );
    await app.quiesce();
    // Every post after the stand-ins began to accept them is a message the channel shows.
    expect(discordPosts(standIns, DISCORD_MATCHING).length - failedDiscordTries).toBe(1);
    expect(slackPosts(standIns, SLACK_MATCHING).length - failedSlackTries).toBe(1);
    expect(JSON.stringify(discordPosts(standIns, DISCORD_MATCHING).at(-1)?.body)).toContain(quokka.title);
    expect(await app.discordCommand('paper-subscriptions')).not.toContain('BROKEN');
  });

  it('disables the subscriptions of a channel that is gone after three refusals, and lists them as broken', async () => {
    const { standIns, corpus, app } = await setUp();
    await subscribeChannels(app);
    standIns.discord.answerChannel(DISCORD_MATCHING, {
      status: 404,
      body: { message: 'Unknown Channel', code: 10003 },
    });
    standIns.slack.postMessageMode = { kind: 'platform-error', error: 'channel_not_found' };
    await addEntry(app, corpus, 'quokka.md', quokka);
    await eventually(
      'three refusals on each platform',
      () => discordPosts(standIns, DISCORD_MATCHING).length >= 3 && slackPosts(standIns, SLACK_MATCHING).length >= 3,
    );
    await app.quiesce();
    expect(discordPosts(standIns, DISCORD_MATCHING)).toHaveLength(3);
    expect(slackPosts(standIns, SLACK_MATCHING)).toHaveLength(3);

    const discordList = await app.discordCommand('paper-subscriptions');
    expect(discordList).toContain('quokkaplasty');
    expect(discordList).toContain('BROKEN');
    expect(discordList).toContain('the channel no longer exists');
    const slackList = await app.slackCommand('subscriptions', SLACK_MATCHING);
    expect(slackList).toContain('BROKEN');
    expect(slackList).toContain('channel_not_found');

    // A broken subscription gets nothing more.
    standIns.discord.answerChannel(DISCORD_MATCHING, {
      status: 200,
      body: messageObject(DISCORD_MATCHING, '1400000000000000998', {}),
    });
    standIns.slack.postMessageMode = { kind: 'ok' };
    await addEntry(app, corpus, 'quokka-2.md', { title: 'Quokkaplasty again', doi: '10.5555/quokka.3' });
    await app.quiesce();
    expect(discordPosts(standIns, DISCORD_MATCHING)).toHaveLength(3);
    expect(slackPosts(standIns, SLACK_MATCHING)).toHaveLength(3);
  });
});
