import { afterEach, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import { StoreSubscriptionService } from '../../src/notify/store-subscriptions.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import type { Store } from '../../src/store/store.ts';
import type { Caller } from '../../src/command-types.ts';
import { TempFolders } from './entry-files.ts';
import { COMMANDS } from '../../commands/index.ts';

const folders = new TempFolders();
const stores: Store[] = [];

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  folders.cleanup();
});

async function botWithStore(): Promise<{ bot: Bot; store: Store }> {
  const store = openSqliteStore(folders.make());
  stores.push(store);
  const corpus = await Corpus.load(folders.make());
  return {
    bot: new Bot({
      commands: COMMANDS,
      corpus,
      logger: silentLogger(),
      subscriptions: new StoreSubscriptionService(store.subscriptions),
    }),
    store,
  };
}

const slackGeneral: Caller = { platform: 'slack', channelId: 'C0GENERAL', userId: 'U1', canManageChannel: true };
const slackRandom: Caller = { platform: 'slack', channelId: 'C0RANDOM', userId: 'U1', canManageChannel: true };
const discordMember: Caller = {
  platform: 'discord',
  channelId: '222222222222222222',
  userId: '333333333333333333',
  canManageChannel: false,
};

describe('subscription commands', () => {
  it('subscribes a channel with the Slack text grammar, lists it, and removes it by number', async () => {
    const { bot } = await botWithStore();
    const subscribed = await bot.runSubcommandText('subscribe MSC COVID author:Zhao', slackGeneral);
    expect(subscribed.tone).toBe('notice');
    expect(subscribed.ephemeral).toBe(false);
    expect(subscribed.fallback).toBe(
      'This channel will be told about new entries matching "MSC COVID author:Zhao" (subscription 1). /paper subscriptions lists them.',
    );
    await bot.runSubcommandText('subscribe', slackGeneral);

    const listed = await bot.runSubcommandText('subscriptions', slackGeneral);
    expect(listed.fallback).toMatch(
      /^This channel's subscriptions \(2\)\n1\. "MSC COVID author:Zhao" since \d{4}-\d\d-\d\d\n2\. every new entry since \d{4}-\d\d-\d\d$/,
    );
    expect((await bot.runSubcommandText('subscriptions', slackRandom)).fallback).toBe(
      'This channel has no subscriptions. Add one with /paper subscribe [query].',
    );

    const removed = await bot.runSubcommandText('unsubscribe 1', slackGeneral);
    expect(removed.fallback).toContain('1. "MSC COVID author:Zhao"');
    expect((await bot.runSubcommandText('subscriptions', slackGeneral)).fallback).toMatch(/\(1\)\n1\. every new entry/);
    expect((await bot.runSubcommandText('unsubscribe', slackGeneral)).heading).toBe('Subscription removed');
    expect((await bot.runSubcommandText('unsubscribe', slackGeneral)).fallback).toBe(
      'This channel has no subscriptions; nothing to remove.',
    );
  });

  it('answers a repeated subscribe (a retried Slack request) without a second row', async () => {
    const { bot, store } = await botWithStore();
    await bot.run('paper-subscribe', { query: 'kind:dataset' }, slackGeneral);
    const again = await bot.run('paper-subscribe', { query: 'kind:dataset' }, slackGeneral);
    expect(again.fallback).toBe(
      'This channel was already subscribed to new entries matching "kind:dataset" (subscription 1); nothing changed.',
    );
    expect(
      await store.subscriptions.listSubscriptions({ platform: 'slack', channelId: slackGeneral.channelId }),
    ).toHaveLength(1);
  });

  it('refuses a bad query, a missing number and a member without the permission, with a sentence', async () => {
    const { bot, store } = await botWithStore();
    const bad = await bot.run('paper-subscribe', { query: 'colour:blue MSC' }, slackGeneral);
    expect(bad).toMatchObject({ tone: 'error', ephemeral: true });
    expect(bad.fallback).toBe('Unknown filter `colour:`. Filters are author:, year: and kind:.');
    expect((await bot.run('paper-subscribe', { query: 'year:20x0' }, slackGeneral)).fallback).toMatch(/is not a year/);

    await bot.run('paper-subscribe', { query: 'MSC' }, slackGeneral);
    expect((await bot.runSubcommandText('unsubscribe 4', slackGeneral)).fallback).toBe(
      'There is no subscription 4 here. The only one is 1; /paper subscriptions lists them.',
    );
    expect((await bot.runSubcommandText('unsubscribe two', slackGeneral)).fallback).toMatch(/must be a whole number/);

    const denied = await bot.run('paper-subscribe', { query: 'MSC' }, discordMember);
    expect(denied).toMatchObject({
      tone: 'error',
      fallback: 'You need the Manage Channels permission to use paper-subscribe.',
    });
    expect((await bot.run('paper-unsubscribe', {}, discordMember)).tone).toBe('error');
    expect(
      await store.subscriptions.listSubscriptions({ platform: 'discord', channelId: discordMember.channelId }),
    ).toEqual([]);
    // Anyone may look.
    expect((await bot.run('paper-subscriptions', {}, discordMember)).tone).toBe('notice');
  });

  it('shows a subscription the platform refused as broken, with what to do', async () => {
    const { bot, store } = await botWithStore();
    await bot.run('paper-subscribe', { query: '' }, slackGeneral);
    await store.subscriptions.markChannelBroken(
      { platform: 'slack', channelId: slackGeneral.channelId },
      'not_in_channel',
    );
    const listed = await bot.run('paper-subscriptions', {}, slackGeneral);
    expect(listed.fallback).toContain('1. every new entry since');
    expect(listed.fallback).toContain('BROKEN: not_in_channel');
    expect(listed.fallback).toContain('run /paper subscribe with the same query again');
  });

  it('says why when the bot runs without a store', async () => {
    const corpus = await Corpus.load(folders.make());
    const bot = new Bot({ commands: COMMANDS, corpus, logger: silentLogger() });
    expect((await bot.run('paper-subscriptions', {}, slackGeneral)).fallback).toBe(
      'Subscriptions are not available here: this paperbot runs without its store.',
    );
  });
});
