/**
 * Issue 23: a subscription's forum must be a forum of the server the command runs in. Only the
 * id's shape was checked, so a forum of another server was accepted and new entries were posted
 * there. The real discord.js client against the stand-in, which knows each channel's server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { STANDIN_IDS } from '../support/discord-payloads.ts';
import { SHIPPED_CORPUS } from '../support/corpus-files.ts';
import { RunningApps, startPlatformApp, startStandIns } from '../notify/platform-app.ts';

const running = new RunningApps();
afterEach(() => running.stopAll());

const OWN_FORUM = '1500000000000000001';
const OTHER_SERVERS_FORUM = '1500000000000000002';
const OWN_TEXT_CHANNEL = '1500000000000000003';
const UNKNOWN = '1500000000000000004';

describe("a subscription's forum", () => {
  it('is refused unless it is a forum of this server, and nothing is subscribed there', async () => {
    const standIns = await startStandIns();
    running.standIns.push(standIns);
    standIns.discord.addChannel({ id: OWN_FORUM, type: 15, name: 'paper-forum' });
    standIns.discord.addChannel({
      id: OTHER_SERVERS_FORUM,
      type: 15,
      name: 'their-forum',
      guild_id: '1999999999999999999',
    });
    standIns.discord.addChannel({ id: OWN_TEXT_CHANNEL, type: 0, name: 'general' });
    const data = running.folders.make();
    const app = await startPlatformApp(standIns, SHIPPED_CORPUS, data);
    running.apps.push(app);

    for (const forum of [OTHER_SERVERS_FORUM, OWN_TEXT_CHANNEL, UNKNOWN]) {
      const answer = await app.discordCommand('paper-subscribe', { query: 'MSC', forum });
      expect(answer).toContain('forum must be a forum channel of this server.');
      expect(answer).not.toContain('will be told');
    }
    expect(await app.discordCommand('paper-subscriptions', { forum: OTHER_SERVERS_FORUM })).toContain(
      'forum must be a forum channel of this server.',
    );
    expect(await app.discordCommand('paper-subscribe', { query: 'MSC', forum: OWN_FORUM })).toContain(
      'The forum will be told about new entries matching',
    );

    const store = openSqliteStore(data);
    try {
      for (const channelId of [OTHER_SERVERS_FORUM, OWN_TEXT_CHANNEL, UNKNOWN, STANDIN_IDS.channel])
        expect(await store.subscriptions.listSubscriptions({ platform: 'discord', channelId })).toEqual([]);
      expect(await store.subscriptions.listSubscriptions({ platform: 'discord', channelId: OWN_FORUM })).toHaveLength(
        1,
      );
    } finally {
      await store.close();
    }
  });
});
