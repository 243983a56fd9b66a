// The one-shot commands: `paperbot ask "<command>"` answers once, `paperbot check <dir>`
// validates a corpus folder for CI. Both through the real bin.
import { afterEach, describe, expect, it } from 'vitest';
import {
  SEED_DATASET_TITLE,
  SEED_PAPER_TITLE,
  SHIPPED_CORPUS,
  TempDirs,
  frontMatterEntry,
} from '../support/corpus-files.ts';
import { cleanEnv, flatten, runBin, stopAllProcesses } from './run-bin.ts';

const dirs = new TempDirs();

afterEach(async () => {
  await stopAllProcesses();
  await dirs.cleanup();
});

async function env(): Promise<NodeJS.ProcessEnv> {
  return cleanEnv({ CORPUS_DIR: SHIPPED_CORPUS, DATA_DIR: await dirs.make() });
}

describe('paperbot ask', () => {
  it('answers "/paper MSC COVID" with both titles and exits 0', async () => {
    const result = await runBin(['ask', '/paper MSC COVID'], await env());
    expect(result.code).toBe(0);
    expect(flatten(result.stdout)).toContain(SEED_PAPER_TITLE);
    expect(flatten(result.stdout)).toContain(SEED_DATASET_TITLE);
    expect(result.stderr).toBe('');
  });

  it('offers no numbered buttons, since nobody is there to press them', async () => {
    const result = await runBin(['ask', '/paper author:Leng'], await env());
    expect(flatten(result.stdout)).toContain(SEED_PAPER_TITLE);
    expect(result.stdout).not.toMatch(/\[\d+\] Summary/);
    expect(result.stdout).not.toContain('Type a number');
  });

  it('exits 2 with a clear message for "/paper foo:bar"', async () => {
    const result = await runBin(['ask', '/paper foo:bar'], await env());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('paperbot ask: Unknown filter `foo:`. Filters are author:, year: and kind:.\n');
  });

  it('exits 2 and shows how to use it when given nothing to ask', async () => {
    const result = await runBin(['ask'], await env());
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('paperbot ask: give a command line, for example: paperbot ask "/paper MSC COVID"\n');
  });
});

describe('paperbot check', () => {
  it('prints each problem as `path:line: reason` and exits 1 when a file failed', async () => {
    const dir = await dirs.make({
      'good.md': frontMatterEntry({ title: 'A good entry', doi: '10.1000/good' }),
      'nested/bad-yaml.md': '---\ntitle: "Broken"\nauthor:\n  - Smith, Anna\n - Jones, Bram\n---\n',
      'no-title.md': '---\nlayout: entry\nlink: "https://doi.org/10.1000/x"\n---\n',
      'notes.txt': 'Just some notes, not an entry.\n',
      'odd-kind.md': '---\ntitle: "Odd kind"\nkind: preprint\n---\n',
      'README.md': '# ignored\n',
    });
    const result = await runBin(['check', dir], await env());
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      'nested/bad-yaml.md:5: YAML syntax error: bad indentation of a mapping entry',
      'no-title.md:1: missing title: add a `title:` field',
      'notes.txt:1: not a recognised entry: expected YAML front matter (---) or a BioStudies page with ABSTRACT:/PROVIDER: lines',
      'odd-kind.md:3: warning: kind "preprint" is not paper or dataset; read as paper',
      '',
      'format                             files  entries  title  authors  year  link  doi  abstract',
      'Front-matter pages (Jekyll, Hugo)      2        2   100%       0%    0%   50%  50%        0%',
      '',
      '2 entries loaded, 3 files failed, 1 warning',
      '',
    ]);
  });

  it('--json gives the same report as one JSON document for CI, with the same exit code', async () => {
    const dir = await dirs.make({
      'good.md': frontMatterEntry({ title: 'A good entry', doi: '10.1000/good', authors: 'Ng, Wei', year: 2020 }),
      'no-title.md': '---\nlayout: entry\n---\n',
    });
    const result = await runBin(['check', '--json', dir], await env());
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      ok: false,
      entries: 1,
      failedFiles: 1,
      errors: 1,
      warnings: 0,
      formats: [
        {
          format: 'front-matter',
          files: 1,
          entries: 1,
          fields: { title: 1, authors: 1, year: 1, link: 1, doi: 1, abstract: 0 },
        },
      ],
      problems: [
        { path: 'no-title.md', line: 1, severity: 'error', text: 'no-title.md:1: missing title: add a `title:` field' },
      ],
    });
    expect(result.stderr).toBe('');
  });

  it('exits 0 on a clean folder, such as the shipped corpus', async () => {
    const result = await runBin(['check', SHIPPED_CORPUS], await env());
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'format                             files  entries  title  authors  year  link   doi  abstract',
      'Front-matter pages (Jekyll, Hugo)      1        1   100%     100%    0%  100%  100%      100%',
      'OmicsDI / BioStudies page dumps        1        1   100%     100%  100%  100%    0%      100%',
      '',
      '2 entries loaded, 0 files failed, 0 warnings',
      '',
    ]);
    // Not a terminal: no progress line, nothing but the report.
    expect(result.stderr).toBe('');
  });

  it('exits 0 when there are only warnings', async () => {
    const dir = await dirs.make({ 'odd-kind.md': '---\ntitle: "Odd kind"\nkind: preprint\n---\n' });
    const result = await runBin(['check', dir], await env());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 entry loaded, 0 files failed, 1 warning');
  });

  it('checks CORPUS_DIR when no folder is given', async () => {
    const result = await runBin(['check'], await env());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\n2 entries loaded, 0 files failed, 0 warnings\n$/);
  });

  it('exits 2 for a folder that does not exist', async () => {
    const result = await runBin(['check', '/nonexistent/corpus'], await env());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('/nonexistent/corpus: not a folder; expected the corpus folder to check\n');
  });
});
