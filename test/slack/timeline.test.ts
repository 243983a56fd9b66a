// Timeline on the loopback Slack (HTTP mode): pressing Timeline answers privately and uploads
// the chart to the person's direct messages; sharing it uploads it to the channel — both
// through files.getUploadURLExternal, the upload URL and files.completeUploadExternal.
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { CHART_HEIGHT, CHART_WIDTH } from '../../src/chart/timeline-chart.ts';
import { TempDirs } from '../support/corpus-files.ts';
import { SlackHarnesses } from '../support/slack-app.ts';
import { buttonsOf, limitViolations, mrkdwnTexts } from '../support/slack-blocks.ts';
import { blockActionsForm, postSigned, slashCommandForm, TEST_CHANNEL, TEST_USER } from '../support/slack-requests.ts';
import { ORGANOID_TOTAL, organoidCorpus } from '../support/timeline-corpus.ts';

const harnesses = new SlackHarnesses();
const dirs = new TempDirs();
afterEach(async () => {
  await harnesses.stopAll();
  await dirs.cleanup();
});

describe('Timeline on Slack', { timeout: 120_000 }, () => {
  it('uploads the chart privately on Timeline, and to the channel on Share', async () => {
    const { standIn, eventsUrl } = await harnesses.start({ corpusDir: await dirs.make(organoidCorpus()) });
    const search = await postSigned(
      eventsUrl,
      slashCommandForm({ text: 'organoid', responseUrl: standIn.responseUrl() }),
    );
    const timeline = buttonsOf(search.json).find((button) => button.text === 'Timeline');
    expect(timeline).toBeDefined();

    await postSigned(
      eventsUrl,
      blockActionsForm({
        actionId: timeline?.actionId ?? '',
        value: timeline?.value ?? '',
        responseUrl: standIn.responseUrl(),
      }),
    );
    const posted = await standIn.nextResponse();
    expect(posted.body['response_type']).toBe('ephemeral');
    expect(limitViolations(posted.body)).toEqual([]);
    const texts = mrkdwnTexts(posted.body).join('\n');
    expect(texts).toContain(`Timeline: ${ORGANOID_TOTAL} entries match "organoid"`);
    expect(texts).toContain('timeline.png: sent to your direct messages with paperbot');

    await expect.poll(() => standIn.uploads[0]?.completed, { timeout: 60_000 }).toBeDefined();
    const [privately] = standIn.uploads;
    expect(privately?.filename).toBe('timeline.png');
    expect(privately?.completed?.channelId).toBe(`D${TEST_USER}`);
    const png = PNG.sync.read(privately?.data ?? Buffer.alloc(0));
    expect([png.width, png.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);

    const share = buttonsOf(posted.body).find((button) => button.text === 'Share in channel');
    await postSigned(
      eventsUrl,
      blockActionsForm({
        actionId: share?.actionId ?? '',
        value: share?.value ?? '',
        responseUrl: standIn.responseUrl(),
      }),
    );
    await expect.poll(() => standIn.uploads[1]?.completed, { timeout: 60_000 }).toBeDefined();
    expect(standIn.uploads[1]?.completed?.channelId).toBe(TEST_CHANNEL);
    expect(standIn.uploads[1]?.completed?.initialComment).toContain('entries match');
  });

  it('tells the person privately when Slack refuses the upload', async () => {
    const { standIn, eventsUrl } = await harnesses.start({ corpusDir: await dirs.make(organoidCorpus()) });
    standIn.completeUploadError = 'not_in_channel';
    await postSigned(eventsUrl, slashCommandForm({ text: 'timeline organoid', responseUrl: standIn.responseUrl() }));
    const refusal = await standIn.nextResponse();
    expect(refusal.body['response_type']).toBe('ephemeral');
    expect(mrkdwnTexts(refusal.body).join('\n')).toContain('invite it to the channel first');
  });
});
