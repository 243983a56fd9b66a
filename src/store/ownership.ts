/**
 * Among processes that share one store, the one that does what must be done once: announce
 * new entries (and, with the PostgreSQL search backend, write the shared index). Every process
 * still watches the corpus for its own use and sends deliveries.
 */
export interface CorpusOwnership {
  /** Becomes the owner if no one is; true when this process is the owner now. */
  tryAcquire(): Promise<boolean>;
  /** Whether this process is the owner now, without asking to become it. */
  held(): boolean;
  /** Called when ownership was held and is lost (the connection that held it broke). */
  onLost(listener: (reason: string) => void): void;
  /** Gives ownership up, so that another process takes over at once. */
  release(): Promise<void>;
}

/** A store no other process uses: this process is always the owner. */
export class SoleOwnership implements CorpusOwnership {
  async tryAcquire(): Promise<boolean> {
    return true;
  }

  held(): boolean {
    return true;
  }

  onLost(): void {}

  async release(): Promise<void> {}
}
