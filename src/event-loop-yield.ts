/**
 * Long start-up loops (indexing, merging, snapshot reading and writing) over 100 000 entries
 * would hold the event loop for seconds: Discord heartbeats, Slack acks and timers wait behind
 * them. Such loops yield to the event loop after every bounded chunk of items instead.
 * Chunks are counted in items, not timed, so a run does the same work between the same yields on any
 * machine; the sizes are set from the start-up bench (bench/README.md, "How start-up stays
 * responsive").
 */

/** Yields to the event loop once: due timers and I/O run before this resolves. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Counts items and says when a chunk is full: `if (chunks.tick()) await yieldToEventLoop();`. */
export class ChunkCounter {
  private count = 0;

  constructor(private readonly chunkSize: number) {}

  /** True once every `chunkSize` calls. */
  tick(): boolean {
    this.count += 1;
    if (this.count < this.chunkSize) return false;
    this.count = 0;
    return true;
  }
}

/** Runs `each` over the items, yielding to the event loop after every `chunkSize` of them. */
export async function forEachInChunks<T>(
  items: Iterable<T>,
  chunkSize: number,
  each: (item: T) => void,
): Promise<void> {
  const counter = new ChunkCounter(chunkSize);
  for (const item of items) {
    each(item);
    if (counter.tick()) await yieldToEventLoop();
  }
}
