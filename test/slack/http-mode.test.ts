import { afterEach, describe, expect, it } from 'vitest';
import { SHIPPED_CORPUS, SEED_DATASET_TITLE, SEED_PAPER_TITLE } from '../support/corpus-files.ts';
import { SlackHarnesses } from '../support/slack-app.ts';
import { buttonsOf, headerOf, limitViolations, visibleTexts } from '../support/slack-blocks.ts';
import {
  blockActionsForm,
  postSigned,
  slashCommandForm,
  TEST_BOT_TOKEN,
  TEST_SIGNING_SECRET,
} from '../support/slack-requests.ts';

const harnesses = new SlackHarnesses();
afterEach(() => harnesses.stopAll());

describe('Slack in HTTP mode, /paper against the shipped corpus', () => {
  it('answers /paper MSC COVID in the ack itself, privately, with both seeds as linked cards and a Share button', async () => {
    const { standIn, eventsUrl } = await harnesses.start({ corpusDir: SHIPPED_CORPUS });
    const answer = await postSigned(
      eventsUrl,
      slashCommandForm({ text: 'MSC COVID', responseUrl: standIn.responseUrl() }),
    );

    expect(answer.status).toBe(200);
    expect(answer.json?.['response_type']).toBe('ephemeral');
    const texts = visibleTexts(answer.json).join('\n');
    expect(texts).toContain(SEED_PAPER_TITLE);
    expect(texts).toContain(SEED_DATASET_TITLE);
    expect(texts).toMatch(/<https:\/\/doi\.org\/10\.14336\/AD\.2020\.0228\|/i);
    expect(headerOf(answer.json)).toMatch(/2 entries match "MSC COVID"/);
    expect(buttonsOf(answer.json).map((button) => button.text)).toEqual([
      'Summary',
      'Similar',
      'Cite',
      'Discuss',
      'Summary',
      'Similar',
      'Cite',
      'Discuss',
      'Timeline',
      'Share in channel',
    ]);
    expect(limitViolations(answer.json)).toEqual([]);
    expect(String(answer.json?.['text'])).toContain(SEED_PAPER_TITLE);
    expect(standIn.responsesReceived).toEqual([]);
  });

  it('posts the summary to the response_url when Summary is pressed', async () => {
    const { standIn, eventsUrl } = await harnesses.start({ corpusDir: SHIPPED_CORPUS });
    const search = await postSigned(
      eventsUrl,
      slashCommandForm({ text: 'ACE2 transplantation', responseUrl: standIn.responseUrl() }),
    );
    const summary = buttonsOf(search.json).find((button) => button.text === 'Summary');
    expect(summary).toBeDefined();

    const press = await postSigned(
      eventsUrl,
      blockActionsForm({
        actionId: summary?.actionId ?? '',
        value: summary?.value ?? '',
        responseUrl: standIn.responseUrl(),
      }),
    );
    expect(press.status).toBe(200);
    const posted = await standIn.nextResponse();

    expect(posted.body['response_type']).toBe('ephemeral');
    expect(posted.body['replace_original']).toBe(false);
    const texts = visibleTexts(posted.body).join('\n');
    expect(texts).toContain(SEED_PAPER_TITLE);
    expect(texts).toMatch(/Summary from the source|Extractive summary of the abstract/);
    expect(buttonsOf(posted.body).map((button) => button.text)).toEqual([
      'Similar',
      'Cite',
      'Discuss',
      'Share in channel',
    ]);
    expect(limitViolations(posted.body)).toEqual([]);
  });

  it('shares a result with the whole channel and removes the private copy', async () => {
    const { standIn, eventsUrl } = await harnesses.start({ corpusDir: SHIPPED_CORPUS });
    const search = await postSigned(
      eventsUrl,
      slashCommandForm({ text: 'MSC COVID', responseUrl: standIn.responseUrl() }),
    );
    const share = buttonsOf(search.json).find((button) => button.text === 'Share in channel');

    await postSigned(
      eventsUrl,
      blockActionsForm({
        actionId: share?.actionId ?? '',
        value: share?.value ?? '',
        responseUrl: standIn.responseUrl(),
      }),
    );
    const shared = await standIn.nextResponse();
    const removal = await standIn.nextResponse();

    expect(shared.body['response_type']).toBe('in_channel');
    expect(visibleTexts(shared.body).join('\n')).toContain(SEED_DATASET_TITLE);
    expect(buttonsOf(shared.body).map((button) => button.text)).not.toContain('Share in channel');
    expect(removal.body).toEqual({ delete_original: true });
  });

  it('answers /paper help privately and an unknown filter with a private error', async () => {
    const { standIn, eventsUrl } = await harnesses.start({ corpusDir: SHIPPED_CORPUS });
    const help = await postSigned(eventsUrl, slashCommandForm({ text: 'help', responseUrl: standIn.responseUrl() }));
    expect(help.json?.['response_type']).toBe('ephemeral');
    expect(visibleTexts(help.json).join('\n')).toContain('/paper summary S-EPMC8546390');

    const bad = await postSigned(
      eventsUrl,
      slashCommandForm({ text: 'colour:blue MSC', responseUrl: standIn.responseUrl() }),
    );
    expect(bad.json?.['response_type']).toBe('ephemeral');
    expect(buttonsOf(bad.json)).toEqual([]);
    expect(limitViolations(bad.json)).toEqual([]);
  });
});

