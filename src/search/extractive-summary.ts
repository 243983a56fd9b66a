import { processTerm } from './fields.ts';

const MAX_SENTENCES = 3;
const MAX_CHARACTERS = 700;

/**
 * A deterministic extractive summary: the abstract's sentences scored by how many of the
 * abstract's frequent words they hold, the best two or three kept in their original order.
 */
export function extractiveSummary(abstract: string): string {
  const sentences = splitSentences(abstract);
  if (sentences.length <= 2) return sentences.join(' ');
  const frequency = new Map<string, number>();
  const termsOf = sentences.map((sentence) => termsIn(sentence));
  for (const terms of termsOf) for (const term of new Set(terms)) frequency.set(term, (frequency.get(term) ?? 0) + 1);

  const scored = sentences.map((sentence, index) => {
    const terms = termsOf[index] ?? [];
    const weight = terms.reduce((sum, term) => sum + ((frequency.get(term) ?? 1) - 1), 0);
    // The opening sentence usually states the topic; length normalisation stops long sentences winning by size.
    const position = index === 0 ? 1.5 : 1;
    return { sentence, index, score: (weight / Math.sqrt(terms.length + 1)) * position };
  });
  const chosen = [...scored].sort((a, b) => b.score - a.score || a.index - b.index);
  const kept: typeof scored = [];
  let length = 0;
  for (const candidate of chosen) {
    if (kept.length >= MAX_SENTENCES) break;
    if (kept.length >= 2 && length + candidate.sentence.length > MAX_CHARACTERS) continue;
    kept.push(candidate);
    length += candidate.sentence.length;
  }
  return kept
    .sort((a, b) => a.index - b.index)
    .map((item) => item.sentence)
    .join(' ');
}

/** Sentence ends, but not in `P = 0.0198`, `e.g.`, `et al.` or initials. */
export function splitSentences(text: string): string[] {
  const protectedText = text.replace(/\b(e\.g|i\.e|et al|vs|Fig|approx|ca)\./gi, (match) =>
    match.replace(/\./g, '\u0000'),
  );
  return protectedText
    .split(/(?<=[.!?])\s+(?=[A-Z0-9(“"])/)
    .map((sentence) => sentence.replace(/\u0000/g, '.').trim())
    .filter((sentence) => sentence.length > 0);
}

function termsIn(sentence: string): string[] {
  return [...sentence.matchAll(/[\p{L}][\p{L}\p{N}-]{2,}/gu)].flatMap((match) => processTerm(match[0]) ?? []);
}
