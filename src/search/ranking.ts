import { FIELD_BOOSTS, FIELD_COUNT, INDEXED_FIELDS, queryTerms } from './fields.ts';
import type { InvertedIndex } from './inverted-index.ts';
import { TermExpander, type Expansion } from './term-expansion.ts';
import { TopScores } from './top-scores.ts';

/** BM25+ as MiniSearch computes it, per field, so scores keep their old shape. */
const BM25_K = 1.2;
const BM25_B = 0.7;
const BM25_D = 0.5;
/** A query longer than this is cut: more terms add time, not precision. */
const MAX_QUERY_TERMS = 64;
const BOOSTS = Float64Array.from(INDEXED_FIELDS, (field) => FIELD_BOOSTS[field]);

export interface RankRequest {
  /** Free text, split and folded as the index was. */
  readonly text: string;
  /** Whether a term (by position among the query's terms) also matches as a prefix. */
  readonly prefix: (term: string, index: number, terms: readonly string[]) => boolean;
  /** Edits a term may be off by (0: exact only). */
  readonly maxEdits: (term: string) => number;
  readonly combineWith: 'AND' | 'OR';
  /** Documents that may be returned (filters, exclusions); scoring ignores it. */
  readonly accept?: (doc: number) => boolean;
  readonly offset: number;
  readonly limit: number;
}

export interface PlannedTerm {
  readonly text: string;
  /** How often the term occurs in the query; each occurrence adds to the score. */
  readonly repeats: number;
  readonly expansions: readonly Expansion[];
}

export interface Ranked {
  /** Accepted matches in all. */
  readonly total: number;
  /** The requested page, best first. */
  readonly docs: readonly number[];
  readonly scores: readonly number[];
  readonly plan: readonly PlannedTerm[];
}

/**
 * Scores documents for a query with flat per-document accumulators: one pass over the
 * postings of each term, no result objects until the page is chosen. An AND query walks its
 * rarest term first and afterwards only adds to documents still in the running.
 */
export class Ranker {
  private readonly expander: TermExpander;
  private stamp = new Uint32Array(0);
  private scores = new Float64Array(0);
  private matched = new Uint8Array(0);
  private touched = new Int32Array(0);
  /** The last query term (by position) that matched each document, so each term counts once. */
  private lastTerm = new Int16Array(0);
  private epoch = 0;

  constructor(private readonly index: InvertedIndex) {
    this.expander = new TermExpander(index);
  }

  plan(request: Pick<RankRequest, 'text' | 'prefix' | 'maxEdits'>): PlannedTerm[] {
    const terms = queryTerms(request.text).slice(0, MAX_QUERY_TERMS);
    const byText = new Map<string, { repeats: number; prefix: boolean; maxEdits: number }>();
    terms.forEach((term, i) => {
      const known = byText.get(term);
      const prefix = request.prefix(term, i, terms);
      const maxEdits = request.maxEdits(term);
      if (known) byText.set(term, { repeats: known.repeats + 1, prefix: known.prefix || prefix, maxEdits: Math.max(known.maxEdits, maxEdits) });
      else byText.set(term, { repeats: 1, prefix, maxEdits });
    });
    return [...byText].map(([text, how]) => ({ text, repeats: how.repeats, expansions: this.expander.expand(text, how.prefix, how.maxEdits) }));
  }

  rank(request: RankRequest, plan: readonly PlannedTerm[] = this.plan(request)): Ranked {
    const empty: Ranked = { total: 0, docs: [], scores: [], plan };
    if (!plan.length) return empty;
    const all = request.combineWith === 'AND';
    if (all && plan.some((term) => !term.expansions.length)) return empty;
    this.prepare();
    const order = all ? [...plan].sort((a, b) => this.cost(a) - this.cost(b)) : plan;
    let touchedCount = 0;
    order.forEach((term, position) => {
      for (const expansion of term.expansions) {
        for (let field = 0; field < FIELD_COUNT; field++) {
          touchedCount = this.accumulate(expansion, term.repeats, field, position, all, touchedCount);
        }
      }
    });

    const top = new TopScores(request.offset + request.limit);
    let total = 0;
    for (let i = 0; i < touchedCount; i++) {
      const doc = this.touched[i] as number;
      const quality = this.matched[doc] as number;
      if (all && quality !== plan.length) continue;
      if (request.accept && !request.accept(doc)) continue;
      total++;
      top.offer(doc, (this.scores[doc] as number) * quality);
    }
    const page = top.sorted().slice(request.offset);
    return { total, docs: page.map((hit) => hit.doc), scores: page.map((hit) => hit.score), plan };
  }

