// A Zotero library as the corpus, through the real bin: `ask` answers from the synced library
// beside the corpus folder, `check` reads it too, and a bad key is one line at start.
import { afterEach, describe, expect, it } from 'vitest';
import { SEED_PAPER_TITLE, SHIPPED_CORPUS, TempDirs } from '../support/corpus-files.ts';
import { ZoteroStandin } from '../support/zotero-standin.ts';
import { cleanEnv, flatten, runBin, stopAllProcesses } from '../cli/run-bin.ts';
import { paper } from './zotero-setup.ts';

const dirs = new TempDirs();
const standins: ZoteroStandin[] = [];

afterEach(async () => {
  await stopAllProcesses();
  for (const standin of standins.splice(0)) await standin.stop();
  await dirs.cleanup();
});

async function library(): Promise<ZoteroStandin> {
  const standin = await new ZoteroStandin().start();
  standins.push(standin);
  standin.add([paper(1, { title: 'Wombat burrows as refuges from bushfire' })], { username: 'ada' });
  return standin;
}

function zoteroEnv(standin: ZoteroStandin, dataDir: string, apiKey = standin.apiKey): NodeJS.ProcessEnv {
  return cleanEnv({
    CORPUS_DIR: SHIPPED_CORPUS,
    DATA_DIR: dataDir,
    ZOTERO_LIBRARY: standin.library,
    ZOTERO_API_KEY: apiKey,
    ZOTERO_API_URL: standin.url,
  });
}

describe('a Zotero library as the corpus, from the command line', () => {
  it('ask finds an item of the library beside the corpus folder entries', async () => {
    const standin = await library();
    const env = zoteroEnv(standin, await dirs.make());
    const wombat = await runBin(['ask', '/paper wombat bushfire'], env);
    expect(wombat.code).toBe(0);
    expect(flatten(wombat.stdout)).toContain('Wombat burrows as refuges from bushfire');
    const seed = await runBin(['ask', '/paper MSC COVID'], env);
    expect(flatten(seed.stdout)).toContain(SEED_PAPER_TITLE);
  });

  it('check reports the library entries with the folder, and exits 0', async () => {
    const standin = await library();
    const result = await runBin(['check'], zoteroEnv(standin, await dirs.make()));
    expect(result.code).toBe(0);
    expect(flatten(result.stdout)).toMatch(/3 entries/);
  });

  it('a key the library refuses is one line naming ZOTERO_API_KEY, never the key', async () => {
    const standin = await library();
    const wrongKey = 'wrongKey0123456789abcdef';
    const result = await runBin(['ask', '/paper wombat'], zoteroEnv(standin, await dirs.make(), wrongKey));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('ZOTERO_API_KEY');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr + result.stdout).not.toContain(wrongKey);
  });
});
