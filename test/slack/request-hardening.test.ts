/**
 * Issue 12, Slack findings 2, 3 and 6, at the wire: signed HTTP requests against the real Bolt
 * app. Each request Slack signs runs at most once; timestamps from the future, retries,
 * malformed bodies and other workspaces are answered at once and run nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SEED_DATASET_TITLE, SEED_PAPER_TITLE, SHIPPED_CORPUS } from '../support/corpus-files.ts';
import { SlackHarnesses, type SlackHarness } from '../support/slack-app.ts';
import { buttonsOf, visibleTexts } from '../support/slack-blocks.ts';
import {
  blockActionsForm,
  blockActionsPayload,
  postSigned,
  sign,
  slashCommandForm,
  slashCommandPayload,
  TEST_SIGNING_SECRET,
  type HttpAnswer,
} from '../support/slack-requests.ts';

const harnesses = new SlackHarnesses();
afterEach(() => harnesses.stopAll());

const nowSeconds = (): number => Math.floor(Date.now() / 1000);
/** Everything a user would read in an answer: the blocks and the fallback text. */
function texts(answer: HttpAnswer | Readonly<Record<string, unknown>> | undefined): string {
  const body: Readonly<Record<string, unknown>> | undefined = isHttpAnswer(answer) ? answer.json : answer;
  return [...visibleTexts(body), String(body?.['text'] ?? '')].join('\n');
}

function isHttpAnswer(answer: HttpAnswer | Readonly<Record<string, unknown>> | undefined): answer is HttpAnswer {
  return answer !== undefined && typeof answer['status'] === 'number' && 'json' in answer;
}

async function command(harness: SlackHarness, text: string, timestamp?: number): Promise<HttpAnswer> {
  return postSigned(harness.eventsUrl, slashCommandForm({ text, responseUrl: harness.standIn.responseUrl() }), {
    timestamp,
  });
}

/** Runs a search and returns a press of its "Share in channel" button, ready to sign. */
async function sharePress(harness: SlackHarness): Promise<string> {
  const search = await command(harness, 'MSC COVID');
  const share = buttonsOf(search.json).find((button) => button.text === 'Share in channel');
  expect(share).toBeDefined();
  return blockActionsForm({
    actionId: share?.actionId ?? '',
    value: share?.value ?? '',
    responseUrl: harness.standIn.responseUrl(),
  });
}

/** Stopping waits for every answer still on its way, so what the stand-in holds afterwards is all there will be. */
async function everythingPosted(harness: SlackHarness): Promise<readonly Readonly<Record<string, unknown>>[]> {
  await harness.platform.stop();
  return harness.standIn.responsesReceived.map((response) => response.body);
}

describe('Slack HTTP mode: a captured request replayed within its five minutes', () => {
  it('refuses a replayed subscribe after an unsubscribe, so the subscription stays gone', async () => {
    const harness = await harnesses.start({ corpusDir: SHIPPED_CORPUS, withStore: true });
    const signedAt = nowSeconds();
    const subscribe = slashCommandForm({ text: 'subscribe MSC', responseUrl: harness.standIn.responseUrl() });

    const first = await postSigned(harness.eventsUrl, subscribe, { timestamp: signedAt });
    expect(texts(first)).toMatch(/will be told about new entries matching "MSC"/);
    const removed = await command(harness, 'unsubscribe');
    expect(removed.status).toBe(200);

    const replay = await postSigned(harness.eventsUrl, subscribe, { timestamp: signedAt });
    expect(replay.status).toBe(401);
    expect(replay.body).toBe('');

    const listed = await command(harness, 'subscriptions');
    expect(texts(listed)).toContain('This channel has no subscriptions');
  });

  it('refuses a replayed "Share in channel" press: the channel sees the result once', async () => {
    const harness = await harnesses.start({ corpusDir: SHIPPED_CORPUS });
    const press = await sharePress(harness);
    const signedAt = nowSeconds();

    expect((await postSigned(harness.eventsUrl, press, { timestamp: signedAt })).status).toBe(200);
    const replay = await postSigned(harness.eventsUrl, press, { timestamp: signedAt });
    expect(replay.status).toBe(401);

    const posted = await everythingPosted(harness);
    expect(posted.filter((body) => body['response_type'] === 'in_channel')).toHaveLength(1);
    expect(posted.filter((body) => body['delete_original'] === true)).toHaveLength(1);
  });

  it('refuses a replay whose headers are spelt differently (signature with a suffix, timestamp with leading zeros)', async () => {
    const harness = await harnesses.start({ corpusDir: SHIPPED_CORPUS, withStore: true });
    const signedAt = nowSeconds();
    const subscribe = slashCommandForm({ text: 'subscribe MSC', responseUrl: harness.standIn.responseUrl() });
    const signature = sign(TEST_SIGNING_SECRET, signedAt, subscribe);

    expect(texts(await postSigned(harness.eventsUrl, subscribe, { timestamp: signedAt }))).toMatch(/will be told/);
    await command(harness, 'unsubscribe');
    const suffixed = await postSigned(harness.eventsUrl, subscribe, {
      timestamp: signedAt,
      signature: `${signature}=again`,
    });
    const zeroPadded = await postSigned(harness.eventsUrl, subscribe, {
      signature,
      headers: { 'X-Slack-Request-Timestamp': `00${signedAt}` },
    });
    expect([suffixed.status, zeroPadded.status]).toEqual([401, 401]);
    expect(texts(await command(harness, 'subscriptions'))).toContain('This channel has no subscriptions');
  });

  it('refuses timestamps more than five minutes ahead (a year, six minutes) and serves one four minutes ahead', async () => {
    const harness = await harnesses.start({ corpusDir: SHIPPED_CORPUS });
    const yearAhead = await command(harness, 'MSC COVID', nowSeconds() + 365 * 24 * 3600);
    const sixMinutesAhead = await command(harness, 'MSC COVID', nowSeconds() + 6 * 60);
    const buttonYearAhead = await postSigned(
      harness.eventsUrl,
      blockActionsForm({
        actionId: 'paperbot:reply:0',
        value: 'pb1:paper-help:',
        responseUrl: harness.standIn.responseUrl(),
      }),
      { timestamp: nowSeconds() + 365 * 24 * 3600 },
    );
    for (const answer of [yearAhead, sixMinutesAhead, buttonYearAhead]) {
      expect(answer.status).toBe(401);
      expect(answer.body).toBe('');
    }

    // A server clock a little behind Slack's is normal.
    const slightlyAhead = await command(harness, 'MSC COVID', nowSeconds() + 4 * 60);
    expect(slightlyAhead.status).toBe(200);
    expect(texts(slightlyAhead)).toContain(SEED_PAPER_TITLE);
    expect(await everythingPosted(harness)).toEqual([]);
  });
});