  /** The index terms behind a hit, for highlighting: what matched, after prefix and typo expansion. */
  matchedTerms(doc: number, plan: readonly PlannedTerm[]): string[] {
    const terms: string[] = [];
    for (const term of plan) {
      for (const expansion of term.expansions) {
        if (this.index.contains(doc, expansion.id)) terms.push(this.index.termText(expansion.id));
      }
    }
    return [...new Set(terms)];
  }

  private accumulate(expansion: Expansion, repeats: number, field: number, position: number, all: boolean, touchedCount: number): number {
    const index = this.index;
    const frequency = index.documentFrequency(expansion.id, field);
    if (!frequency) return touchedCount;
    const count = index.documentCount;
    const idf = Math.log(1 + (count - frequency + 0.5) / (frequency + 0.5));
    const factor = expansion.weight * repeats * (BOOSTS[field] as number) * idf;
    const average = index.averageLength(field) || 1;
    const constant = BM25_K * (1 - BM25_B);
    const perLength = (BM25_K * BM25_B) / average;
    const live = index.liveFlags;
    const lengths = index.fieldLengths;
    const stamp = this.stamp;
    const scores = this.scores;
    const matched = this.matched;
    const touched = this.touched;
    const epoch = this.epoch;
    const lastTerm = this.lastTerm;
    const visit = (doc: number, tf: number): void => {
      if (live[doc] !== 1) return;
      if (stamp[doc] !== epoch) {
        if (all && position > 0) return;
        stamp[doc] = epoch;
        scores[doc] = 0;
        matched[doc] = 0;
        lastTerm[doc] = -1;
        touched[touchedCount++] = doc;
      } else if (all && (matched[doc] as number) < position) return;
      const length = lengths[doc * FIELD_COUNT + field] as number;
      scores[doc] = (scores[doc] as number) + factor * (BM25_D + (tf * (BM25_K + 1)) / (tf + constant + perLength * length));
      if (lastTerm[doc] !== position) {
        lastTerm[doc] = position;
        matched[doc] = (matched[doc] as number) + 1;
      }
    };
    if (expansion.id < index.imageTermCount) {
      const offsets = index.listOffsets;
      const docs = index.postingDocs;
      const tfs = index.postingFrequencies;
      const slot = expansion.id * FIELD_COUNT + field;
      const end = offsets[slot + 1] as number;
      for (let at = offsets[slot] as number; at < end; at++) visit(docs[at] as number, tfs[at] as number);
    }
    const recent = index.recentList(expansion.id, field);
    if (recent) for (let i = 0; i < recent.docs.length; i++) visit(recent.docs[i] as number, recent.frequencies[i] as number);
    return touchedCount;
  }

  private cost(term: PlannedTerm): number {
    return term.expansions.reduce((sum, expansion) => sum + this.index.postingCount(expansion.id), 0);
  }

  private prepare(): void {
    const slots = this.index.documentSlots;
    if (this.stamp.length < slots) {
      const size = Math.ceil(slots * 1.25) + 64;
      this.stamp = new Uint32Array(size);
      this.scores = new Float64Array(size);
      this.matched = new Uint8Array(size);
      this.touched = new Int32Array(size);
      this.lastTerm = new Int16Array(size);
      this.epoch = 0;
    }
    this.epoch++;
    if (this.epoch === 0xffffffff) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
  }
}
