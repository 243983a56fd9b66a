import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { refusalFor, resolveInstallation } from '../../src/platforms/slack/installation.ts';
import { SHIPPED_CORPUS } from '../support/corpus-files.ts';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../support/slack-requests.ts';

const slackEnv = {
  CORPUS_DIR: SHIPPED_CORPUS,
  SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
  SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
};

describe('SLACK_TEAM_ID and SLACK_APP_ID', () => {
  it('read a comma-separated list of workspace or organisation ids, and an app id', () => {
    const loaded = loadConfig({ ...slackEnv, SLACK_TEAM_ID: 'T0FIRST, T0SECOND,E0ORG', SLACK_APP_ID: 'A0PAPERBOT' });
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    expect(loaded.config.slack?.teamIds).toEqual(['T0FIRST', 'T0SECOND', 'E0ORG']);
    expect(loaded.config.slack?.appId).toBe('A0PAPERBOT');
  });

  it('name each malformed value with what is expected', () => {
    const loaded = loadConfig({ ...slackEnv, SLACK_TEAM_ID: 'paperbot-test.slack.com', SLACK_APP_ID: 'paperbot' });
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.errors).toContain(
      'SLACK_TEAM_ID: expected workspace ids (T…) or an Enterprise Grid organisation id (E…), separated by commas',
    );
    expect(loaded.errors).toContain(
      "SLACK_APP_ID: expected the app id (A…) from the Slack app's Basic Information page",
    );
  });
});

describe('which requests the installation serves', () => {
  it("serves the bot token's own workspace by default and refuses others by id", () => {
    const installation = resolveInstallation({}, { teamId: 'T0HOME', appId: 'A0PAPERBOT' });
    expect(refusalFor(installation, { teamId: 'T0HOME', appId: 'A0PAPERBOT' })).toBeUndefined();
    expect(refusalFor(installation, { teamId: 'T0AWAY', appId: 'A0PAPERBOT' })).toBe(
      'This paperbot is installed in another Slack workspace, so it does not answer requests from workspace T0AWAY.',
    );
    expect(refusalFor(installation, { teamId: 'T0HOME', appId: 'A0OTHER' })).toMatch(/another Slack app \(A0OTHER\)/);
    expect(refusalFor(installation, {})).toMatch(/does not answer a request that names no workspace/);
  });

  it('serves every workspace of an organisation when installed org-wide', () => {
    const installation = resolveInstallation({}, { enterpriseId: 'E0ORG', isEnterpriseInstall: true });
    expect(refusalFor(installation, { teamId: 'T0ANYWHERE', enterpriseId: 'E0ORG' })).toBeUndefined();
    expect(refusalFor(installation, { teamId: 'T0ANYWHERE', enterpriseId: 'E0OTHER' })).toMatch(
      /installed in another Slack workspace/,
    );
  });

  it('never repeats an id that is not a plain Slack id', () => {
    const installation = resolveInstallation({ teamIds: ['T0HOME'] }, { teamId: 'T0IGNORED' });
    expect(refusalFor(installation, { teamId: 'T0IGNORED' })).toMatch(/requests from workspace T0IGNORED/);
    expect(refusalFor(installation, { teamId: '<!channel>' })).toMatch(
      /does not answer requests from an unrecognised workspace\.$/,
    );
  });
});
