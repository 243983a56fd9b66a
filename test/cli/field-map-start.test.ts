// A paperbot.yml that is not valid stops the start with one line naming it, its line and what is
// expected; `check` on the same folder reports it and exits 1.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TempDirs } from '../support/corpus-files.ts';
import { cleanEnv, runBin, stopAllProcesses } from './run-bin.ts';

const dirs = new TempDirs();

afterEach(async () => {
  await stopAllProcesses();
  await dirs.cleanup();
});

describe('a paperbot.yml that is not valid', () => {
  it('stops `paperbot start` with exit 2 and one line; `paperbot check` exits 1 naming the same line', async () => {
    const corpus = await dirs.make({
      'paperbot.yml': '# where our pages keep their fields\nfields:\n  title: {en: subtitle}\n',
      'a.md': '---\ntitle: Ferret transmission of avian influenza\n---\n',
    });
    const env = cleanEnv({ CORPUS_DIR: corpus, DATA_DIR: await dirs.make() });
    const started = await runBin(['start'], env);
    expect(started.code).toBe(2);
    expect(started.stderr.trim()).toBe(
      `paperbot: the field map is not valid: ${path.join(corpus, 'paperbot.yml')}:3: fields.title: expected a path or a list of paths (such as title or "{lang}.subtitle")`,
    );
    const checked = await runBin(['check'], env);
    expect(checked.code).toBe(1);
    expect(checked.stdout.split('\n')[0]).toBe(
      'paperbot.yml:3: fields.title: expected a path or a list of paths (such as title or "{lang}.subtitle")',
    );
  });
});
