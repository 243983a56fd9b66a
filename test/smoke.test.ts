import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { Corpus } from '../src/corpus/corpus.ts';
import { Bot } from '../src/bot.ts';
import { silentLogger } from '../src/logger.ts';
import { CONSOLE_CALLER } from '../src/platforms/console/session.ts';

describe('the shipped corpus', () => {
  it('answers /paper MSC COVID with both seed entries', async () => {
    const corpus = await Corpus.load(path.resolve('corpus'));
    const bot = new Bot({ corpus, logger: silentLogger() });
    const reply = await bot.runLine('/paper MSC COVID', CONSOLE_CALLER);
    expect(reply.cards.map((card) => card.title)).toEqual(
      expect.arrayContaining([
        'Transplantation of ACE2(-) Mesenchymal Stem Cells Improves the Outcome of Patients with COVID-19 Pneumonia',
        'Mesenchymal stem cell treatment improves outcome of COVID-19 patients via multiple immunomodulatory mechanisms.',
      ]),
    );
  });
});
