// An entry from a PubMed export is named by its PMID (`pmid:…`, `PMID:…`, a PubMed link) in
// every command that takes an entry, whether the entry is known by its DOI or by the PMID alone.
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import { CONSOLE_CALLER } from '../../src/platforms/console/session.ts';
import { richToPlain, type Reply } from '../../src/reply.ts';
import { COMMANDS } from '../../commands/index.ts';

const PUBMED_EXPORT = path.resolve('test/fixtures/corpora/pubmed');
/** Has a DOI (10.1016/s0140-6736(18)31310-2), so the index keys it by the DOI. */
const WITH_DOI = { pmid: '30146330', title: /^Alcohol use and burden for 195 countries and territories, 1990-2016/ };
/** Has no DOI: known by its PMID. */
const PMID_ONLY = { pmid: '31857590', title: /^Machine learning for the detection of early immunological markers/ };

let bot: Bot;

beforeAll(async () => {
  bot = new Bot({ commands: COMMANDS, corpus: await Corpus.load(PUBMED_EXPORT), logger: silentLogger() });
});

const line = (text: string): Promise<Reply> => bot.runLine(text, CONSOLE_CALLER);
const titleOf = (reply: Reply): string => {
  if (reply.tone === 'error') throw new Error(`expected an entry, got: ${reply.fallback}`);
  return reply.cards[0]?.title ?? '';
};

describe('refs by PubMed id', () => {
  for (const entry of [WITH_DOI, PMID_ONLY]) {
    it(`summary finds PMID ${entry.pmid} written as pmid:, PMID:, "PMID n" and a PubMed link, and shows the PMID`, async () => {
      for (const ref of [
        `pmid:${entry.pmid}`,
        `PMID:${entry.pmid}`,
        `PMID ${entry.pmid}`,
        `https://pubmed.ncbi.nlm.nih.gov/${entry.pmid}/`,
      ]) {
        const reply = await line(`/paper summary ${ref}`);
        expect(titleOf(reply), ref).toMatch(entry.title);
        expect(reply.cards[0]?.fields).toContainEqual({ name: 'PMID', value: entry.pmid, inline: true });
      }
    });
  }

  it('cite, similar and discuss take a PMID as well', async () => {
    const cite = await line(`/paper cite pmid:${WITH_DOI.pmid} bibtex`);
    expect(cite.tone).not.toBe('error');
    expect(cite.fallback).toMatch(/Alcohol use and burden/);
    expect(cite.fallback).toContain('10.1016/s0140-6736(18)31310-2');

    const similar = await bot.run('paper-similar', { entry: `PMID:${PMID_ONLY.pmid}` }, CONSOLE_CALLER);
    expect(similar.tone).not.toBe('error');
    expect(similar.fallback).toMatch(/Machine learning for the detection/);

    // Found, then refused only because the console has no threads: not "no entry matches".
    const discuss = await line(`/paper discuss pmid:${PMID_ONLY.pmid}`);
    expect(discuss.fallback).toMatch(/Discussion threads live in Discord and Slack channels/);
  });

  it('names the PMID when no entry has it, and never answers with another entry', async () => {
    for (const ref of ['pmid:99999999', 'PMID:99999999']) {
      const reply = await line(`/paper summary ${ref}`);
      expect(reply.tone).toBe('error');
      expect(richToPlain(reply.text)).toBe(
        `No entry in the corpus has PubMed id 99999999 ("${ref}"). Search with /paper first, or use its DOI.`,
      );
    }
  });
});
