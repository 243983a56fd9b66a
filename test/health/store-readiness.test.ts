import { createServer, type Server, type Socket, connect } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { ServiceHealth } from '../../src/health/service-health.ts';
import { HttpListener } from '../../src/http/http-listener.ts';
import { silentLogger } from '../../src/logger.ts';
import { openPostgresStore } from '../../src/store/postgres/open.ts';
import type { Store } from '../../src/store/store.ts';
import { COMMANDS } from '../../commands/index.ts';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres.ts';
import { TempFolders } from '../notify/entry-files.ts';

/**
 * A TCP relay between the bot and PostgreSQL that the test can cut: while cut, it drops every
 * connection and refuses new ones, as a database host that went away does.
 */
class CuttableRelay {
  private readonly sockets = new Set<Socket>();
  private cut = false;
  private constructor(private readonly server: Server) {}

  static async start(target: URL): Promise<CuttableRelay> {
    let relay: CuttableRelay | undefined;
    const server = createServer((client) => {
      if (!relay || relay.cut) {
        client.destroy();
        return;
      }
      const upstream = connect(Number(target.port || 5432), target.hostname);
      for (const socket of [client, upstream]) {
        relay.sockets.add(socket);
        socket.on('close', () => relay?.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    relay = new CuttableRelay(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return relay;
  }

  get port(): number {
    const address = this.server.address();
    return address && typeof address === 'object' ? address.port : 0;
  }

  cutOff(): void {
    this.cut = true;
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.cut = false;
  }

  async close(): Promise<void> {
    this.cutOff();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function readiness(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: await response.text() };
}

/** Polls /readyz until its status is `status`; returns how long that took. */
async function timeUntil(url: string, status: number): Promise<{ ms: number; body: string }> {
  const started = Date.now();
  for (;;) {
    const answer = await readiness(url);
    if (answer.status === status) return { ms: Date.now() - started, body: answer.body };
    if (Date.now() - started > 30_000) throw new Error(`/readyz stayed ${answer.status}: ${answer.body}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describeWithPostgres('readiness follows the PostgreSQL store', () => {
  it('turns 503 when the database goes away and 200 when it is back', async () => {
    const database: TestDatabase = await createTestDatabase();
    cleanups.push(() => database.drop());
    const relay = await CuttableRelay.start(new URL(database.url));
    cleanups.push(() => relay.close());
    const viaRelay = new URL(database.url);
    viaRelay.hostname = '127.0.0.1';
    viaRelay.port = String(relay.port);
    const store: Store = await openPostgresStore(viaRelay.toString());
    cleanups.push(() => store.close().catch(() => undefined));
    const folders = new TempFolders();
    cleanups.push(async () => folders.cleanup());
    const logger = silentLogger();
    const health = new ServiceHealth({
      alerts: { afterMs: 600_000, pendingLimit: 100 },
      searchBackend: 'minisearch',
      logger,
    });
    const measured = health.store(store);
    const bot = new Bot({ commands: COMMANDS, corpus: await Corpus.load(folders.make()), logger });
    const http = new HttpListener(logger);
    health.routes(http);
    const address = await http.listen(0, '127.0.0.1');
    cleanups.push(() => http.close());
    const url = `http://127.0.0.1:${address.port}`;

    expect(await readiness(url)).toEqual({ status: 503, body: 'not ready:\n- the corpus index is still loading\n' });
    health.attachCore({ bot, store: measured });
    expect(await readiness(url)).toEqual({ status: 200, body: 'ready\n' });

    relay.cutOff();
    const down = await timeUntil(url, 503);
    expect(down.body).toContain('the store is unreachable');
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/paperbot_store_errors_total [1-9]/);

    relay.restore();
    const up = await timeUntil(url, 200);
    if (process.env.PAPERBOT_REPORT_READINESS)
      process.stderr.write(`readyz: 503 after ${down.ms} ms, 200 after ${up.ms} ms\n`);
  });
});
