import pg from 'pg';
import type { Logger } from '../logger.ts';
import type { CorpusOwnership } from './ownership.ts';
import { describeError } from './postgres-database.ts';

/** Any fixed number: the session lock that says which process owns the corpus duties. */
const OWNER_LOCK = 7_305_210_002;

/**
 * Ownership as a PostgreSQL session advisory lock held on a connection of its own. The server
 * releases it the moment that connection closes, so when the owner dies (even by SIGKILL) the
 * next `tryAcquire` of another process succeeds; no lease to wait out.
 */
export class AdvisoryLockOwnership implements CorpusOwnership {
  private client: pg.Client | undefined;
  private owner = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly lostListeners: ((reason: string) => void)[] = [];

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
    /** How often the owner checks that its connection, and so its lock, is still there. */
    private readonly heartbeatMs = 5_000,
  ) {}

  async tryAcquire(): Promise<boolean> {
    if (this.owner) return true;
    const client = await this.connection();
    const [row] = (await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [OWNER_LOCK]))
      .rows;
    if (!row?.locked) return false;
    this.owner = true;
    // A connection that dies quietly (a network cut) is found by the next heartbeat query.
    this.heartbeat = setInterval(() => {
      client
        .query('SELECT 1')
        .catch((error: unknown) => this.lose(`the connection holding the lock failed: ${describeError(error)}`));
    }, this.heartbeatMs);
    this.heartbeat.unref();
    return true;
  }

  held(): boolean {
    return this.owner;
  }

  onLost(listener: (reason: string) => void): void {
    this.lostListeners.push(listener);
  }

  async release(): Promise<void> {
    clearInterval(this.heartbeat);
    this.owner = false;
    const client = this.client;
    this.client = undefined;
    // Closing the session releases the lock.
    await client?.end().catch(() => undefined);
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({
      connectionString: this.url,
      application_name: 'paperbot corpus owner',
      keepAlive: true,
    });
    client.on('error', (error) => this.lose(`the connection holding the lock failed: ${describeError(error)}`));
    client.on('end', () => this.lose('the connection holding the lock closed'));
    await client.connect();
    this.client = client;
    return client;
  }

  private lose(reason: string): void {
    const wasOwner = this.owner;
    clearInterval(this.heartbeat);
    this.owner = false;
    const client = this.client;
    this.client = undefined;
    void client?.end().catch(() => undefined);
    if (!wasOwner) return;
    this.logger.error({ reason }, 'lost ownership of the corpus duties');
    for (const listener of this.lostListeners) listener(reason);
  }
}
