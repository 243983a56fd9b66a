/**
 * Runs work one piece at a time, taking turns between whoever is waiting: each waiting caller
 * gets one turn in rotation, so a user with a thousand searches queued delays another user's
 * search by at most the piece running now, not by the thousand. Between turns the event loop
 * runs (I/O, timers, the Discord gateway heartbeat), so a burst never holds it for longer
 * than one piece (one call into the search index: see search/fair-search.ts).
 */
export class FairQueue {
  /** Waiting callers in rotation order (a Map keeps insertion order); each with its queue. */
  private readonly waiting = new Map<string, (() => void)[]>();
  private busy = false;

  /** Runs `work` on `caller`'s next turn. */
  async run<T>(caller: string, work: () => Promise<T>): Promise<T> {
    await this.take(caller);
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  /** Callers with work waiting (not counting the one running). */
  get waitingCallers(): number {
    return this.waiting.size;
  }

  private take(caller: string): Promise<void> {
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = this.waiting.get(caller);
      if (queue) queue.push(resolve);
      else this.waiting.set(caller, [resolve]);
    });
  }

  private release(): void {
    const first = this.waiting.entries().next();
    if (first.done) {
      this.busy = false;
      return;
    }
    const [caller, queue] = first.value;
    const next = queue.shift() as () => void;
    // The caller goes to the back of the rotation, behind everyone else who is waiting.
    this.waiting.delete(caller);
    if (queue.length) this.waiting.set(caller, queue);
    setImmediate(next);
  }
}
