import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { STANDIN_IDS } from '../support/discord-payloads.ts';
import { expectWithinDiscordLimits } from '../support/discord-limits.ts';
import { limitViolations } from '../support/slack-blocks.ts';
import { TEST_CHANNEL } from '../support/slack-requests.ts';
import { entryFile, eventually } from '../notify/entry-files.ts';
import { FAST, RunningApps, startPlatformApp, startStandIns, type PlatformApp } from '../notify/platform-app.ts';

const running = new RunningApps();
afterEach(() => running.stopAll());

const quokka = {
  title: 'Quokkaplasty of stromal cells in ARDS',
  doi: '10.5555/quokka.1',
  abstract: 'Stromal cells, quokkaplasty and ARDS.',
};

/** A logger whose lines the test can read, as an operator reads the bot's log. */
function capturedLog(): { logger: ReturnType<typeof createLogger>; lines: () => string[] } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return {
    logger: createLogger({ level: 'info', destination: stream }),
    lines: () => text.split('\n').filter(Boolean),
  };
}

async function setUp(
  alerts: { alertAfterMs: number; pendingLimit: number; logger?: ReturnType<typeof createLogger> },
  options = FAST,
): Promise<{ app: PlatformApp; url: string; standIns: Awaited<ReturnType<typeof startStandIns>>; corpus: string }> {
  const standIns = await startStandIns();
  running.standIns.push(standIns);
  const corpus = running.folders.make();
  writeFileSync(path.join(corpus, 'seed.md'), entryFile(quokka));
  const app = await startPlatformApp(standIns, corpus, running.folders.make(), options, alerts);
  running.apps.push(app);
  if (!app.healthUrl) throw new Error('the app was started without its health endpoints');
  return { app, url: app.healthUrl, standIns, corpus };
}

async function get(url: string): Promise<{ status: number; body: string; type: string }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.text(), type: response.headers.get('content-type') ?? '' };
}

