/**
 * Listener work still running after its ack (a reply on its way through `respond`), so that
 * stopping waits for it instead of cutting it off half-sent.
 */
export class InFlight {
  private readonly pending = new Set<Promise<void>>();

  run(work: () => Promise<void>): Promise<void> {
    const task = work().finally(() => this.pending.delete(task));
    this.pending.add(task);
    return task;
  }

  /** Waits for what is running, at most `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    if (!this.pending.size) return;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.pending]).then(() => undefined), deadline]);
    clearTimeout(timer);
  }
}

export type Settled<T> = { readonly settled: true; readonly value: T } | { readonly settled: false };

/** The promise's value if it settles within `ms`, else a note that it did not (it keeps running). */
export async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ settled: false }), ms);
  });
  try {
    return await Promise.race([promise.then((value): Settled<T> => ({ settled: true, value })), late]);
  } finally {
    clearTimeout(timer);
  }
}
