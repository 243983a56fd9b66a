import type { RealRecord } from '../data/europepmc.ts';
import { type Random, WeightedSampler } from './random.ts';

/**
 * Word, name and journal frequencies taken from the real records, and a generator that writes
 * new text with them. Real text is bursty (a paper repeats its own words) and its vocabulary
 * keeps growing with the corpus; the generator imitates both, so a 100 000-entry corpus has
 * long posting lists for common words and a long tail of rare ones, as a real one would.
 */
export interface TextModel {
  readonly abstractWords: WeightedSampler<string>;
  readonly titleWords: WeightedSampler<string>;
  readonly surnames: WeightedSampler<string>;
  readonly givenNames: WeightedSampler<string>;
  readonly journals: WeightedSampler<string>;
  /** Lower-cased word -> real records whose title or abstract holds it. */
  readonly documentFrequency: ReadonlyMap<string, number>;
  /** Three-letter pieces of real words, for words the real records never used. */
  readonly pieces: readonly string[];
}

/** A word already used in the document comes back this often (burstiness). */
const REPEAT_CHANCE = 0.22;
/** This share of words comes from beyond the real vocabulary (rare names, compounds, codes). */
const NOVEL_CHANCE = 0.035;
/** Novel words are drawn log-uniformly from this many, so new ones keep appearing as N grows. */
const NOVEL_VOCABULARY = 3_000_000;

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’+-]*[\p{L}\p{N}+]|[\p{L}\p{N}]/gu;

/** Text of a source abstract without markup, for counting words (the corpus itself keeps the markup). */
export function plainText(text: string): string {
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#\d+|#x[0-9a-f]+);/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function wordsOf(text: string): string[] {
  return plainText(text).match(WORD) ?? [];
}

export function buildTextModel(records: readonly RealRecord[]): TextModel {
  const abstractCounts = new Map<string, number>();
  const titleCounts = new Map<string, number>();
  const documentFrequency = new Map<string, number>();
  const surnames = new Map<string, number>();
  const givenNames = new Map<string, number>();
  const journals = new Map<string, number>();
  const pieces = new Set<string>();
  const count = (map: Map<string, number>, key: string): void => {
    map.set(key, (map.get(key) ?? 0) + 1);
  };
  for (const record of records) {
    const titleWords = wordsOf(record.title);
    const abstractWords = wordsOf(record.abstract);
    for (const word of titleWords) count(titleCounts, word);
    for (const word of abstractWords) count(abstractCounts, word);
    for (const word of new Set([...titleWords, ...abstractWords].map((word) => word.toLowerCase())))
      count(documentFrequency, word);
    for (const word of abstractWords) if (/^[a-z]{6,}$/.test(word)) pieces.add(word.slice(0, 3)).add(word.slice(3, 6));
    for (const name of record.authors) {
      const parts = name.split(/\s+/);
      if (parts.length >= 2 && /^\p{Lu}{1,4}$/u.test(parts.at(-1) ?? '')) count(surnames, parts.slice(0, -1).join(' '));
      else if (parts.length >= 2) {
        count(surnames, parts.at(-1) as string);
        if (/^\p{Lu}\p{Ll}+$/u.test(parts[0] as string)) count(givenNames, parts[0] as string);
      }
    }
    if (record.journal) count(journals, record.journal);
  }
  return {
    abstractWords: WeightedSampler.fromCounts(abstractCounts),
    titleWords: WeightedSampler.fromCounts(titleCounts),
    surnames: WeightedSampler.fromCounts(surnames),
    givenNames: WeightedSampler.fromCounts(givenNames),
    journals: WeightedSampler.fromCounts(journals),
    documentFrequency,
    pieces: [...pieces].sort(),
  };
}

/** `count` words of running text: sentences of 12–28 words, an occasional comma. */
export function generateAbstract(model: TextModel, random: Random, count: number): string {
  const words = drawWords(model.abstractWords, model, random, count);
  const out: string[] = [];
  let sentenceLeft = 0;
  words.forEach((word, i) => {
    if (sentenceLeft === 0) {
      sentenceLeft = random.int(12, 28);
      word = capitalise(word);
    }
    sentenceLeft--;
    const last = i === words.length - 1 || sentenceLeft === 0;
    out.push(last ? `${word}.` : random.chance(0.06) ? `${word},` : word);
  });
  return out.join(' ');
}

export function generateTitle(model: TextModel, random: Random, count: number): string {
  const words = drawWords(model.titleWords, model, random, count);
  words[0] = capitalise(words[0] ?? 'Untitled');
  return `${words.join(' ')}${random.chance(0.6) ? '.' : ''}`;
}

/** `Surname, Given` names, 3–50 of them, most papers near the low end as in the real records. */
export function generateAuthors(model: TextModel, random: Random): { surname: string; given: string }[] {
  const count = 3 + Math.floor(47 * random.next() ** 3);
  return Array.from({ length: count }, () => ({
    surname: model.surnames.sample(random),
    given: model.givenNames.sample(random),
  }));
}

function drawWords(sampler: WeightedSampler<string>, model: TextModel, random: Random, count: number): string[] {
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    if (words.length > 4 && random.chance(REPEAT_CHANCE)) words.push(random.pick(words));
    else if (random.chance(NOVEL_CHANCE)) words.push(novelWord(model, random));
    else words.push(sampler.sample(random));
  }
  return words;
}

/** A made-up word of real word pieces, the same for the same rank; low ranks are common. */
function novelWord(model: TextModel, random: Random): string {
  const rank = Math.floor(Math.exp(random.next() * Math.log(NOVEL_VOCABULARY)));
  let hash = Math.imul(rank ^ 0x5bd1e995, 0x27d4eb2d) >>> 0;
  const length = 2 + (hash % 3);
  let word = '';
  for (let i = 0; i < length; i++) {
    hash = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) >>> 0;
    word += model.pieces[hash % model.pieces.length];
  }
  return word;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
