import { afterEach, describe, expect, it } from 'vitest';
import { SEED_DATASET_TITLE, SEED_PAPER_TITLE, SHIPPED_CORPUS } from '../support/corpus-files.ts';
import { SlackHarnesses } from '../support/slack-app.ts';
import { buttonsOf, limitViolations, visibleTexts } from '../support/slack-blocks.ts';
import { blockActionsPayload, slashCommandPayload, TEST_APP_TOKEN } from '../support/slack-requests.ts';

const harnesses = new SlackHarnesses();
afterEach(() => harnesses.stopAll());

describe('Slack in Socket Mode', () => {
  it('connects with the app token, answers /paper in the envelope ack, and a button through the response_url', async () => {
    const { standIn, platform } = await harnesses.start({ corpusDir: SHIPPED_CORPUS, mode: 'socket', start: false });
    const connected = standIn.nextSocket();
    await platform.start();
    const socket = await connected;
    expect(platform.mode).toBe('socket');
    expect(standIn.callsTo('apps.connections.open')[0]?.authorization).toBe(`Bearer ${TEST_APP_TOKEN}`);

    const ack = await standIn.deliver(socket, {
      envelope_id: 'env-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: slashCommandPayload({ text: 'MSC COVID', responseUrl: standIn.responseUrl() }),
    });
    expect(ack.payload?.['response_type']).toBe('ephemeral');
    const texts = visibleTexts(ack.payload).join('\n');
    expect(texts).toContain(SEED_PAPER_TITLE);
    expect(texts).toContain(SEED_DATASET_TITLE);
    expect(limitViolations(ack.payload)).toEqual([]);

    const similar = buttonsOf(ack.payload).find((button) => button.text === 'Similar');
    const pressed = await standIn.deliver(socket, {
      envelope_id: 'env-2',
      type: 'interactive',
      accepts_response_payload: false,
      payload: blockActionsPayload({
        actionId: similar?.actionId ?? '',
        value: similar?.value ?? '',
        responseUrl: standIn.responseUrl(),
      }),
    });
    expect(pressed.envelope_id).toBe('env-2');
    const answer = await standIn.nextResponse();
    expect(visibleTexts(answer.body).join('\n')).toMatch(/Similar to: /);
    expect(limitViolations(answer.body)).toEqual([]);
  });

  it('rejects start with one line naming SLACK_APP_TOKEN when Slack refuses it', async () => {
    const { standIn, platform } = await harnesses.start({ corpusDir: SHIPPED_CORPUS, mode: 'socket', start: false });
    standIn.connectionsOpenError = 'invalid_auth';
    const failure = await platform.start().then(
      () => 'started',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(failure).toMatch(/^Slack refused SLACK_APP_TOKEN \(invalid_auth\): /);
    expect(failure).not.toContain('\n');
    expect(failure).not.toContain(TEST_APP_TOKEN);
  });
});
