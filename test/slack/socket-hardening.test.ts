/**
 * Issue 12, Slack findings 3 and 6 in Socket Mode: a re-delivered envelope (the same id, or a
 * retry numbered above 0) is acknowledged and runs once; a malformed envelope is acknowledged
 * rather than left for Slack to re-send; another workspace gets a private refusal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { SEED_PAPER_TITLE, SHIPPED_CORPUS } from '../support/corpus-files.ts';
import { SlackHarnesses, type SlackHarness } from '../support/slack-app.ts';
import { buttonsOf, visibleTexts } from '../support/slack-blocks.ts';
import { eventCallback, linkSharedEvent } from '../support/slack-events.ts';
import { blockActionsPayload, slashCommandPayload } from '../support/slack-requests.ts';

const harnesses = new SlackHarnesses();
afterEach(() => harnesses.stopAll());

interface Connected {
  readonly harness: SlackHarness;
  readonly socket: WebSocket;
}

async function connect(): Promise<Connected> {
  const harness = await harnesses.start({ corpusDir: SHIPPED_CORPUS, mode: 'socket', start: false });
  const connected = harness.standIn.nextSocket();
  await harness.platform.start();
  return { harness, socket: await connected };
}

function texts(body: Readonly<Record<string, unknown>> | undefined): string {
  return [...visibleTexts(body), String(body?.['text'] ?? '')].join('\n');
}

async function search(
  { harness, socket }: Connected,
  envelopeId: string,
  extra: { retry_attempt?: number; teamId?: string } = {},
) {
  return harness.standIn.deliver(socket, {
    envelope_id: envelopeId,
    type: 'slash_commands',
    accepts_response_payload: true,
    retry_attempt: extra.retry_attempt,
    payload: slashCommandPayload({
      text: 'MSC COVID',
      teamId: extra.teamId,
      responseUrl: harness.standIn.responseUrl(),
    }),
  });
}

describe('Slack Socket Mode: each request runs once', () => {
  it('acknowledges an envelope delivered twice under the same id, and shares the result once', async () => {
    const connected = await connect();
    const { harness, socket } = connected;
    const share = buttonsOf((await search(connected, 'env-search')).payload).find(
      (button) => button.text === 'Share in channel',
    );
    const press = {
      envelope_id: 'env-share',
      type: 'interactive' as const,
      accepts_response_payload: false,
      payload: blockActionsPayload({
        actionId: share?.actionId ?? '',
        value: share?.value ?? '',
        responseUrl: harness.standIn.responseUrl(),
      }),
    };

    expect((await harness.standIn.deliver(socket, press)).envelope_id).toBe('env-share');
    expect((await harness.standIn.deliver(socket, press)).envelope_id).toBe('env-share');

    await harness.platform.stop();
    const posted = harness.standIn.responsesReceived.map((response) => response.body);
    expect(posted.filter((body) => body['response_type'] === 'in_channel')).toHaveLength(1);
    expect(posted).toHaveLength(2);
  });

  it('answers a first delivery numbered 0, and acknowledges a retry numbered 1 without answering it', async () => {
    const connected = await connect();
    const first = await search(connected, 'env-first', { retry_attempt: 0 });
    expect(texts(first.payload)).toContain(SEED_PAPER_TITLE);

    const retry = await search(connected, 'env-retry', { retry_attempt: 1 });
    expect(retry.envelope_id).toBe('env-retry');
    expect(texts(retry.payload)).not.toContain(SEED_PAPER_TITLE);

    const { harness, socket } = connected;
    const retriedPress = await harness.standIn.deliver(socket, {
      envelope_id: 'env-press-retry',
      type: 'interactive',
      accepts_response_payload: false,
      retry_attempt: 1,
      retry_reason: 'timeout',
      payload: blockActionsPayload({
        actionId: 'paperbot:reply:0',
        value: 'pb1:paper-help:',
        responseUrl: harness.standIn.responseUrl(),
      }),
    });
    expect(retriedPress.envelope_id).toBe('env-press-retry');
    await harness.platform.stop();
    expect(harness.standIn.responsesReceived).toEqual([]);
  });

  it('unfurls a link_shared envelope numbered 0 (a first delivery), and not its retry numbered 1', async () => {
    const { harness, socket } = await connect();
    const link = 'https://doi.org/10.14336/AD.2020.0228';
    for (const [envelopeId, attempt] of [
      ['env-event-first', 0],
      ['env-event-retry', 1],
    ] as const) {
      const ack = await harness.standIn.deliver(socket, {
        envelope_id: envelopeId,
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: attempt,
        retry_reason: attempt ? 'timeout' : '',
        payload: eventCallback(linkSharedEvent([link])),
      });
      expect(ack.envelope_id).toBe(envelopeId);
    }
    await harness.platform.stop();
    const unfurled = harness.standIn
      .callsTo('chat.unfurl')
      .map((call) => Object.keys(JSON.parse(call.params['unfurls'] ?? '{}') as object));
    expect(unfurled).toEqual([[link]]);
  });
});

describe('Slack Socket Mode: malformed envelopes and other workspaces', () => {
  it('acknowledges an envelope whose payload is null, and keeps serving', async () => {
    const connected = await connect();
    const ack = await connected.harness.standIn.deliver(connected.socket, {
      envelope_id: 'env-null',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: null,
    });
    expect(ack.envelope_id).toBe('env-null');
    expect(texts((await search(connected, 'env-after')).payload)).toContain(SEED_PAPER_TITLE);
  });

  it('refuses a command from another workspace privately in the envelope ack', async () => {
    const connected = await connect();
    const ack = await search(connected, 'env-elsewhere', { teamId: 'T0ELSEWHERE' });
    expect(ack.payload?.['response_type']).toBe('ephemeral');
    expect(texts(ack.payload)).toMatch(
      /installed in another Slack workspace, so it does not answer requests from workspace T0ELSEWHERE/,
    );
    expect(texts(ack.payload)).not.toContain(SEED_PAPER_TITLE);
  });
});
