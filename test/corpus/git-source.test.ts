import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Corpus } from '../../src/corpus/corpus.ts';
import { CorpusFolders } from '../../src/corpus/folders.ts';
import { GitSource } from '../../src/corpus/git/git-source.ts';
import { createLogger } from '../../src/logger.ts';
import { GitHttpServer } from '../support/git-http-server.ts';
import { SiteRepository } from '../support/git-repos.ts';
import { entryFile, TempFolders } from '../notify/entry-files.ts';

const folders = new TempFolders();
const repos: SiteRepository[] = [];
const servers: GitHttpServer[] = [];
const sources: GitSource[] = [];

afterEach(async () => {
  for (const source of sources.splice(0)) await source.close();
  for (const server of servers.splice(0)) await server.stop();
  for (const repo of repos.splice(0)) repo.cleanup();
  folders.cleanup();
});

/** A logger as the bot's, writing JSON lines to a buffer the test reads. */
function recordingLogger(): { logger: ReturnType<typeof createLogger>; lines: () => string } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { logger: createLogger({ level: 'info', destination: out }), lines: () => text };
}

async function site(): Promise<SiteRepository> {
  const repo = await SiteRepository.create();
  repos.push(repo);
  repo.write('_posts/first.md', entryFile({ title: 'First post of the site', doi: '10.5555/git.1' }));
  repo.write('_drafts/draft.md', entryFile({ title: 'A draft that is not served', doi: '10.5555/git.draft' }));
  repo.write('README.md', '# the site\n');
  await repo.commitAndPush('first post', 'Alice Example');
  return repo;
}

function gitSource(url: string, extra: Partial<ConstructorParameters<typeof GitSource>[0]> = {}): GitSource {
  const source = new GitSource({
    url,
    paths: ['_posts'],
    intervalMs: 3_600_000,
    dir: path.join(folders.make(), 'sources', 'git'),
    logger: createLogger({ level: 'silent' }),
    ...extra,
  });
  sources.push(source);
  return source;
}

