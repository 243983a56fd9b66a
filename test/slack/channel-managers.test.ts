/**
 * Issue 23, Slack: only people who may manage a channel subscribe, unsubscribe or choose a user
 * group to mention (admins and owners, the channel's creator, the configured manager group),
 * asked of the Web API at the wire. A plain member must not make the bot ping @all-staff.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { SHIPPED_CORPUS } from '../support/corpus-files.ts';
import { SlackHarnesses, type SlackHarness, type SlackHarnessOptions } from '../support/slack-app.ts';
import { visibleTexts } from '../support/slack-blocks.ts';
import {
  postSigned,
  slashCommandForm,
  TEST_BOT_TOKEN,
  TEST_CHANNEL,
  TEST_SIGNING_SECRET,
  type HttpAnswer,
} from '../support/slack-requests.ts';

const harnesses = new SlackHarnesses();
afterEach(() => harnesses.stopAll());

const MEMBER = 'U0MEMBER';
const CREATOR = 'U0CREATOR';
const MANAGER = 'U0MANAGER';
const MANAGER_GROUP = 'S0MANAGERS';
const ALL_STAFF = '<!subteam^S0ALLSTAFF|@all-staff>';

function texts(answer: HttpAnswer): string {
  return [...visibleTexts(answer.json), String(answer.json?.['text'] ?? '')].join('\n');
}

async function command(harness: SlackHarness, text: string, userId: string): Promise<HttpAnswer> {
  return postSigned(harness.eventsUrl, slashCommandForm({ text, userId, responseUrl: harness.standIn.responseUrl() }));
}

async function start(options: Partial<SlackHarnessOptions> = {}): Promise<SlackHarness> {
  const harness = await harnesses.start({ corpusDir: SHIPPED_CORPUS, withStore: true, ...options });
  harness.standIn.channelCreators.set(TEST_CHANNEL, CREATOR);
  harness.standIn.userGroups.set(MANAGER_GROUP, [MANAGER]);
  return harness;
}

describe('Slack: who may manage subscriptions and mentions', () => {
  it('refuses a plain member privately, naming who may, and keeps the channel unsubscribed', async () => {
    const harness = await start({ config: { managerGroup: MANAGER_GROUP } });
    const refused = await command(harness, `subscribe MSC ${ALL_STAFF}`, MEMBER);
    expect(refused.json?.['response_type']).not.toBe('in_channel');
    expect(texts(refused)).toMatch(/Only workspace admins and owners, this channel's creator/);
    expect(texts(refused)).toMatch(/user group chosen as paperbot managers/);
    expect(texts(refused)).not.toMatch(/will be told/);
    expect(texts(await command(harness, 'unsubscribe', MEMBER))).toMatch(/Only workspace admins/);
    expect(texts(await command(harness, 'subscriptions', MEMBER))).toMatch(/no subscriptions/);
  });

  it("lets an admin, the channel's creator and a member of the manager group subscribe", async () => {
    const harness = await start({ config: { managerGroup: MANAGER_GROUP } });
    expect(texts(await command(harness, `subscribe MSC ${ALL_STAFF}`, 'U0READER'))).toMatch(/will be told/);
    expect(texts(await command(harness, 'subscribe COVID', CREATOR))).toMatch(/will be told/);
    expect(texts(await command(harness, 'subscribe kind:dataset', MANAGER))).toMatch(/will be told/);
    expect(texts(await command(harness, 'unsubscribe 1', MANAGER))).toMatch(/removed/i);
  });

  it('without a manager group, its members are plain members', async () => {
    const harness = await start();
    const refused = texts(await command(harness, 'subscribe MSC', MANAGER));
    expect(refused).toMatch(/Only workspace admins and owners, this channel's creator may/);
    expect(harness.standIn.callsTo('usergroups.users.list')).toEqual([]);
  });

  it('asks the Web API only for commands that need it, and remembers the answer for a while', async () => {
    const harness = await start();
    expect(texts(await command(harness, 'MSC COVID', MEMBER))).not.toMatch(/Only workspace admins/);
    expect(harness.standIn.callsTo('users.info')).toEqual([]);
    await command(harness, 'subscribe MSC', MEMBER);
    await command(harness, 'subscribe MSC', MEMBER);
    expect(harness.standIn.callsTo('users.info').length).toBe(1);
  });

  it('fails closed when a scope is missing, saying which', async () => {
    const harness = await start();
    harness.standIn.methodErrors.set('users.info', { error: 'missing_scope', needed: 'users:read' });
    const answer = texts(await command(harness, 'subscribe MSC', 'U0READER'));
    expect(answer).toMatch(/lacks the users:read scope/);
    expect(answer).not.toMatch(/will be told/);
  });
});

describe('SLACK_MANAGER_GROUP', () => {
  const slackEnv = {
    CORPUS_DIR: SHIPPED_CORPUS,
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
  };

  it('takes a user group id, and names what is expected otherwise', () => {
    const loaded = loadConfig({ ...slackEnv, SLACK_MANAGER_GROUP: 'S0MANAGERS' });
    expect(loaded.ok && loaded.config.slack?.managerGroup).toBe('S0MANAGERS');
    const wrong = loadConfig({ ...slackEnv, SLACK_MANAGER_GROUP: '@paper-managers' });
    expect(wrong.ok ? [] : wrong.errors).toContain(
      'SLACK_MANAGER_GROUP: expected a user group id (S…) whose members may manage subscriptions and mentions',
    );
  });
});