describe('Slack in HTTP mode, requests that are not from Slack', () => {
  it('refuses a bad signature and a stale timestamp with 401, and runs nothing', async () => {
    const { standIn, eventsUrl } = await harnesses.start({ corpusDir: SHIPPED_CORPUS });
    const forged = await postSigned(
      eventsUrl,
      slashCommandForm({ text: 'MSC COVID', responseUrl: standIn.responseUrl() }),
      { secret: 'ffffffffffffffffffffffffffffffff' },
    );
    const stale = await postSigned(
      eventsUrl,
      slashCommandForm({ text: 'MSC COVID', responseUrl: standIn.responseUrl() }),
      { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 },
    );
    const staleButton = await postSigned(
      eventsUrl,
      blockActionsForm({ actionId: 'paperbot:card:0:0', value: 'pb1:paper-help:', responseUrl: standIn.responseUrl() }),
      {
        timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
      },
    );

    for (const answer of [forged, stale, staleButton]) {
      expect(answer.status).toBe(401);
      expect(answer.body).not.toMatch(/MSC|Mesenchymal|paperbot/i);
    }
    // A genuine request afterwards is the first thing that reaches a response_url at all.
    const genuine = await postSigned(
      eventsUrl,
      blockActionsForm({ actionId: 'paperbot:reply:0', value: 'pb1:paper-help:', responseUrl: standIn.responseUrl() }),
    );
    expect(genuine.status).toBe(200);
    const first = await standIn.nextResponse();
    expect(headerOf(first.body)).toMatch(/paperbot/);
    expect(standIn.responsesReceived).toHaveLength(1);
  });

  it('acknowledges a retried delivery without answering it twice', async () => {
    const { standIn, eventsUrl } = await harnesses.start({ corpusDir: SHIPPED_CORPUS });
    const retry = await postSigned(
      eventsUrl,
      slashCommandForm({ text: 'MSC COVID', responseUrl: standIn.responseUrl() }),
      {
        headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' },
      },
    );
    expect(retry.status).toBe(200);
    expect(retry.body).toBe('');

    const genuine = await postSigned(
      eventsUrl,
      blockActionsForm({ actionId: 'paperbot:reply:0', value: 'pb1:paper-help:', responseUrl: standIn.responseUrl() }),
    );
    expect(genuine.status).toBe(200);
    await standIn.nextResponse();
    expect(standIn.responsesReceived).toHaveLength(1);
  });
});

describe('Slack start-up', () => {
  it('rejects with one clear line naming SLACK_BOT_TOKEN, and never the token, when Slack refuses it', async () => {
    const { standIn, platform } = await harnesses.start({ corpusDir: SHIPPED_CORPUS, start: false });
    standIn.authTestError = 'invalid_auth';
    const failure = await platform.start().then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(failure).toMatch(/^Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/);
    expect(failure).not.toContain('\n');
    expect(failure).not.toContain(TEST_BOT_TOKEN);
    expect(failure).not.toContain(TEST_SIGNING_SECRET);
  });

  it('rejects with the address when the Web API cannot be reached', async () => {
    const { standIn, platform } = await harnesses.start({ corpusDir: SHIPPED_CORPUS, start: false });
    const origin = standIn.origin;
    await standIn.close();
    await expect(platform.start()).rejects.toThrow(
      new RegExp(`^could not reach the Slack Web API at ${origin.replace(/\./g, '\\.')} \\(ECONNREFUSED`),
    );
  });
});
