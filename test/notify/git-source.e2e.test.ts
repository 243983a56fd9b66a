import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DiscordStandin } from '../support/discord-standin.ts';
import { STANDIN_TOKEN } from '../support/discord-harness.ts';
import { chatInputInteraction } from '../support/discord-payloads.ts';
import { GitHttpServer } from '../support/git-http-server.ts';
import { SiteRepository } from '../support/git-repos.ts';
import { entryFile, eventually, TempFolders } from './entry-files.ts';
import {
  announcedTitles,
  channelPosts,
  counts,
  discordBotEnvironment,
  quiet,
  startBotProcess,
  stopChild,
  type BotProcess,
} from './bot-process.ts';

/**
 * The real `paperbot` process serving a git repository (served by git http-backend on loopback,
 * behind a token) on the Discord stand-in: pushes arrive through the webhook or the interval,
 * are announced once with who added them, and nothing is announced twice after a rename or a
 * rewritten history.
 */
const BIN = fileURLToPath(new URL('../support/paperbot-from-source.mjs', import.meta.url));
const TOKEN = 'ghp_E2eSecretToken0123456789abcdef';
const WEBHOOK_SECRET = 'webhook-shared-secret';

const folders = new TempFolders();
const bots: BotProcess[] = [];
const standins: DiscordStandin[] = [];
const servers: GitHttpServer[] = [];
const repos: SiteRepository[] = [];

