import type { GeneratedCorpus, PlacedRecord } from './corpus/generate.ts';
import { Random } from './corpus/random.ts';
import { wordsOf, type TextModel } from './corpus/text-model.ts';

export type QueryCategory = 'known-item' | 'known-item-typo' | 'common' | 'rare' | 'prefix' | 'filtered' | 'phrase';

export interface BenchQuery {
  /** What a user types after `/paper`. */
  readonly text: string;
  /** The same words without filter syntax: what stock MiniSearch can be asked. */
  readonly stockText: string;
  readonly category: QueryCategory;
  /** For known-item queries: the entry that must come back in the top five. */
  readonly expectedKey?: string;
}

/** How many of each kind: 520 in all, known items the largest share (they carry the recall check). */
const PLAN: Readonly<Record<QueryCategory, number>> = {
  'known-item': 200,
  'known-item-typo': 50,
  common: 50,
  rare: 50,
  prefix: 50,
  filtered: 80,
  phrase: 40,
};
const SKIP = new Set(
  'about after also among analysis based between during effect effects from have into more most other over results study studies such than that their there these this those through using were what when where which while with within without'.split(
    ' ',
  ),
);

/** The fixed query set for one corpus: the same seed and corpus give the same queries, in the same order. */
export function buildQueries(corpus: GeneratedCorpus, model: TextModel, seed: number): BenchQuery[] {
  const random = new Random(seed ^ 0x9e37);
  const df = (word: string): number => model.documentFrequency.get(word.toLowerCase()) ?? 0;
  const content = [...model.documentFrequency].filter(([word]) => /^[a-z]{4,}$/.test(word) && !SKIP.has(word));
  const byFrequency = [...content].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const common = byFrequency.slice(0, 40).map(([word]) => word);
  const rare = content
    .filter(([word, count]) => count <= 2 && word.length >= 7)
    .map(([word]) => word)
    .sort();
  const queries: BenchQuery[] = [];
  const add = (text: string, category: QueryCategory, expectedKey?: string, stockText?: string): void => {
    queries.push({ text, category, expectedKey, stockText: stockText ?? stockWords(text) });
  };

  const knownItems = random.shuffle(corpus.realRecords.filter((placed) => placed.key)).flatMap((placed) => {
    const words = distinctiveWords(placed, df, random);
    return words.length >= 2 ? [{ placed, words }] : [];
  });
  for (const { placed, words } of knownItems.slice(0, PLAN['known-item']))
    add(words.join(' '), 'known-item', placed.key);
  for (const { placed, words } of knownItems.slice(PLAN['known-item'], PLAN['known-item'] + PLAN['known-item-typo'])) {
    const longest = words.reduce((a, b) => (b.length > a.length ? b : a));
    add(
      words.map((word) => (word === longest ? withTypo(word, random) : word)).join(' '),
      'known-item-typo',
      placed.key,
    );
  }
  for (let i = 0; i < PLAN.common; i++) add(random.shuffle(common).slice(0, random.int(1, 2)).join(' '), 'common');
  for (let i = 0; i < PLAN.rare; i++)
    add(random.chance(0.7) ? random.pick(rare) : `${random.pick(rare)} ${random.pick(common)}`, 'rare');
  for (let i = 0; i < PLAN.prefix; i++) {
    const word = random.pick(byFrequency.slice(0, 400))[0];
    const partial = word.slice(0, random.int(3, Math.max(3, word.length - 2)));
    add(random.chance(0.5) ? `${random.pick(common)} ${partial}` : partial, 'prefix');
  }
  const titleBigrams = corpus.realRecords.flatMap((placed) => {
    const words = wordsOf(placed.record.title)
      .map((word) => word.toLowerCase())
      .filter((word) => /^[a-z]{3,}$/.test(word));
    return words
      .slice(1)
      .map((word, i) => `${words[i]} ${word}`)
      .filter((pair) => pair.split(' ').every((word) => !SKIP.has(word)));
  });
  for (let i = 0; i < PLAN.phrase; i++) {
    const phrase = `"${random.pick(titleBigrams)}"`;
    add(random.chance(0.5) ? `${phrase} ${random.pick(common)}` : phrase, 'phrase');
  }
  const surnames = corpus.surnames.length ? corpus.surnames : ['Wang'];
  const filters = [
    () => `year:${random.int(1995, 2025)}`,
    () => `year:${random.int(1995, 2015)}..${random.int(2016, 2026)}`,
    () => `kind:${random.chance(0.5) ? 'dataset' : 'paper'}`,
    () => `author:${random.pick(surnames).split(' ')[0]}`,
    () => `-${random.pick(common)}`,
  ];
  for (let i = 0; i < PLAN.filtered; i++) {
    const parts = [random.pick(filters)()];
    if (random.chance(0.3)) parts.push(random.pick(filters)());
    const filterOnly = i % 10 === 0 && !parts.some((part) => part.startsWith('-'));
    const words = filterOnly ? [] : random.shuffle(common).slice(0, random.int(1, 2));
    add([...words, ...parts].join(' '), 'filtered');
  }
  return queries;
}

/**
 * Queries to run before measuring, as a running bot has run others before: the same mix from
 * the next seed, without any of the measured ones, so no measured query finds its own pages
 * already read.
 */
export function warmUpQueries(
  corpus: GeneratedCorpus,
  model: TextModel,
  seed: number,
  measured: readonly BenchQuery[],
): string[] {
  const texts = new Set(measured.map((query) => query.text));
  return buildQueries(corpus, model, seed + 1)
    .map((query) => query.text)
    .filter((text) => !texts.has(text));
}

/** The rarest content words of a record's title (2 to 4), in title order: what someone who read it would type. */
function distinctiveWords(placed: PlacedRecord, df: (word: string) => number, random: Random): string[] {
  const words = [...new Set(wordsOf(placed.record.title).map((word) => word.toLowerCase()))].filter(
    (word) => /^[a-z][a-z0-9-]{3,}$/.test(word) && !SKIP.has(word),
  );
  const chosen = new Set([...words].sort((a, b) => df(a) - df(b) || a.localeCompare(b)).slice(0, random.int(2, 4)));
  return words.filter((word) => chosen.has(word));
}

/** One edit in the middle of the word: a swap, a dropped, doubled or changed letter. */
function withTypo(word: string, random: Random): string {
  const at = random.int(1, word.length - 2);
  switch (random.int(0, 3)) {
    case 0:
      return word.slice(0, at) + (word[at + 1] ?? '') + (word[at] ?? '') + word.slice(at + 2);
    case 1:
      return word.slice(0, at) + word.slice(at + 1);
    case 2:
      return word.slice(0, at) + (word[at] ?? '') + word.slice(at);
    default:
      return (
        word.slice(0, at) +
        String.fromCharCode(97 + ((word.charCodeAt(at) - 97 + random.int(1, 25)) % 26)) +
        word.slice(at + 1)
      );
  }
}

/** Query text without filters: words and phrase words stay, `-word` and `name:value` go (values kept when nothing else is left). */
export function stockWords(text: string): string {
  const tokens = text.replace(/"/g, ' ').split(/\s+/).filter(Boolean);
  const words = tokens.filter((token) => !token.startsWith('-') && !/^[a-z]+:/i.test(token));
  if (words.length) return words.join(' ');
  return tokens
    .filter((token) => /^[a-z]+:/i.test(token))
    .map((token) => token.replace(/^[a-z]+:/i, '').replace(/\.\./g, ' '))
    .join(' ');
}
