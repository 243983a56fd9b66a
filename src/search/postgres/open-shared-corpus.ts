import { Corpus } from '../../corpus/corpus.ts';
import type { CorpusFolders } from '../../corpus/folders.ts';
import type { Logger } from '../../logger.ts';
import type { CorpusOwnership } from '../../store/ownership.ts';
import { PostgresSearchBackend } from './backend.ts';

export interface SharedCorpusOptions {
  readonly corpusDir: string | CorpusFolders;
  readonly maxFileBytes: number;
  readonly language?: string;
  readonly databaseUrl: string;
  /** Connections this process searches through; absent: the backend's default. */
  readonly searchConnections?: number;
  readonly logger: Logger;
  /** Only the owner of the corpus duties writes the shared index. */
  readonly ownership: CorpusOwnership;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SharedCorpus {
  readonly corpus: Corpus;
  readonly search: PostgresSearchBackend;
  /** What the owner does on becoming it: writes what changed in the corpus since the index was last written. */
  readonly onOwnership: () => Promise<void>;
}

/**
 * The corpus, read by every replica for its own use (entries to show, changes to watch), and
 * the search tables in PostgreSQL that all replicas read and the owner alone writes.
 */
export async function openSharedCorpus(options: SharedCorpusOptions): Promise<SharedCorpus> {
  const corpus = await Corpus.load(options.corpusDir, {
    maxFileBytes: options.maxFileBytes,
    language: options.language,
    onProgress: options.onProgress,
  });
  const search = await PostgresSearchBackend.open(options.databaseUrl, {
    logger: options.logger,
    maxConnections: options.searchConnections,
    isWriter: async () => options.ownership.held(),
  });
  const onOwnership = async (): Promise<void> => {
    const started = performance.now();
    const synced = await search.sync(corpus.entries());
    options.logger.info(
      { ...synced, ms: Math.round(performance.now() - started) },
      'shared search index brought up to the corpus',
    );
  };
  return { corpus, search, onOwnership };
}
