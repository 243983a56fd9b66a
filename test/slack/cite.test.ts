// Cite on the loopback Slack (HTTP mode): the button answers privately through response_url
// with citation-js's records as code blocks; a record too long to show is uploaded to the
// person's direct messages with the bot through Slack's external-upload flow.
import { afterEach, describe, expect, it } from 'vitest';
import { citationJs, entryByRef } from '../support/citations.ts';
import { TempDirs, frontMatterEntry } from '../support/corpus-files.ts';
import { SlackHarnesses } from '../support/slack-app.ts';
import { buttonsOf, limitViolations, mrkdwnTexts } from '../support/slack-blocks.ts';
import { blockActionsForm, postSigned, slashCommandForm, TEST_USER } from '../support/slack-requests.ts';

const harnesses = new SlackHarnesses();
const dirs = new TempDirs();
afterEach(async () => {
  await harnesses.stopAll();
  await dirs.cleanup();
});

const CONSORTIUM = Array.from({ length: 400 }, (_, index) => `Author${index}, Given${index}`).join('; ');

// citation-js loads its CSL engine, styles and locales on first use: seconds on a busy machine.
describe('Cite on Slack', { timeout: 120_000 }, () => {
  it('answers the Cite button privately with the RIS record as a code block', async () => {
    const corpusDir = await dirs.withSeeds();
    const { standIn, eventsUrl, bot } = await harnesses.start({ corpusDir });
    const summary = await postSigned(
      eventsUrl,
      slashCommandForm({ text: 'summary S-EPMC8546390', responseUrl: standIn.responseUrl() }),
    );
    const cite = buttonsOf(summary.json).find((button) => button.text === 'Cite');
    expect(cite).toBeDefined();

    await postSigned(
      eventsUrl,
      blockActionsForm({
        actionId: cite?.actionId ?? '',
        value: cite?.value ?? '',
        responseUrl: standIn.responseUrl(),
      }),
    );
    const posted = await standIn.nextResponse();
    expect(posted.body['response_type']).toBe('ephemeral');
    expect(limitViolations(posted.body)).toEqual([]);
    const ris = citationJs(entryByRef(bot.corpus, 'S-EPMC8546390'), 'ris');
    expect(mrkdwnTexts(posted.body)).toContainEqual(expect.stringContaining(`\`\`\`\n${ris}\n\`\`\``));
    expect(standIn.uploads).toEqual([]);
  });

  it("uploads a record too long to show to the person's direct messages, whole", async () => {
    const corpusDir = await dirs.withSeeds({
      'consortium.md': frontMatterEntry({
        title: 'A consortium paper',
        doi: '10.5555/consortium',
        authors: CONSORTIUM,
        year: 2022,
      }),
    });
    const { standIn, eventsUrl, bot } = await harnesses.start({ corpusDir });
    const answer = await postSigned(
      eventsUrl,
      slashCommandForm({ text: 'cite 10.5555/consortium ris', responseUrl: standIn.responseUrl() }),
    );
    expect(answer.json?.['response_type']).toBe('ephemeral');
    expect(limitViolations(answer.json)).toEqual([]);
    expect(mrkdwnTexts(answer.json).join('\n')).toContain(
      '10.5555_consortium-ris.ris: sent to your direct messages with paperbot',
    );

    await expect.poll(() => standIn.uploads[0]?.completed).toBeDefined();
    const consortium = entryByRef(bot.corpus, '10.5555/consortium');
    const upload = standIn.uploads[0];
    expect(upload?.filename).toBe('10.5555_consortium-ris.ris');
    expect(upload?.data?.toString('utf8')).toBe(`${citationJs(consortium, 'ris')}\n`);
    expect(upload?.completed?.channelId).toBe(`D${TEST_USER}`);
    expect(standIn.callsTo('conversations.open').map((call) => call.params['users'])).toEqual([TEST_USER]);
  });
});
