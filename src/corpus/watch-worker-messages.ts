/** What the bot tells the watch worker when starting it. */
export interface WatchWorkerSettings {
  readonly root: string;
  /** The root with every link resolved: folder links leading outside it are not watched. */
  readonly realRoot: string;
  /** Extensions (lower case, with the dot) a corpus file can have; files with others get no watch. */
  readonly extensions: readonly string[];
  readonly stabilityMs: number;
  readonly pollMs: number;
  readonly usePolling: boolean;
}

/** What the watch worker reports: a file settled or went, an error, or that the first scan is done. */
export type WatchWorkerMessage =
  | { readonly kind: 'refresh' | 'remove'; readonly absolute: string }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'ready' };
