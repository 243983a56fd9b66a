import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DiscordStandin } from '../support/discord-standin.ts';
import { STANDIN_TOKEN } from '../support/discord-harness.ts';
import { chatInputInteraction } from '../support/discord-payloads.ts';
import { entryFile, eventually, TempFolders } from './entry-files.ts';
import {
  announcedTitles,
  channelPosts,
  counts,
  discordBotEnvironment,
  quiet,
  startBotProcess,
  stopChild,
  type BotProcess,
} from './bot-process.ts';

/**
 * The real `paperbot` process, on Discord (the stand-in), killed with SIGKILL while it is
 * posting: after a restart every entry must be announced, none more than twice.
 */
// Enough that, at Discord's 50 requests a second, many are still to send when the kill comes.
const ENTRIES = 60;

const folders = new TempFolders();
const bots: BotProcess[] = [];
const standins: DiscordStandin[] = [];

afterEach(async () => {
  for (const bot of bots.splice(0)) await stopChild(bot.child, 'SIGKILL');
  for (const standin of standins.splice(0)) await standin.close();
  folders.cleanup();
});

function startBot(standin: DiscordStandin, corpusDir: string, dataDir: string): Promise<BotProcess> {
  return startBotProcess(discordBotEnvironment(standin, corpusDir, dataDir), dataDir, bots);
}

async function subscribeOnDiscord(standin: DiscordStandin): Promise<string> {
  const interaction = chatInputInteraction('paper-subscribe', {}, { canManageChannel: true });
  const answered = standin.waitForRequest(
    (request) => request.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
  );
  standin.dispatchInteraction(interaction.payload);
  return JSON.stringify((await answered).body);
}

const title = (i: number): string => `Crash-safe entry number ${String(i).padStart(2, '0')}`;

describe('the paperbot process', () => {
  it('loses no announcement and repeats at most the ones in flight when killed with SIGKILL', async () => {
    const standin = await DiscordStandin.start({ token: STANDIN_TOKEN });
    standins.push(standin);
    const corpus = folders.make();
    const data = folders.make();
    const first = await startBot(standin, corpus, data);
    expect(await subscribeOnDiscord(standin)).toContain('every new entry');

    for (let i = 1; i <= ENTRIES; i += 1)
      writeFileSync(path.join(corpus, `entry-${i}.md`), entryFile({ title: title(i), doi: `10.5555/crash.${i}` }));
    // Kill it once a few messages are out and the rest are queued or in flight.
    await eventually('the first announcements', () => channelPosts(standin).length >= 3, 30_000);
    first.child.kill('SIGKILL');
    await stopChild(first.child, 'SIGKILL');
    const beforeCrash = channelPosts(standin).length;

    const second = await startBot(standin, corpus, data);
    await eventually('every entry to be announced', () => counts(announcedTitles(standin)).size === ENTRIES, 60_000);
    await quiet(standin);

    const perTitle = counts(announcedTitles(standin));
    const repeated = [...perTitle.values()].filter((count) => count > 1).length;
    console.log(
      `SIGKILL after ${beforeCrash} of ${ENTRIES} announcements had reached Discord; after the restart all ${ENTRIES} were announced, ${repeated} of them twice`,
    );
    expect([...perTitle.keys()].sort()).toEqual(Array.from({ length: ENTRIES }, (_, i) => title(i + 1)).sort());
    expect(Math.max(...perTitle.values())).toBeLessThanOrEqual(2);
    expect(second.output()).not.toMatch(/"level":(50|60)/);
  }, 150_000);

  it('announces nothing again after a clean restart, and once what was added while it was stopped', async () => {
    const standin = await DiscordStandin.start({ token: STANDIN_TOKEN });
    standins.push(standin);
    const corpus = folders.make();
    const data = folders.make();
    writeFileSync(
      path.join(corpus, 'baseline.md'),
      entryFile({ title: 'Present at the very first start', doi: '10.5555/base.1' }),
    );
    const first = await startBot(standin, corpus, data);
    await subscribeOnDiscord(standin);
    writeFileSync(path.join(corpus, 'live.md'), entryFile({ title: title(1), doi: '10.5555/crash.1' }));
    await eventually('the live entry to be announced', () => announcedTitles(standin).includes(title(1)), 30_000);
    await stopChild(first.child, 'SIGTERM');
    expect(first.child.exitCode).toBe(0);

    writeFileSync(path.join(corpus, 'offline.md'), entryFile({ title: title(2), doi: '10.5555/crash.2' }));
    const second = await startBot(standin, corpus, data);
    await eventually('the offline entry to be announced', () => announcedTitles(standin).includes(title(2)), 30_000);
    await stopChild(second.child, 'SIGTERM');

    const third = await startBot(standin, corpus, data);
    // A new live entry proves the third run is watching and sending before we count.
    writeFileSync(path.join(corpus, 'marker.md'), entryFile({ title: title(3), doi: '10.5555/crash.3' }));
    await eventually('the marker entry to be announced', () => announcedTitles(standin).includes(title(3)), 30_000);
    await stopChild(third.child, 'SIGTERM');
    expect(announcedTitles(standin)).toEqual([title(1), title(2), title(3)]);
  }, 150_000);
});
