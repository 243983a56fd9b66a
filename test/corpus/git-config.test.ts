import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';

const missingCorpus = path.join('/', 'nonexistent-paperbot-corpus');

describe('CORPUS_GIT_* settings', () => {
  it('makes the corpus folder optional when a repository is configured, and keeps the checkout under DATA_DIR', () => {
    const result = loadConfig({
      CORPUS_DIR: missingCorpus,
      DATA_DIR: '/srv/paperbot-data',
      CORPUS_GIT_URL: 'https://git.example.org/lab/site.git',
      CORPUS_GIT_PATHS: ' _posts/, _publications ',
      CORPUS_GIT_INTERVAL: '60',
      CORPUS_GIT_TOKEN: 'glpat-secret-token-value',
    });
    expect(result.ok && result.config.git).toEqual({
      url: 'https://git.example.org/lab/site.git',
      branch: undefined,
      paths: ['_posts', '_publications'],
      intervalMs: 60_000,
      token: 'glpat-secret-token-value',
      webhookSecret: undefined,
      dir: path.join('/srv/paperbot-data', 'sources', 'git'),
    });
    expect(result.ok && result.secrets).toContain('glpat-secret-token-value');
  });

  it('keeps a token written into the URL among the secrets the logger scrubs', () => {
    const result = loadConfig({ CORPUS_GIT_URL: 'https://me:ghp_InTheUrl0123456789@example.org/a/b.git' });
    expect(result.ok && result.secrets).toContain('ghp_InTheUrl0123456789');
  });

  it('names each wrong setting', () => {
    const result = loadConfig({
      CORPUS_DIR: missingCorpus,
      CORPUS_GIT_URL: 'ssh://git@example.org/site.git',
      CORPUS_GIT_PATHS: '_posts,../etc',
      CORPUS_GIT_INTERVAL: 'often',
      CORPUS_GIT_BRANCH: '--upload-pack=evil',
    });
    expect(result.ok ? [] : result.errors).toEqual([
      'CORPUS_GIT_URL: expected an https URL of a git repository, or a local path to one',
      'CORPUS_GIT_BRANCH: expected a branch name such as main or gh-pages',
      'CORPUS_GIT_PATHS: expected sub-folders of the repository, separated by commas, such as _posts,_publications',
      'CORPUS_GIT_INTERVAL: expected a whole number',
    ]);
  });

  it('asks for the repository and the listener the other settings need', () => {
    const result = loadConfig({ CORPUS_GIT_PATHS: '_posts' });
    expect(result.ok ? [] : result.errors).toEqual([
      'CORPUS_GIT_URL: missing; CORPUS_GIT_PATHS is set, and needs the repository it belongs to',
    ]);
    const hook = loadConfig({ CORPUS_GIT_URL: '/srv/site.git', CORPUS_GIT_WEBHOOK_SECRET: 'long-enough-secret' });
    expect(hook.ok ? [] : hook.errors).toEqual([
      'HEALTH_PORT: missing; CORPUS_GIT_WEBHOOK_SECRET needs the listener POST /hooks/git is sent to',
    ]);
  });

  it('still requires the corpus folder when no source is configured', () => {
    const result = loadConfig({ CORPUS_DIR: missingCorpus });
    expect(result.ok ? [] : result.errors).toEqual([
      `CORPUS_DIR: ${missingCorpus} is not a folder; expected the folder of corpus entries`,
    ]);
  });
});
