/**
 * How fast a push to the group's git repository reaches the channel. The real paperbot process
 * (Discord stand-in, default watcher and batching settings) serves a repository served by git
 * http-backend on loopback: the time from the webhook to the announcement, from a push to the
 * announcement with no webhook (fetched every CORPUS_GIT_INTERVAL), and 1 000 entries pushed in
 * one commit (how many messages, and whether each entry is counted once). Figures only.
 *
 * Run: npm run bench:git
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { STANDIN_TOKEN } from '../test/support/discord-harness.ts';
import { chatInputInteraction } from '../test/support/discord-payloads.ts';
import { DiscordStandin } from '../test/support/discord-standin.ts';
import { GitHttpServer } from '../test/support/git-http-server.ts';
import { SiteRepository } from '../test/support/git-repos.ts';
import {
  channelPosts,
  discordBotEnvironment,
  startBotProcess,
  stopChild,
  type BotProcess,
} from '../test/notify/bot-process.ts';
import { entryFile, eventually, TempFolders } from '../test/notify/entry-files.ts';

const SECRET = 'bench-webhook-secret';
const WEBHOOK_SAMPLES = 5;
const INTERVAL_SECONDS = 5;
const INTERVAL_SAMPLES = 3;
const BULK = 1_000;

const folders = new TempFolders();
const bots: BotProcess[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The bot as deployed: the watcher's and the notifier's defaults, not the tests' short waits. */
function environment(standin: DiscordStandin, data: string, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = discordBotEnvironment(standin, path.join(data, 'no-corpus'), data, extra);
  for (const name of ['NOTIFY_DIGEST_THRESHOLD', 'NOTIFY_BATCH_MS', 'WATCH_STABILITY_MS', 'NOTIFY_RETRY_BASE_MS'])
    delete env[name];
  return env;
}

async function subscribe(standin: DiscordStandin): Promise<void> {
  const interaction = chatInputInteraction('paper-subscribe', {}, { canManageChannel: true });
  const answered = standin.waitForRequest(
    (request) => request.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
  );
  standin.dispatchInteraction(interaction.payload);
  await answered;
}

function postedText(standin: DiscordStandin): string[] {
  return channelPosts(standin).map((request) => JSON.stringify(request.body));
}

async function waitForPost(standin: DiscordStandin, text: string, timeoutMs = 120_000): Promise<number> {
  await eventually(
    `"${text}" to be announced`,
    () => postedText(standin).some((body) => body.includes(text)),
    timeoutMs,
  );
  return performance.now();
}

async function startSite(): Promise<{ repo: SiteRepository; server: GitHttpServer }> {
  const repo = await SiteRepository.create();
  repo.write('_posts/seed.md', entryFile({ title: 'Seed post', doi: '10.5555/bench.seed' }));
  await repo.commitAndPush('seed');
  const server = await GitHttpServer.start(path.dirname(repo.bare));
  return { repo, server };
}

function summary(label: string, values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  return `${label}: median ${(median / 1000).toFixed(2)} s, max ${((sorted.at(-1) ?? 0) / 1000).toFixed(2)} s over ${values.length}`;
}

async function webhookAndBulk(): Promise<void> {
  const standin = await DiscordStandin.start({ token: STANDIN_TOKEN });
  const { repo, server } = await startSite();
  const port = await freePort();
  const data = folders.make();
  const env = environment(standin, data, {
    CORPUS_GIT_URL: server.url('site.git'),
    CORPUS_GIT_PATHS: '_posts',
    CORPUS_GIT_INTERVAL: '3600',
    CORPUS_GIT_WEBHOOK_SECRET: SECRET,
    HEALTH_PORT: String(port),
  });
  const bot = await startBotProcess(env, data, bots);
  await subscribe(standin);
  const hook = async (): Promise<void> => {
    const body = JSON.stringify({ ref: 'refs/heads/main' });
    const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    const answer = await fetch(`http://127.0.0.1:${port}/hooks/git`, {
      method: 'POST',
      headers: { 'x-hub-signature-256': signature, 'x-github-event': 'push' },
      body,
    });
    if (answer.status !== 202) throw new Error(`webhook answered ${answer.status}`);
  };

  const latencies: number[] = [];
  for (let i = 1; i <= WEBHOOK_SAMPLES; i++) {
    const title = `Webhook bench post ${i}`;
    repo.write(`_posts/webhook-${i}.md`, entryFile({ title, doi: `10.5555/bench.hook.${i}` }));
    await repo.commitAndPush(`post ${i}`, 'Bench Author');
    const sent = performance.now();
    await hook();
    latencies.push((await waitForPost(standin, title)) - sent);
  }
  console.log(summary('webhook -> announcement', latencies));

  const before = channelPosts(standin).length;
  for (let i = 1; i <= BULK; i++)
    repo.write(`_posts/bulk/${i}.md`, entryFile({ title: `Bulk bench entry ${i}`, doi: `10.5555/bench.bulk.${i}` }));
  await repo.commitAndPush('a thousand entries', 'Bulk Importer');
  const sent = performance.now();
  await hook();
  let counted = 0;
  const bulkPosts = (): string[] => postedText(standin).slice(before);
  await eventually(
    'every bulk entry to be announced',
    () => {
      counted = bulkPosts().reduce((sum, body) => {
        const digest = /(\d+) new entries/.exec(body);
        return sum + (digest ? Number(digest[1]) : body.includes('Bulk bench entry') ? 1 : 0);
      }, 0);
      return counted >= BULK;
    },
    300_000,
  );
  const elapsed = performance.now() - sent;
  await new Promise((resolve) => setTimeout(resolve, 20_000));
  const posts = bulkPosts();
  const finalCount = posts.reduce(
    (sum, body) => sum + Number(/(\d+) new entries/.exec(body)?.[1] ?? (body.includes('Bulk bench entry') ? 1 : 0)),
    0,
  );
  console.log(
    `${BULK} entries in one push: ${posts.length} message(s) (${posts.filter((body) => /new entries/.test(body)).length} digest(s)), ${finalCount} entries counted in them, all in ${(elapsed / 1000).toFixed(1)} s after the webhook`,
  );
  await stopChild(bot.child, 'SIGTERM');
  await server.stop();
  await standin.close();
  repo.cleanup();
}

async function interval(): Promise<void> {
  const standin = await DiscordStandin.start({ token: STANDIN_TOKEN });
  const { repo, server } = await startSite();
  const data = folders.make();
  const env = environment(standin, data, {
    CORPUS_GIT_URL: server.url('site.git'),
    CORPUS_GIT_PATHS: '_posts',
    CORPUS_GIT_INTERVAL: String(INTERVAL_SECONDS),
  });
  const bot = await startBotProcess(env, data, bots);
  await subscribe(standin);
  const latencies: number[] = [];
  for (let i = 1; i <= INTERVAL_SAMPLES; i++) {
    const title = `Interval bench post ${i}`;
    repo.write(`_posts/interval-${i}.md`, entryFile({ title, doi: `10.5555/bench.interval.${i}` }));
    await repo.commitAndPush(`interval ${i}`);
    const pushed = performance.now();
    latencies.push((await waitForPost(standin, title)) - pushed);
  }
  console.log(summary(`push -> announcement, no webhook (CORPUS_GIT_INTERVAL=${INTERVAL_SECONDS})`, latencies));
  await stopChild(bot.child, 'SIGTERM');
  await server.stop();
  await standin.close();
  repo.cleanup();
}

try {
  await webhookAndBulk();
  await interval();
} finally {
  for (const bot of bots.splice(0)) await stopChild(bot.child, 'SIGKILL');
  folders.cleanup();
}