afterEach(async () => {
  for (const bot of bots.splice(0)) await stopChild(bot.child, 'SIGTERM');
  for (const standin of standins.splice(0)) await standin.close();
  for (const server of servers.splice(0)) await server.stop();
  for (const repo of repos.splice(0)) repo.cleanup();
  folders.cleanup();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Setup {
  readonly repo: SiteRepository;
  readonly server: GitHttpServer;
  readonly data: string;
  readonly env: NodeJS.ProcessEnv;
}

async function setup(extra: NodeJS.ProcessEnv = {}): Promise<Setup> {
  const repo = await SiteRepository.create();
  repos.push(repo);
  repo.write('_posts/first.md', entryFile({ title: 'Site post one', doi: '10.5555/site.1' }));
  repo.write('about.md', entryFile({ title: 'Not under the included folder', doi: '10.5555/site.about' }));
  await repo.commitAndPush('first', 'Alice Example');
  const server = await GitHttpServer.start(path.dirname(repo.bare), { token: TOKEN });
  servers.push(server);
  const data = folders.make();
  const env = {
    // No corpus folder at all: the repository is the corpus.
    CORPUS_DIR: path.join(data, 'no-such-corpus'),
    DATA_DIR: data,
    CORPUS_GIT_URL: server.url('site.git'),
    CORPUS_GIT_TOKEN: TOKEN,
    CORPUS_GIT_PATHS: '_posts',
    ...extra,
  };
  return { repo, server, data, env };
}

async function subscribe(standin: DiscordStandin): Promise<void> {
  const interaction = chatInputInteraction('paper-subscribe', {}, { canManageChannel: true });
  const answered = standin.waitForRequest(
    (request) => request.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
  );
  standin.dispatchInteraction(interaction.payload);
  expect(JSON.stringify((await answered).body)).toContain('every new entry');
}

function postHook(port: number, body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/hooks/git`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

function githubSignature(body: string, secret = WEBHOOK_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function footers(standin: DiscordStandin): string[] {
  return channelPosts(standin).flatMap((request) =>
    ((request.body as { embeds?: { footer?: { text?: string } }[] }).embeds ?? []).map(
      (embed) => embed.footer?.text ?? '',
    ),
  );
}

describe('paperbot serving a git repository', () => {
  it('announces a pushed entry once after the webhook, with its author, and never again after a rename or a force-push', async () => {
    const standin = await DiscordStandin.start({ token: STANDIN_TOKEN });
    standins.push(standin);
    const port = await freePort();
    const { repo, data, env } = await setup({
      CORPUS_GIT_INTERVAL: '3600',
      CORPUS_GIT_WEBHOOK_SECRET: WEBHOOK_SECRET,
      HEALTH_PORT: String(port),
    });
    const bot = await startBotProcess(discordBotEnvironment(standin, env.CORPUS_DIR ?? '', data, env), data, bots);
    await subscribe(standin);

    const push = JSON.stringify({ ref: 'refs/heads/main', token: 'not-logged-body' });
    expect((await postHook(port, push, { 'x-hub-signature-256': githubSignature(push, 'wrong-secret') })).status).toBe(
      401,
    );
    expect((await postHook(port, push, {})).status).toBe(401);
    expect((await postHook(port, push, { 'x-gitlab-token': 'wrong-secret' })).status).toBe(401);

    repo.write('_posts/second.md', entryFile({ title: 'Site post two', doi: '10.5555/site.2' }));
    await repo.commitAndPush('second', 'Bob Builder');
    const accepted = await postHook(port, push, { 'x-hub-signature-256': githubSignature(push) });
    expect(accepted.status).toBe(202);
    await eventually(
      'the pushed entry to be announced',
      () => announcedTitles(standin).includes('Site post two'),
      30_000,
    );
    expect(footers(standin).join('\n')).toContain('Added by Bob Builder');

    // A rename (GitLab's header this time): the same entry, not a new one.
    repo.move('_posts/second.md', '_posts/2021/second.md');
    await repo.commitAndPush('move', 'Carol Mover');
    expect((await postHook(port, push, { 'x-gitlab-token': WEBHOOK_SECRET })).status).toBe(202);
    await eventually(
      'the rename to be read',
      () => bot.output().includes('"file":"git:_posts/2021/second.md"'),
      30_000,
    );

    // History rewritten into one commit, with one more post: only that one is new.
    repo.write('_posts/third.md', entryFile({ title: 'Site post three', doi: '10.5555/site.3' }));
    await repo.rewriteHistory();
    expect((await postHook(port, push, { 'x-hub-signature-256': githubSignature(push) })).status).toBe(202);
    await eventually(
      'the entry of the rewrite to be announced',
      () => announcedTitles(standin).includes('Site post three'),
      30_000,
    );
    await quiet(standin, 30_000);

    const perTitle = counts(announcedTitles(standin));
    expect(Object.fromEntries(perTitle)).toEqual({ 'Site post two': 1, 'Site post three': 1 });
    const everything = `${bot.output()}\n${JSON.stringify(standin.requests)}\n${readFileSync(path.join(data, 'sources', 'git', '.git', 'config'), 'utf8')}`;
    expect(everything).not.toContain(TOKEN);
    expect(bot.output()).not.toContain('not-logged-body');
    expect(bot.output().match(/git webhook refused/g)).toHaveLength(3);
  }, 150_000);

  it('announces a pushed entry within an interval without any webhook', async () => {
    const standin = await DiscordStandin.start({ token: STANDIN_TOKEN });
    standins.push(standin);
    const { repo, data, env } = await setup({ CORPUS_GIT_INTERVAL: '1' });
    await startBotProcess(discordBotEnvironment(standin, env.CORPUS_DIR ?? '', data, env), data, bots);
    await subscribe(standin);
    repo.write('_posts/later.md', entryFile({ title: 'Posted without a webhook', doi: '10.5555/site.later' }));
    await repo.commitAndPush('later', 'Dana Poster');
    await eventually(
      'the entry to be announced',
      () => announcedTitles(standin).includes('Posted without a webhook'),
      30_000,
    );
    await quiet(standin, 20_000);
    expect(counts(announcedTitles(standin)).get('Posted without a webhook')).toBe(1);
  }, 120_000);

  it('check and a console question work with CORPUS_GIT_URL and no corpus folder', async () => {
    const { data, env } = await setup();
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, [BIN, ...args], {
        cwd: data,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      });
    const checked = await run(['check']);
    expect(checked.stdout).toContain('1 entry loaded, 0 files failed');
    expect(checked.stdout).not.toContain('Not under the included folder');
    const asked = await run(['ask', '/paper site post one']);
    expect(asked.stdout).toContain('Site post one');
    expect(`${checked.stdout}${checked.stderr}${asked.stdout}${asked.stderr}`).not.toContain(TOKEN);
  }, 120_000);

  it('fails a first start with one clear line when the remote cannot be reached', async () => {
    const { server, data, env } = await setup();
    await server.stop();
    const failed = await promisify(execFile)(process.execPath, [BIN, 'start'], {
      cwd: data,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr.trim()).toMatch(
      /^paperbot: CORPUS_GIT_URL: cannot clone http:\/\/127\.0\.0\.1:\d+\/site\.git: [^\n]+$/,
    );
    expect(failed?.stderr).not.toContain(TOKEN);
  }, 60_000);
});
