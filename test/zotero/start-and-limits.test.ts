import { afterEach, describe, expect, it } from 'vitest';
import { eventually, TempFolders } from '../notify/entry-files.ts';
import { loadConfig } from '../../src/config.ts';
import { ZoteroStandin } from '../support/zotero-standin.ts';
import { papers, zoteroSource, type LoggedSource } from './zotero-setup.ts';

const folders = new TempFolders();
const standins: ZoteroStandin[] = [];
const sources: LoggedSource[] = [];

afterEach(async () => {
  for (const { source } of sources.splice(0)) await source.close();
  for (const standin of standins.splice(0)) await standin.stop();
  folders.cleanup();
});

async function library(): Promise<ZoteroStandin> {
  const standin = await new ZoteroStandin().start();
  standin.add(papers(1, 3));
  standins.push(standin);
  return standin;
}

function make(standin: ZoteroStandin, dataDir: string, overrides: Parameters<typeof zoteroSource>[2] = {}) {
  const made = zoteroSource(standin, dataDir, overrides);
  sources.push(made);
  return made;
}

describe('Zotero source: start-up errors, outages and the server asking to slow down', () => {
  it('names ZOTERO_API_KEY in one line when the key cannot read the library, never the key itself', async () => {
    const standin = await library();
    const wrongKey = 'wrongKey0123456789abcdef';
    const { source, lines } = make(standin, folders.make(), { apiKey: wrongKey });
    const failure = await source.open().then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/^ZOTERO_API_KEY cannot read ZOTERO_LIBRARY groups\/4711 \(403/);
    expect(failure).not.toContain('\n');
    expect(failure).not.toContain(wrongKey);
    expect(JSON.stringify(lines())).not.toContain(wrongKey);
  });

  it('names ZOTERO_LIBRARY when the library does not exist, even with an old copy on disk', async () => {
    const standin = await library();
    const dataDir = folders.make();
    const first = make(standin, dataDir);
    await first.source.open();
    await first.source.close();
    standin.libraryExists = false;
    await expect(make(standin, dataDir).source.open()).rejects.toThrow(
      /^ZOTERO_LIBRARY groups\/4711 was not found \(404/,
    );
  });

  it('serves the last copy through an outage with one warning, and says once when the library is back', async () => {
    const standin = await library();
    const dataDir = folders.make();
    const first = make(standin, dataDir);
    await first.source.open();
    await first.source.close();

    standin.outage = 503;
    const second = make(standin, dataDir, { retryBaseMs: 20, intervalSeconds: 3600 });
    await second.source.open();
    const failedBefore = standin.requests.length;
    await eventually('a few retries', () => standin.requests.length >= failedBefore + 3);
    const warnings = second.lines().filter((line) => line.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toMatch(/Zotero library groups\/4711 cannot be synced, serving the last copy: .*503/);

    standin.outage = undefined;
    await eventually('the library to be back', () =>
      second.lines().some((line) => /groups\/4711 is reachable again/.test(line.msg)),
    );
    expect(second.lines().filter((line) => line.level === 40)).toHaveLength(1);
  });

  it('waits out Retry-After on a 429 before asking again', async () => {
    const standin = await library();
    standin.answerNext(429, { 'Retry-After': '1' });
    const { source } = make(standin, folders.make());
    await source.open();
    const [limited, retried] = standin.requests;
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(1000);
    expect(retried!.path).toBe(limited!.path);
  });

  it('sends nothing during a Backoff the server asked for', async () => {
    const standin = await library();
    standin.backoffNext(1);
    const { source } = make(standin, folders.make());
    await source.open();
    const [answeredWithBackoff, next] = standin.requests;
    expect(next!.at - answeredWithBackoff!.at).toBeGreaterThanOrEqual(1000);
  });

  it('refuses a write made against an old library version (412), as the API does', async () => {
    const standin = await library();
    const old = standin.version;
    standin.add(papers(10, 1));
    const response = await fetch(`${standin.url}/${standin.library}/items?itemKey=23456789`, {
      method: 'DELETE',
      headers: {
        'Zotero-API-Version': '3',
        'Zotero-API-Key': standin.apiKey,
        'If-Unmodified-Since-Version': String(old),
      },
    });
    expect(response.status).toBe(412);
  });
});

describe('Zotero configuration', () => {
  const base = { CORPUS_DIR: '.' };

  it('reads a library, key, collection, API URL and interval', () => {
    const result = loadConfig({
      ...base,
      ZOTERO_LIBRARY: 'groups/123456',
      ZOTERO_API_KEY: 'abcdefghij0123456789ABCD',
      ZOTERO_COLLECTION: 'ABCD2345',
      ZOTERO_API_URL: 'http://127.0.0.1:9/',
      ZOTERO_SYNC_INTERVAL: '60',
    });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.config.zotero).toMatchObject({
      library: 'groups/123456',
      collection: 'ABCD2345',
      apiUrl: 'http://127.0.0.1:9',
      syncIntervalSeconds: 60,
    });
    expect(result.secrets).toContain('abcdefghij0123456789ABCD');
  });

  it('defaults to the public API every 300 seconds', () => {
    const result = loadConfig({ ...base, ZOTERO_LIBRARY: 'users/42', ZOTERO_API_KEY: 'abcdefghij0123456789ABCD' });
    expect(result.ok && result.config.zotero).toMatchObject({
      apiUrl: 'https://api.zotero.org',
      syncIntervalSeconds: 300,
    });
  });

  it('names each malformed variable, and never echoes the key', () => {
    const result = loadConfig({
      ...base,
      ZOTERO_LIBRARY: 'group/123',
      ZOTERO_API_KEY: 'not a key!',
      ZOTERO_COLLECTION: 'abc',
      ZOTERO_API_URL: 'api.zotero.org',
      ZOTERO_SYNC_INTERVAL: '0',
    });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    for (const name of [
      'ZOTERO_LIBRARY',
      'ZOTERO_API_KEY',
      'ZOTERO_COLLECTION',
      'ZOTERO_API_URL',
      'ZOTERO_SYNC_INTERVAL',
    ])
      expect(errors.some((error) => error.startsWith(`${name}:`))).toBe(true);
    expect(errors.join('\n')).not.toContain('not a key!');
  });

  it('asks for the key with the library, and for the library with the rest', () => {
    const noKey = loadConfig({ ...base, ZOTERO_LIBRARY: 'groups/1' });
    expect(noKey.ok ? [] : noKey.errors).toEqual([expect.stringMatching(/^ZOTERO_API_KEY: missing/)]);
    const noLibrary = loadConfig({ ...base, ZOTERO_API_KEY: 'abcdefghij0123456789ABCD' });
    expect(noLibrary.ok ? [] : noLibrary.errors).toEqual([expect.stringMatching(/^ZOTERO_LIBRARY: missing/)]);
  });
});
