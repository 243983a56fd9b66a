export interface ScoredDoc {
  readonly doc: number;
  readonly score: number;
}

/**
 * The best `capacity` documents by score (ties: lower document number first, i.e. the order
 * entries were indexed), kept in a min-heap so a query with 90 000 matches sorts only a page.
 */
export class TopScores {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly capacity: number) {}

  offer(doc: number, score: number): void {
    if (this.capacity <= 0) return;
    if (this.docs.length < this.capacity) {
      this.docs.push(doc);
      this.scores.push(score);
      this.siftUp(this.docs.length - 1);
      return;
    }
    if (!this.better(doc, score, 0)) return;
    this.docs[0] = doc;
    this.scores[0] = score;
    this.siftDown(0);
  }

  /** Best first. */
  sorted(): ScoredDoc[] {
    return this.docs
      .map((doc, i) => ({ doc, score: this.scores[i] as number }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  /** Whether (doc, score) ranks above the entry at heap position i. */
  private better(doc: number, score: number, i: number): boolean {
    const other = this.scores[i] as number;
    return score > other || (score === other && doc < (this.docs[i] as number));
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.better(this.docs[parent] as number, this.scores[parent] as number, i)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < this.docs.length && this.better(this.docs[worst] as number, this.scores[worst] as number, left)) worst = left;
      if (right < this.docs.length && this.better(this.docs[worst] as number, this.scores[worst] as number, right)) worst = right;
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }

  private swap(a: number, b: number): void {
    [this.docs[a], this.docs[b]] = [this.docs[b] as number, this.docs[a] as number];
    [this.scores[a], this.scores[b]] = [this.scores[b] as number, this.scores[a] as number];
  }
}
