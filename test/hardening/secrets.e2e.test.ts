import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import path from 'node:path';
import { COMMANDS } from '../../commands/index.ts';
import type { CommandDefinition } from '../../src/command-types.ts';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { DiscordPlatform } from '../../src/platforms/discord/discord-platform.ts';
import { SlackPlatform } from '../../src/platforms/slack/slack-platform.ts';
import { plain } from '../../src/reply.ts';
import { STANDIN_TOKEN } from '../support/discord-harness.ts';
import { STANDIN_IDS } from '../support/discord-payloads.ts';
import { DiscordStandin } from '../support/discord-standin.ts';
import { commandFrom, dispatchAll } from '../support/hardening-discord.ts';
import { testSlackConfig } from '../support/slack-app.ts';
import {
  blockActionsForm,
  postSigned,
  slashCommandForm,
  TEST_APP_TOKEN,
  TEST_BOT_TOKEN,
  TEST_SIGNING_SECRET,
} from '../support/slack-requests.ts';
import { SlackStandIn } from '../support/slack-standin.ts';

/**
 * Known secrets are configured, then errors are driven through every platform: a bad token at
 * start, a command that throws with the secrets in its message and headers, failing deliveries,
 * a failing Web API call, forged and malformed requests. No log line (captured from the logger's
 * destination) and no payload the stand-ins received holds any secret.
 */
const WRONG_DISCORD_TOKEN = ['MTEwMDAwMDAwMDAwMDAwOTk5', 'GWrong', 'a-token-discord-will-refuse-000000'].join('.');
const SECRETS = [STANDIN_TOKEN, WRONG_DISCORD_TOKEN, TEST_BOT_TOKEN, TEST_APP_TOKEN, TEST_SIGNING_SECRET];

/** A command that fails the worst way: its error quotes every secret, in the message and in headers. */
const leaky: CommandDefinition = {
  name: 'paper-leak',
  description: 'Throws an error full of secrets',
  textName: 'leak',
  example: '/paper leak',
  options: [],
  handler: () => {
    const error = new Error(
      `upstream refused Authorization: Bot ${STANDIN_TOKEN} and Bearer ${TEST_BOT_TOKEN} (${TEST_APP_TOKEN}, ${TEST_SIGNING_SECRET})`,
    );
    Object.assign(error, {
      headers: { authorization: `Bearer ${TEST_BOT_TOKEN}` },
      config: { headers: { Authorization: `Bot ${STANDIN_TOKEN}` } },
      token: TEST_APP_TOKEN,
    });
    throw error;
  },
};

const lines: string[] = [];
const seenPayloads: unknown[] = [];
let logger: Logger;
let bot: Bot;

function expectNoSecret(where: string, text: string): void {
  for (const secret of SECRETS)
    expect(text.includes(secret), `${where} holds a secret: ${text.slice(0, 300)}`).toBe(false);
}

beforeAll(async () => {
  const destination = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  logger = createLogger({ level: 'trace', secrets: SECRETS, destination });
  bot = new Bot({ corpus: await Corpus.load(path.resolve('corpus')), logger, commands: [...COMMANDS, leaky] });
});

afterAll(() => {
  for (const line of lines) expectNoSecret('a log line', line);
  for (const payload of seenPayloads) expectNoSecret('a payload', JSON.stringify(payload) ?? '');
  console.log(
    `secrets test: ${lines.length} log lines and ${seenPayloads.length} payloads checked for ${SECRETS.length} secrets`,
  );
});

describe('Discord errors never show a secret', () => {
  let standin: DiscordStandin;
  let platform: DiscordPlatform;

  beforeAll(async () => {
    standin = await DiscordStandin.start({ token: STANDIN_TOKEN });
    platform = new DiscordPlatform({ token: STANDIN_TOKEN, apiUrl: standin.apiUrl, bot, logger });
    await platform.start();
  });

  afterAll(async () => {
    await platform?.stop();
    seenPayloads.push(...(standin?.requests.map((request) => request.body) ?? []));
    await standin?.close();
  });

  it('refuses a bad token at start with a message that does not quote it', async () => {
    const wrong = new DiscordPlatform({
      token: WRONG_DISCORD_TOKEN,
      apiUrl: standin.apiUrl,
      bot,
      logger,
      readyTimeoutMs: 5_000,
    });
    const failure = await wrong.start().then(
      () => undefined,
      (error: unknown) => String(error),
    );
    await wrong.stop();
    expect(failure).toMatch(/refused the bot token/);
    expectNoSecret('the start error', failure ?? '');
  });

  it('answers a command that throws secrets with a generic sentence and logs it redacted', async () => {
    const [answer] = await dispatchAll(standin, [commandFrom(STANDIN_IDS.user, 'paper-leak', {})]);
    expect(answer?.callback.data.content).toBe(
      'Something went wrong while running paper-leak. It has been logged; please try again later.',
    );
    expect(lines.some((line) => line.includes('command failed') && line.includes('[redacted]'))).toBe(true);
  });

  it('reports a failing delivery, even one whose error echoes the token, without the token', async () => {
    standin.answerChannel('1100000000000000555', {
      status: 403,
      body: { message: `Missing Access for Bot ${STANDIN_TOKEN}`, code: 0 },
    });
    standin.answerChannel('1100000000000000556', { status: 500, body: { message: `oops ${STANDIN_TOKEN}` } });
    const reply = {
      tone: 'notice' as const,
      text: plain('hello'),
      cards: [],
      actions: [],
      ephemeral: false,
      fallback: 'hello',
    };
    for (const channel of ['1100000000000000555', '1100000000000000556']) {
      const outcome = await platform.sender.send(channel, reply);
      expect(outcome.kind).not.toBe('delivered');
      logger.warn({ outcome }, 'delivery failed');
      seenPayloads.push(outcome);
    }
  });
});

