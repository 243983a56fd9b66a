// Links become cards on Slack: link_shared -> chat.unfurl with the entry's card, other links left alone.
import { afterEach, describe, expect, it } from 'vitest';
import { SHIPPED_CORPUS, SEED_DATASET_TITLE, SEED_PAPER_TITLE } from '../support/corpus-files.ts';
import { SlackHarnesses } from '../support/slack-app.ts';
import { limitViolations, visibleTexts } from '../support/slack-blocks.ts';
import { linkSharedEvent, postEvent } from '../support/slack-events.ts';
import { postSigned, slashCommandForm, TEST_BOT_TOKEN, TEST_CHANNEL } from '../support/slack-requests.ts';
import { eventually, sleep } from '../notify/entry-files.ts';
import type { SlackStandIn } from '../support/slack-standin.ts';

const harnesses = new SlackHarnesses();
afterEach(() => harnesses.stopAll());

const PAPER_LINK = 'https://doi.org/10.14336/AD.2020.0228';
const DATASET_LINK = 'https://www.ebi.ac.uk/biostudies/studies/S-EPMC8546390';
const UNKNOWN_DOI_LINK = 'https://doi.org/10.5555/not-in-the-corpus';

function unfurlsSent(standIn: SlackStandIn): Record<string, unknown>[] {
  return standIn
    .callsTo('chat.unfurl')
    .map((call) => ({ ...call.params, unfurls: JSON.parse(call.params['unfurls'] ?? '{}') as unknown }));
}

describe('Slack link unfurling', () => {
  it('unfurls doi.org and BioStudies links naming corpus entries with their cards, and leaves other links alone', async () => {
    const { standIn, eventsUrl } = await harnesses.start({ corpusDir: SHIPPED_CORPUS });
    const answer = await postEvent(eventsUrl, linkSharedEvent([PAPER_LINK, UNKNOWN_DOI_LINK, DATASET_LINK]));
    expect(answer.status).toBe(200);

    const [call] = await eventually('chat.unfurl', () =>
      standIn.callsTo('chat.unfurl').length ? unfurlsSent(standIn) : undefined,
    );
    expect(call).toMatchObject({ channel: TEST_CHANNEL, ts: '1700000100.000100' });
    expect(standIn.callsTo('chat.unfurl')[0]?.authorization).toBe(`Bearer ${TEST_BOT_TOKEN}`);
    const unfurls = call?.['unfurls'] as Record<string, { fallback: string; blocks: unknown[] }>;
    expect(Object.keys(unfurls)).toEqual([PAPER_LINK, DATASET_LINK]);
    const paper = unfurls[PAPER_LINK];
    const dataset = unfurls[DATASET_LINK];
    expect(visibleTexts(paper).join('\n')).toContain(SEED_PAPER_TITLE);
    expect(visibleTexts(paper).join('\n')).toContain('DOI: 10.14336/AD.2020.0228');
    expect(visibleTexts(dataset).join('\n')).toContain(SEED_DATASET_TITLE);
    for (const unfurl of [paper, dataset]) {
      expect(limitViolations({ text: unfurl?.fallback, blocks: unfurl?.blocks })).toEqual([]);
      expect(JSON.stringify(unfurl)).not.toContain('"actions"');
    }
  });

  it('calls nothing when no link names an entry, and answers a Slack retry without unfurling twice', async () => {
    const { standIn, eventsUrl } = await harnesses.start({ corpusDir: SHIPPED_CORPUS });
    await postEvent(eventsUrl, linkSharedEvent([UNKNOWN_DOI_LINK, 'https://doi.org/']));
    const retry = await postEvent(eventsUrl, linkSharedEvent([PAPER_LINK]), {
      'X-Slack-Retry-Num': '1',
      'X-Slack-Retry-Reason': 'http_timeout',
    });
    expect(retry.status).toBe(200);
    await postEvent(eventsUrl, linkSharedEvent([DATASET_LINK], '1700000200.000200'));
    await eventually('the later unfurl', () => standIn.callsTo('chat.unfurl').length > 0);
    await sleep(200);
    expect(unfurlsSent(standIn).map((call) => [call['ts'], Object.keys(call['unfurls'] as object)])).toEqual([
      ['1700000200.000200', [DATASET_LINK]],
    ]);
  });

  it('never unfurls a link of 200 000 characters, and answers others meanwhile', async () => {
    const { standIn, eventsUrl } = await harnesses.start({ corpusDir: SHIPPED_CORPUS });
    const long = `${PAPER_LINK}?from=${'a'.repeat(200_000)}`;
    const shared = postEvent(eventsUrl, linkSharedEvent([long, DATASET_LINK]));
    const search = await postSigned(
      eventsUrl,
      slashCommandForm({ text: 'MSC COVID', userId: 'U0OTHER', responseUrl: standIn.responseUrl() }),
    );
    expect(visibleTexts(search.json).join('\n')).toContain(SEED_PAPER_TITLE);
    expect((await shared).status).toBe(200);
    await eventually('chat.unfurl', () => standIn.callsTo('chat.unfurl').length > 0);
    expect(unfurlsSent(standIn).map((call) => Object.keys(call['unfurls'] as object))).toEqual([[DATASET_LINK]]);
  });

  it("unfurls only when the link's own host and path name the entry, not a redirect's query", async () => {
    const { standIn, eventsUrl } = await harnesses.start({ corpusDir: SHIPPED_CORPUS });
    const redirects = [
      'https://www.ebi.ac.uk/redirect?url=https://www.ebi.ac.uk/biostudies/studies/S-EPMC8546390',
      'https://www.omicsdi.org/search?q=omicsdi.org/dataset/biostudies-literature/S-EPMC8546390',
      'https://doi.org/?redirect=10.14336/AD.2020.0228',
      'https://www.ebi.ac.uk/go#/biostudies/studies/S-EPMC8546390',
    ];
    await postEvent(eventsUrl, linkSharedEvent(redirects));
    await postEvent(eventsUrl, linkSharedEvent([`${PAPER_LINK}?utm_source=chat`], '1700000300.000300'));
    await eventually('the later unfurl', () => standIn.callsTo('chat.unfurl').length > 0);
    await sleep(200);
    expect(unfurlsSent(standIn).map((call) => [call['ts'], Object.keys(call['unfurls'] as object)])).toEqual([
      ['1700000300.000300', [`${PAPER_LINK}?utm_source=chat`]],
    ]);
  });
});
