/** A Zotero source pointed at the stand-in, with its log lines kept for the assertions. */
import { PassThrough } from 'node:stream';
import { createLogger } from '../../src/logger.ts';
import { createZoteroSource, type ZoteroSource } from '../../src/corpus/zotero/zotero-source.ts';
import type { ItemData, ZoteroStandin } from '../support/zotero-standin.ts';

export interface LoggedSource {
  readonly source: ZoteroSource;
  /** Every log line so far, parsed. */
  lines(): { level: number; msg: string }[];
}

export function zoteroSource(
  standin: ZoteroStandin,
  dataDir: string,
  overrides: { apiKey?: string; collection?: string; retryBaseMs?: number; intervalSeconds?: number } = {},
): LoggedSource {
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const apiKey = overrides.apiKey ?? standin.apiKey;
  const logger = createLogger({ level: 'debug', destination: output, secrets: [apiKey] });
  const source = createZoteroSource(
    {
      library: standin.library,
      apiKey,
      collection: overrides.collection,
      apiUrl: standin.url,
      syncIntervalSeconds: overrides.intervalSeconds ?? 3600,
      dataDir,
    },
    logger,
    { retryBaseMs: overrides.retryBaseMs },
  );
  return {
    source,
    lines: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { level: number; msg: string }),
  };
}

export function paper(n: number, extra: Partial<ItemData> = {}): ItemData {
  return {
    itemType: 'journalArticle',
    title: `Quokka cohort study number ${n}`,
    creators: [{ creatorType: 'author', firstName: 'Ada', lastName: `Lovelace${n}` }],
    DOI: `10.5555/quokka.${n}`,
    date: '2021-03-04',
    abstractNote: `Abstract of quokka study ${n}.`,
    publicationTitle: 'Journal of Marsupial Science',
    ...extra,
  };
}

export function papers(from: number, count: number): ItemData[] {
  return Array.from({ length: count }, (_, i) => paper(from + i));
}
