import { afterEach, describe, expect, it } from 'vitest';
import type { CommandDefinition } from '../../src/command-types.ts';
import { COMMANDS } from '../../commands/index.ts';
import { fallbackText, type Reply } from '../../src/reply.ts';
import { frontMatterEntry, TempDirs } from '../support/corpus-files.ts';
import { SlackHarnesses } from '../support/slack-app.ts';
import { buttonsOf, headerOf, limitViolations, mrkdwnTexts, visibleTexts } from '../support/slack-blocks.ts';
import { blockActionsForm, postSigned, slashCommandForm } from '../support/slack-requests.ts';

const harnesses = new SlackHarnesses();
const temp = new TempDirs();
afterEach(async () => {
  await harnesses.stopAll();
  await temp.cleanup();
});

const HOSTILE_TITLE =
  'Hostile <!channel> entry <https://evil.example/x|click here> *now* _quick_ ~gone~ `code` <@U123> <!subteam^S0TEAM|@team> <!here> @everyone & co';

describe('corpus text on Slack is shown, never acted on', () => {
  it('escapes mentions, forged links and formatting in a title', async () => {
    const corpusDir = await temp.make({
      'hostile.md': frontMatterEntry({
        title: HOSTILE_TITLE,
        doi: '10.1/hostile',
        authors: 'Doe, Jane',
        abstract: 'A hostile abstract <!everyone> about nothing.',
      }),
    });
    const { standIn, eventsUrl } = await harnesses.start({ corpusDir });
    const answer = await postSigned(
      eventsUrl,
      slashCommandForm({ text: 'hostile', responseUrl: standIn.responseUrl() }),
    );

    const marked = mrkdwnTexts(answer.json);
    const all = marked.join('\n');
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('&lt;https://evil.example/x|click here&gt;');
    expect(all).toContain('&lt;@U123&gt;');
    expect(all).toContain('&amp; co');
    for (const text of marked) {
      // The only markup left is our own link to the entry, and our own bold around it.
      expect(text.replace(/<https:\/\/doi\.org\/10\.1\/hostile\|/g, '')).not.toMatch(/<[!@#]|<https?:/);
      expect(text).not.toMatch(/(^|\s)@everyone\b/);
    }
    expect(all).toContain('\u2217now\u2217');
    expect(all).toContain('\u02CDquick\u02CD');
    expect(all).toContain('\u223Cgone\u223C');
    expect(all).toContain('\u02CBcode\u02CB');
    expect(limitViolations(answer.json)).toEqual([]);
  });

  it('keeps a 10 000-character abstract within every limit, ending what is cut with an ellipsis', async () => {
    const abstract = Array.from(
      { length: 500 },
      (_, index) => `Sentence ${index} about longabstract cohorts & <tags> in detail.`,
    )
      .join(' ')
      .slice(0, 10_000);
    expect(abstract.length).toBe(10_000);
    const corpusDir = await temp.make({
      'long.md': frontMatterEntry({ title: 'A very long abstract', doi: '10.1/long', authors: 'Doe, Jane', abstract }),
    });
    const { standIn, eventsUrl } = await harnesses.start({ corpusDir });

    const search = await postSigned(
      eventsUrl,
      slashCommandForm({ text: 'longabstract', responseUrl: standIn.responseUrl() }),
    );
    const summary = await postSigned(
      eventsUrl,
      slashCommandForm({ text: 'summary 10.1/long', responseUrl: standIn.responseUrl() }),
    );

    for (const answer of [search, summary]) {
      expect(answer.status).toBe(200);
      expect(limitViolations(answer.json)).toEqual([]);
      expect(visibleTexts(answer.json).join('\n')).toContain('A very long abstract');
    }
    expect(visibleTexts(summary.json).join('\n')).toContain('longabstract cohorts &amp; &lt;tags&gt;');
  });
});

describe('paging on Slack', () => {
  async function pagedCorpus(): Promise<string> {
    const files: Record<string, string> = {};
    for (let index = 1; index <= 7; index += 1) {
      files[`zebrafish-${index}.md`] = frontMatterEntry({
        title: `Zebrafish regeneration study ${index}`,
        doi: `10.1/zf${index}`,
        authors: 'Doe, Jane',
        abstract: `Zebrafish fin regeneration, part ${index}.`,
      });
    }
    return temp.make(files);
  }

  it('turns a private result to the next page in place', async () => {
    const { standIn, eventsUrl } = await harnesses.start({ corpusDir: await pagedCorpus() });
    const first = await postSigned(
      eventsUrl,
      slashCommandForm({ text: 'zebrafish', responseUrl: standIn.responseUrl() }),
    );
    expect(headerOf(first.json)).toMatch(/page 1 of 2/);
    const next = buttonsOf(first.json).find((button) => button.text.startsWith('Next'));
    expect(next).toBeDefined();

    await postSigned(
      eventsUrl,
      blockActionsForm({
        actionId: next?.actionId ?? '',
        value: next?.value ?? '',
        responseUrl: standIn.responseUrl(),
        isEphemeral: true,
      }),
    );
    const second = await standIn.nextResponse();

    expect(second.body['replace_original']).toBe(true);
    expect(headerOf(second.body)).toMatch(/page 2 of 2/);
    expect(buttonsOf(second.body).map((button) => button.text)).toContain('◀ Prev');
    expect(visibleTexts(second.body).filter((text) => text.includes('Zebrafish regeneration study'))).toHaveLength(2);
  });

  it('opens a private copy instead of turning the page of a message the whole channel sees', async () => {
    const { standIn, eventsUrl } = await harnesses.start({ corpusDir: await pagedCorpus() });
    const first = await postSigned(
      eventsUrl,
      slashCommandForm({ text: 'zebrafish', responseUrl: standIn.responseUrl() }),
    );
    const next = buttonsOf(first.json).find((button) => button.text.startsWith('Next'));

    await postSigned(
      eventsUrl,
      blockActionsForm({
        actionId: next?.actionId ?? '',
        value: next?.value ?? '',
        responseUrl: standIn.responseUrl(),
        isEphemeral: false,
      }),
    );
    const copy = await standIn.nextResponse();

    expect(copy.body['replace_original']).toBe(false);
    expect(copy.body['response_type']).toBe('ephemeral');
    expect(headerOf(copy.body)).toMatch(/page 2 of 2/);
  });
});

describe('a command that takes longer than the ack window', () => {
  it('acks empty, then answers through the response_url', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow: CommandDefinition = {
      name: 'paper-slow',
      description: 'Answers when the test lets it',
      textName: 'slow',
      example: '/paper slow',
      options: [],
      handler: async (): Promise<Reply> => {
        await gate;
        const cards = [{ title: 'Late but here' }];
        return {
          tone: 'result',
          heading: 'Slow answer',
          cards,
          actions: [],
          ephemeral: false,
          fallback: fallbackText({ heading: 'Slow answer', cards }),
        };
      },
    };
    const corpusDir = await temp.withSeeds();
    const { standIn, eventsUrl } = await harnesses.start({
      corpusDir,
      commands: [...COMMANDS, slow],
      replyWithinMs: 50,
    });

    const ack = await postSigned(eventsUrl, slashCommandForm({ text: 'slow', responseUrl: standIn.responseUrl() }));
    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    expect(standIn.responsesReceived).toEqual([]);

    release();
    const answer = await standIn.nextResponse();
    expect(answer.body['response_type']).toBe('ephemeral');
    expect(headerOf(answer.body)).toBe('Slow answer');
    expect(visibleTexts(answer.body).join('\n')).toContain('Late but here');
  });
});