describe('Slack HTTP mode: retried deliveries (X-Slack-Retry-Num)', () => {
  it('acknowledges a retried "Share in channel" press without posting it again', async () => {
    const harness = await harnesses.start({ corpusDir: SHIPPED_CORPUS });
    const press = await sharePress(harness);
    expect((await postSigned(harness.eventsUrl, press)).status).toBe(200);

    // Slack signs each delivery afresh: a retry is not a replay of the same signature.
    const retry = await postSigned(harness.eventsUrl, press, {
      timestamp: nowSeconds() + 1,
      headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toBe('');

    const posted = await everythingPosted(harness);
    expect(posted.filter((body) => body['response_type'] === 'in_channel')).toHaveLength(1);
    expect(posted).toHaveLength(2);
  });

  it('acknowledges a retried Summary press without answering it', async () => {
    const harness = await harnesses.start({ corpusDir: SHIPPED_CORPUS });
    const search = await command(harness, 'MSC COVID');
    const summary = buttonsOf(search.json).find((button) => button.text === 'Summary');
    const retry = await postSigned(
      harness.eventsUrl,
      blockActionsForm({
        actionId: summary?.actionId ?? '',
        value: summary?.value ?? '',
        responseUrl: harness.standIn.responseUrl(),
      }),
      { headers: { 'X-Slack-Retry-Num': '2', 'X-Slack-Retry-Reason': 'http_error' } },
    );
    expect(retry.status).toBe(200);
    expect(await everythingPosted(harness)).toEqual([]);
  });
});

describe('Slack HTTP mode: malformed but signed bodies', () => {
  it('answers 400 naming the problem when the payload is not a JSON object (null, a number, a list, text, broken JSON)', async () => {
    const harness = await harnesses.start({ corpusDir: SHIPPED_CORPUS });
    for (const payload of ['null', '42', '[]', '"text"', 'true', '{"type":']) {
      const answer = await postSigned(harness.eventsUrl, new URLSearchParams({ payload }).toString());
      expect(answer.status, `payload=${payload}`).toBe(400);
      expect(answer.body, `payload=${payload}`).toMatch(/payload/i);
    }
    const jsonNull = await postSigned(harness.eventsUrl, 'null', { headers: { 'Content-Type': 'application/json' } });
    expect(jsonNull.status).toBe(400);
    expect(jsonNull.body).toMatch(/JSON object/);
  });

  it('answers 400 at once for an object that is no command, interaction or event', async () => {
    const harness = await harnesses.start({ corpusDir: SHIPPED_CORPUS });
    for (const payload of ['{}', '{"type":42}', '{"hello":"world"}']) {
      const answer = await postSigned(harness.eventsUrl, new URLSearchParams({ payload }).toString());
      expect(answer.status, `payload=${payload}`).toBe(400);
      expect(answer.body).toMatch(/not a Slack command, interaction or event/);
    }
  });

  it('answers a slash command without a text field as an empty /paper, not "Something went wrong"', async () => {
    const harness = await harnesses.start({ corpusDir: SHIPPED_CORPUS });
    const fields = slashCommandPayload({ text: '', responseUrl: harness.standIn.responseUrl() });
    const { text: _text, ...withoutText } = fields;
    const answer = await postSigned(harness.eventsUrl, new URLSearchParams(withoutText).toString());
    expect(answer.status).toBe(200);
    expect(answer.json?.['response_type']).toBe('ephemeral');
    expect(texts(answer)).toContain('Nothing to do.');
    expect(texts(answer)).not.toMatch(/Something went wrong/);
  });

  it('tells the user clearly when a slash command comes without a user id', async () => {
    const harness = await harnesses.start({ corpusDir: SHIPPED_CORPUS });
    const { user_id: _user, ...withoutUser } = slashCommandPayload({
      text: 'MSC COVID',
      responseUrl: harness.standIn.responseUrl(),
    });
    const answer = await postSigned(harness.eventsUrl, new URLSearchParams(withoutUser).toString());
    expect(answer.status).toBe(200);
    expect(answer.json?.['response_type']).toBe('ephemeral');
    expect(texts(answer)).toMatch(/user_id/);
    expect(texts(answer)).not.toContain(SEED_PAPER_TITLE);
  });

  it('tells the user clearly when a button press has fields of the wrong type', async () => {
    const harness = await harnesses.start({ corpusDir: SHIPPED_CORPUS });
    const press = blockActionsPayload({
      actionId: 'paperbot:reply:0',
      value: 'pb1:paper-help:',
      responseUrl: harness.standIn.responseUrl(),
    });
    const wrongUser = { ...press, user: 'U0READER' };
    const answer = await postSigned(
      harness.eventsUrl,
      new URLSearchParams({ payload: JSON.stringify(wrongUser) }).toString(),
    );
    expect(answer.status).toBe(200);

    const posted = await harness.standIn.nextResponse();
    expect(posted.body['response_type']).toBe('ephemeral');
    expect(texts(posted.body)).toMatch(/user/);
    expect(texts(posted.body)).not.toMatch(/Something went wrong|paper-help/);
  });
});

describe('Slack HTTP mode: requests from a workspace or app other than the installed one', () => {
  it('refuses a command from another workspace or another app privately, and runs nothing', async () => {
    const harness = await harnesses.start({ corpusDir: SHIPPED_CORPUS, withStore: true });
    const otherTeam = await postSigned(
      harness.eventsUrl,
      slashCommandForm({ text: 'subscribe', teamId: 'T0ELSEWHERE', responseUrl: harness.standIn.responseUrl() }),
    );
    const otherApp = await postSigned(
      harness.eventsUrl,
      slashCommandForm({ text: 'MSC COVID', appId: 'A0OTHERAPP', responseUrl: harness.standIn.responseUrl() }),
    );

    for (const answer of [otherTeam, otherApp]) {
      expect(answer.status).toBe(200);
      expect(answer.json?.['response_type']).toBe('ephemeral');
      expect(texts(answer)).toMatch(/installed in another Slack workspace|another Slack app/);
      expect(texts(answer)).not.toMatch(new RegExp(`${SEED_PAPER_TITLE}|${SEED_DATASET_TITLE}|will be told`));
    }
    expect(texts(otherTeam)).toContain('T0ELSEWHERE');
    expect(texts(await command(harness, 'subscriptions'))).toContain('This channel has no subscriptions');
  });

  it('refuses a button press from another workspace privately through its response_url', async () => {
    const harness = await harnesses.start({ corpusDir: SHIPPED_CORPUS });
    const press = await sharePress(harness);
    const fromElsewhere = new URLSearchParams(press);
    const payload = JSON.parse(fromElsewhere.get('payload') ?? '{}') as Record<string, unknown>;
    fromElsewhere.set('payload', JSON.stringify({ ...payload, team: { id: 'T0ELSEWHERE', domain: 'elsewhere' } }));
    expect((await postSigned(harness.eventsUrl, fromElsewhere.toString())).status).toBe(200);

    const posted = await everythingPosted(harness);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.['response_type']).toBe('ephemeral');
    expect(texts(posted[0])).toMatch(/installed in another Slack workspace/);
  });

  it("serves the workspaces SLACK_TEAM_ID names instead of the token's own", async () => {
    const harness = await harnesses.start({ corpusDir: SHIPPED_CORPUS, config: { teamIds: ['T0ELSEWHERE'] } });
    const own = await command(harness, 'MSC COVID');
    const named = await postSigned(
      harness.eventsUrl,
      slashCommandForm({ text: 'MSC COVID', teamId: 'T0ELSEWHERE', responseUrl: harness.standIn.responseUrl() }),
    );
    expect(texts(own)).toMatch(/installed in another Slack workspace/);
    expect(texts(named)).toContain(SEED_PAPER_TITLE);
  });
});