describe('Slack errors never show a secret', () => {
  let standIn: SlackStandIn;
  let platform: SlackPlatform;
  let eventsUrl: string;

  beforeAll(async () => {
    standIn = await SlackStandIn.start();
    platform = new SlackPlatform({
      config: testSlackConfig(standIn, 'http'),
      bot,
      logger,
      retryConfig: { retries: 0 },
    });
    await platform.start();
    eventsUrl = `http://127.0.0.1:${platform.address?.port ?? 0}/slack/events`;
  });

  afterAll(async () => {
    await platform?.stop();
    seenPayloads.push(...(standIn?.responsesReceived.map((response) => response.body) ?? []));
    seenPayloads.push(
      ...(standIn?.calls.map(({ method, params }) => ({ method, params: { ...params, token: undefined } })) ?? []),
    );
    await standIn?.close();
  });

  it('refuses a bad bot token and a bad app token at start without quoting them', async () => {
    for (const mode of ['http', 'socket'] as const) {
      const refusing = await SlackStandIn.start();
      if (mode === 'http') refusing.authTestError = 'invalid_auth';
      else refusing.connectionsOpenError = 'invalid_auth';
      const wrong = new SlackPlatform({
        config: testSlackConfig(refusing, mode),
        bot,
        logger,
        retryConfig: { retries: 0 },
      });
      const failure = await wrong.start().then(
        () => undefined,
        (error: unknown) => String(error),
      );
      await wrong.stop();
      await refusing.close();
      expect(failure).toMatch(/Slack refused SLACK_(BOT|APP)_TOKEN \(invalid_auth\)/);
      expectNoSecret('the start error', failure ?? '');
    }
  });

  it('answers a command that throws secrets with a generic sentence', async () => {
    const answer = await postSigned(eventsUrl, slashCommandForm({ text: 'leak', responseUrl: standIn.responseUrl() }));
    seenPayloads.push(answer.body);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatch(/Something went wrong while running paper-leak/);
  });

  it('logs a failing response_url and failing Web API calls without a secret', async () => {
    const answer = await postSigned(
      eventsUrl,
      blockActionsForm({
        actionId: 'paperbot:reply:0',
        value: 'not-a-button',
        responseUrl: `${standIn.origin}/nowhere`,
      }),
    );
    expect(answer.status).toBe(200);
    const reply = {
      tone: 'notice' as const,
      text: plain('hello'),
      cards: [],
      actions: [],
      ephemeral: false,
      fallback: 'hello',
    };
    standIn.postMessageMode = { kind: 'platform-error', error: 'invalid_auth' };
    expect((await platform.sender.send('C0PAPERS', reply)).kind).toBe('permanent');
    standIn.postMessageMode = { kind: 'http-error', status: 500 };
    expect((await platform.sender.send('C0PAPERS', reply)).kind).toBe('transient');
    standIn.postMessageMode = { kind: 'ok' };
  });

  it('refuses forged and malformed requests, logging through our logger', async () => {
    const forged = await postSigned(eventsUrl, slashCommandForm({ text: 'MSC', responseUrl: standIn.responseUrl() }), {
      signature: `v0=${'0'.repeat(64)}`,
    });
    expect(forged.status).toBe(401);
    const malformed = await postSigned(eventsUrl, 'payload=%7Bnot%20json');
    expect(malformed.status).toBeGreaterThanOrEqual(400);
    seenPayloads.push(forged.body, malformed.body);
    expect(lines.some((line) => line.includes('"component":"slack"'))).toBe(true);
  });
});