describe('a git repository as a corpus source', () => {
  it('clones a bare repository on disk and serves only the included folders, under prefixed paths', async () => {
    const repo = await site();
    const source = gitSource(repo.bare);
    await source.open();
    const corpus = await Corpus.load(new CorpusFolders(folders.make(), [source]));
    expect(corpus.entries().map((entry) => [entry.title, entry.source.path])).toEqual([
      ['First post of the site', 'git:_posts/first.md'],
    ]);
    expect(corpus.problems()).toEqual([]);
  });

  it('combines with the corpus folder under one identity: one DOI in both is one entry', async () => {
    const repo = await site();
    const source = gitSource(repo.bare);
    await source.open();
    const main = folders.make();
    writeFileSync(path.join(main, 'local.md'), entryFile({ title: 'First post of the site', doi: '10.5555/git.1' }));
    writeFileSync(path.join(main, 'other.md'), entryFile({ title: 'Only in the folder', doi: '10.5555/local.2' }));
    const corpus = await Corpus.load(new CorpusFolders(main, [source]));
    expect(
      corpus
        .entries()
        .map((entry) => entry.key)
        .sort(),
    ).toEqual(['doi:10.5555/git.1', 'doi:10.5555/local.2']);
    expect(corpus.problems().map((problem) => problem.path)).toContain('local.md');
  });

  it('names an included folder the repository does not have, as a warning', async () => {
    const repo = await site();
    const source = gitSource(repo.bare, { paths: ['_posts', '_publications'] });
    await source.open();
    const corpus = await Corpus.load(new CorpusFolders(folders.make(), [source]));
    expect(corpus.entries().map((entry) => entry.title)).toEqual(['First post of the site']);
    expect(corpus.problems()).toEqual([
      { path: 'git:_publications/', reason: 'no such folder in the source; nothing read from it', severity: 'warning' },
    ]);
  });

  it('refuses a link in the repository that leads outside the checkout', async () => {
    const repo = await site();
    const secret = path.join(repo.root, 'outside.md');
    writeFileSync(secret, entryFile({ title: 'Outside the checkout', doi: '10.5555/outside' }));
    const { symlinkSync } = await import('node:fs');
    symlinkSync(secret, path.join(repo.work, '_posts', 'leak.md'));
    await repo.commitAndPush('a link out');
    const source = gitSource(repo.bare);
    await source.open();
    const corpus = await Corpus.load(new CorpusFolders(folders.make(), [source]));
    expect(corpus.entries().map((entry) => entry.title)).toEqual(['First post of the site']);
    expect(
      corpus
        .problems()
        .map((problem) => `${problem.path}: ${problem.reason}`)
        .join('\n'),
    ).toMatch(/^git:_posts\/leak\.md: link leads outside the corpus folder/);
  });

  it('follows new commits, and names the author of the commit that added a file', async () => {
    const repo = await site();
    const source = gitSource(repo.bare);
    await source.open();
    repo.write('_posts/second.md', entryFile({ title: 'Second post', doi: '10.5555/git.2' }));
    await repo.commitAndPush('second post', 'Bob Builder');
    await source.fetchNow();
    expect(readFileSync(path.join(source.dir, '_posts', 'second.md'), 'utf8')).toContain('Second post');
    expect(source.addedBy('_posts/second.md')).toBe('Bob Builder');
    const corpus = await Corpus.load(new CorpusFolders(folders.make(), [source]));
    expect(corpus.get('doi:10.5555/git.2')?.addedBy).toBe('Bob Builder');
    // A rename is not an addition: no author is learnt for it.
    repo.move('_posts/second.md', '_posts/2020/second.md');
    await repo.commitAndPush('move', 'Carol Mover');
    await source.fetchNow();
    expect(source.addedBy('_posts/2020/second.md')).toBeUndefined();
  });

  it('runs no hook of the checkout and no filter the repository names', async () => {
    const repo = await site();
    repo.write('.gitattributes', '*.md filter=lfs diff=lfs merge=lfs\n');
    await repo.commitAndPush('attributes');
    const source = gitSource(repo.bare);
    await source.open();
    const marker = path.join(repo.root, 'hook-ran');
    // The clone is made without git's template hooks; plant some as if something had put them there.
    mkdirSync(path.join(source.dir, '.git', 'hooks'), { recursive: true });
    for (const hook of ['post-checkout', 'post-merge', 'reference-transaction', 'post-index-change']) {
      const file = path.join(source.dir, '.git', 'hooks', hook);
      writeFileSync(file, `#!/bin/sh\necho ${hook} >> "${marker}"\n`);
      chmodSync(file, 0o755);
    }
    repo.write('_posts/hooked.md', entryFile({ title: 'After the hooks were planted', doi: '10.5555/git.hook' }));
    await repo.commitAndPush('more');
    await source.fetchNow();
    expect(readFileSync(path.join(source.dir, '_posts', 'hooked.md'), 'utf8')).toContain('After the hooks');
    expect(existsSync(marker)).toBe(false);
  });

  it('makes one fetch at a time however many are asked for at once', async () => {
    const repo = await site();
    const server = await GitHttpServer.start(path.dirname(repo.bare));
    servers.push(server);
    const source = gitSource(server.url('site.git'));
    await source.open();
    const before = server.requests.filter((request) => request.includes('/info/refs')).length;
    await Promise.all(Array.from({ length: 20 }, () => source.fetchNow()));
    const fetches = server.requests.filter((request) => request.includes('/info/refs')).length - before;
    expect(fetches).toBeGreaterThanOrEqual(1);
    expect(fetches).toBeLessThanOrEqual(2);
  });

  it('clones over HTTP with a token that never reaches the clone config or the log', async () => {
    const repo = await site();
    const token = 'ghp_SecretTokenValue1234567890';
    const server = await GitHttpServer.start(path.dirname(repo.bare), { token });
    servers.push(server);
    const { logger, lines } = recordingLogger();
    const source = gitSource(server.url('site.git'), { token, logger });
    await source.open();
    expect(existsSync(path.join(source.dir, '_posts', 'first.md'))).toBe(true);
    expect(server.authorizations.length).toBeGreaterThan(0);
    const config = readFileSync(path.join(source.dir, '.git', 'config'), 'utf8');
    expect(config).toContain(server.url('site.git'));
    expect(config).not.toContain(token);
    expect(config).not.toContain(Buffer.from(`x-access-token:${token}`).toString('base64'));
    // Credentials written into the URL are taken out of it the same way.
    const inUrl = gitSource(server.url('site.git').replace('http://', `http://x-access-token:${token}@`), { logger });
    await inUrl.open();
    expect(readFileSync(path.join(inUrl.dir, '.git', 'config'), 'utf8')).not.toContain(token);
    expect(lines()).not.toContain(token);
  });

  it('fails a first start with one line that names the remote and not the token', async () => {
    const repo = await site();
    const token = 'ghp_WrongTokenValue1234567890';
    const server = await GitHttpServer.start(path.dirname(repo.bare), { token: 'ghp_TheRightOne1234567890' });
    servers.push(server);
    const source = gitSource(server.url('site.git').replace('http://', `http://someone:${token}@`));
    const failure = await source.open().then(
      () => 'opened',
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/^CORPUS_GIT_URL: cannot clone http:\/\/127\.0\.0\.1:\d+\/site\.git: /);
    expect(failure).not.toContain(token);
    expect(failure.split('\n')).toHaveLength(1);
  });

  it('keeps serving the last checkout when the remote is away, says so once, and once when it is back', async () => {
    const repo = await site();
    const server = await GitHttpServer.start(path.dirname(repo.bare));
    servers.push(server);
    const { logger, lines } = recordingLogger();
    const source = gitSource(server.url('site.git'), { logger });
    await source.open();
    await server.stop();
    await source.fetchNow();
    await source.fetchNow();
    await source.fetchNow();
    expect(existsSync(path.join(source.dir, '_posts', 'first.md'))).toBe(true);
    expect(lines().match(/git remote cannot be fetched/g)).toHaveLength(1);
    // A restart with the remote away serves the checkout it has, with one warning again.
    const again = new GitSource({
      url: server.url('site.git'),
      paths: ['_posts'],
      intervalMs: 3_600_000,
      dir: source.dir,
      logger,
    });
    sources.push(again);
    await again.open();
    expect(lines().match(/git remote cannot be fetched/g)).toHaveLength(2);
    await server.listen();
    repo.write('_posts/back.md', entryFile({ title: 'Posted while away', doi: '10.5555/git.back' }));
    await repo.commitAndPush('while away');
    await source.fetchNow();
    expect(existsSync(path.join(source.dir, '_posts', 'back.md'))).toBe(true);
    expect(lines().match(/git remote fetched again/g)).toHaveLength(1);
  });
});
