import type { RichText } from '../reply.ts';
import { processTerm } from './fields.ts';

export const SNIPPET_LENGTH = 240;

/**
 * The window of `text` that holds the most matched terms, with those words marked, so a
 * reader sees why the entry matched. Without matches it is the opening of the text.
 */
export function makeSnippet(text: string, matchedTerms: readonly string[], length = SNIPPET_LENGTH): RichText {
  if (!text) return [];
  const terms = new Set(matchedTerms.map((term) => term.toLowerCase()));
  const words = [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)];
  const isMatch = (word: string): boolean => {
    const term = processTerm(word);
    return term !== null && (terms.has(term) || term.split('-').some((part) => terms.has(part)));
  };
  const hits = words.filter((word) => isMatch(word[0])).map((word) => word.index ?? 0);

  let start = 0;
  if (hits.length) {
    let best = 0;
    let bestCount = -1;
    for (const hit of hits) {
      const count = hits.filter((other) => other >= hit && other < hit + length).length;
      if (count > bestCount) {
        best = hit;
        bestCount = count;
      }
    }
    start = Math.max(0, best - Math.floor(length / 4));
    const sentenceStart = text.lastIndexOf('. ', best);
    if (sentenceStart >= start - 40 && sentenceStart >= 0 && sentenceStart < best) start = sentenceStart + 2;
    const space = text.indexOf(' ', start);
    if (start > 0 && space >= 0 && space < best) start = space + 1;
  }
  let end = Math.min(text.length, start + length);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start + length / 2) end = space;
  }

  const segments: { text: string; strong?: boolean }[] = [];
  if (start > 0) segments.push({ text: '… ' });
  let cursor = start;
  for (const word of words) {
    const at = word.index ?? 0;
    if (at < start || at + word[0].length > end || !isMatch(word[0])) continue;
    if (at > cursor) segments.push({ text: text.slice(cursor, at) });
    segments.push({ text: word[0], strong: true });
    cursor = at + word[0].length;
  }
  if (cursor < end) segments.push({ text: text.slice(cursor, end) });
  if (end < text.length) segments.push({ text: ' …' });
  return segments;
}