describe('health, readiness, metrics and status on Discord and Slack', () => {
  it('answers /healthz, /readyz and /metrics, and /paper status privately on both platforms', async () => {
    const { app, url } = await setUp({ alertAfterMs: 600_000, pendingLimit: 100 });
    expect(await get(`${url}/healthz`)).toMatchObject({ status: 200, body: 'ok\n' });
    expect(await get(`${url}/readyz`)).toMatchObject({ status: 200, body: 'ready\n' });

    expect(await app.discordCommand('paper', { query: 'quokkaplasty' })).toContain('Quokkaplasty of stromal cells');
    expect(await app.slackCommand('subscribe quokkaplasty', TEST_CHANNEL)).toContain('new entries matching');

    const discord = JSON.parse(await app.discordCommand('paper-status')) as {
      data: Parameters<typeof expectWithinDiscordLimits>[0] & { flags?: number };
    };
    expect(discord.data.flags).toBe(64);
    expectWithinDiscordLimits(discord.data);
    const discordText = JSON.stringify(discord);
    expect(discordText).toContain('paperbot 0.1.0');
    expect(discordText).toContain('Corpus: 1 entries, 0 problem(s)');
    expect(discordText).toContain('Search: minisearch');
    expect(discordText).toContain('Pending deliveries: 0');
    expect(discordText).toContain('This channel has no subscriptions.');

    const slack = await app.slackCommand('status', TEST_CHANNEL);
    expect(JSON.parse(slack)).toMatchObject({ response_type: 'ephemeral' });
    expect(limitViolations(JSON.parse(slack))).toEqual([]);
    expect(slack).toContain('paperbot 0.1.0');
    expect(slack).toContain('Corpus duties (announcing new entries): this process');
    expect(slack).toContain("This channel's subscriptions (1):");
    expect(slack).toContain('1. \\"quokkaplasty\\"');
    expect(slack).toContain('last announced: nothing yet');

    const metrics = await get(`${url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain('text/plain');
    expect(metrics.body).toContain('paperbot_commands_total{command="paper-status",outcome="ok"} 2');
    expect(metrics.body).toContain('paperbot_commands_total{command="paper",outcome="ok"} 1');
    expect(metrics.body).toMatch(/paperbot_answer_seconds_count\{command="paper"\} 1/);
    expect(metrics.body).toMatch(/paperbot_search_seconds_count\{operation="search"\} [1-9]/);
    expect(metrics.body).toContain('paperbot_corpus_entries 1');
    expect(metrics.body).toContain('paperbot_corpus_problems 0');
    expect(metrics.body).toContain('paperbot_deliveries_pending 0');
    expect(metrics.body).toContain('paperbot_corpus_duties_owner 1');
    expect(metrics.body).toContain('paperbot_store_errors_total 0');
    // No user, channel or query text in any label.
    for (const secretish of [STANDIN_IDS.user, STANDIN_IDS.channel, TEST_CHANNEL, 'quokkaplasty'])
      expect(metrics.body).not.toContain(secretish);

    await app.stopDiscord();
    const degraded = await get(`${url}/readyz`);
    expect(degraded.status).toBe(503);
    expect(degraded.body).toContain('discord is not connected');
  });

  it('a member without Manage Channels is refused /paper status', async () => {
    const { app } = await setUp({ alertAfterMs: 600_000, pendingLimit: 100 });
    const answer = await app.bot.run(
      'paper-status',
      {},
      { platform: 'discord', channelId: STANDIN_IDS.channel, userId: STANDIN_IDS.user, canManageChannel: false },
    );
    expect(answer.fallback).toBe('You need the Manage Channels permission to use paper-status.');
  });

  it('says once when announcements keep failing (log, /readyz, /paper status) and once when they recover', async () => {
    const log = capturedLog();
    const { app, url, standIns, corpus } = await setUp(
      { alertAfterMs: 1_000, pendingLimit: 100, logger: log.logger },
      { ...FAST, retry: { baseDelayMs: 50, maxDelayMs: 200, transientFailureLimit: 10_000 } },
    );
    expect(await app.slackCommand('subscribe wombat', TEST_CHANNEL)).toContain('new entries matching');
    standIns.slack.postMessageMode = { kind: 'http-error', status: 500 };
    writeFileSync(
      path.join(corpus, 'wombat.md'),
      entryFile({ title: 'Wombat burrows as a model', doi: '10.5555/wombat.1', abstract: 'Wombat burrows.' }),
    );
    const degraded = await eventually('/readyz to report the failing deliveries', async () => {
      const readiness = await get(`${url}/readyz`);
      return readiness.status === 503 && readiness.body.includes('announcements have been failing') && readiness;
    });
    expect(degraded.body).toMatch(/last error on slack: .*500/);
    const status = await app.slackCommand('status', TEST_CHANNEL);
    expect(status).toContain('WARNING: announcements have been failing');
    expect(status).toContain('Pending deliveries: 1');
    // Retries go on failing (every 200 ms) without a second warning.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(log.lines().filter((line) => line.includes('deliveries are in trouble'))).toHaveLength(1);
    expect((await get(`${url}/metrics`)).body).toContain('paperbot_delivery_alert 1');

    standIns.slack.postMessageMode = { kind: 'ok' };
    await eventually('/readyz to be ready again', async () => (await get(`${url}/readyz`)).status === 200);
    expect(log.lines().filter((line) => line.includes('deliveries recovered'))).toHaveLength(1);
    expect(log.lines().filter((line) => line.includes('deliveries are in trouble'))).toHaveLength(1);
    const metrics = (await get(`${url}/metrics`)).body;
    expect(metrics).toContain('paperbot_delivery_alert 0');
    expect(metrics).toMatch(/paperbot_delivery_attempts_total\{platform="slack",result="transient"\} [1-9]/);
    expect(metrics).toContain('paperbot_delivery_attempts_total{platform="slack",result="sent"} 1');
    expect(metrics).toMatch(/paperbot_last_delivery_timestamp_seconds\{platform="slack"\} \d/);
    const recovered = await app.slackCommand('status', TEST_CHANNEL);
    expect(recovered).not.toContain('WARNING');
    expect(recovered).toMatch(
      /wombat.*since \d{4}-\d\d-\d\d\\n {4}last announced: Wombat burrows as a model \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)/,
    );
  });
});
