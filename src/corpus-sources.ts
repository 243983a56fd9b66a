import { existsSync } from 'node:fs';
import type { Config } from './config.ts';
import { CorpusFolders } from './corpus/folders.ts';
import { GitSource } from './corpus/git/git-source.ts';
import { createZoteroSource } from './corpus/zotero/zotero-source.ts';
import type { CorpusSource } from './corpus/source.ts';
import type { Logger } from './logger.ts';

/** The configured sources, brought up to date, and the folders they make one corpus of. */
export interface OpenedSources {
  readonly folders: CorpusFolders;
  readonly git?: GitSource;
  close(): Promise<void>;
}

/**
 * Opens every configured source (a first clone, or a fetch with the last checkout kept when the
 * remote is away); rejects with one line when a source has nothing to serve. The corpus folder
 * is read beside them when it exists, and is optional once a source is configured.
 */
export async function openSources(config: Config, logger: Logger): Promise<OpenedSources> {
  const sources: CorpusSource[] = [];
  const git = config.git
    ? new GitSource({
        url: config.git.url,
        token: config.git.token,
        branch: config.git.branch,
        paths: config.git.paths,
        intervalMs: config.git.intervalMs,
        dir: config.git.dir,
        logger,
      })
    : undefined;
  if (git) sources.push(git);
  // Its first sync is done before the corpus is read, so a first start takes it as the baseline.
  if (config.zotero) sources.push(createZoteroSource(config.zotero, logger));
  const close = async (): Promise<void> => {
    await Promise.all(sources.map((source) => source.close()));
  };
  try {
    await Promise.all(sources.map((source) => source.open()));
  } catch (error) {
    await close();
    throw error;
  }
  const mainPresent = !sources.length || existsSync(config.corpusDir);
  return { folders: new CorpusFolders(config.corpusDir, sources, { mainPresent }), git, close };
}
