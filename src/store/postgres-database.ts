import pg from 'pg';
import type { Logger } from '../logger.ts';

/** Runs SQL; inside `transaction` every statement belongs to that one transaction. */
export interface Sql {
  query<Row extends pg.QueryResultRow>(text: string, values?: readonly unknown[]): Promise<Row[]>;
  /** Runs `work` in a transaction: committed when it resolves, rolled back when it throws. Nested calls join the outer one. */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
}

export interface DatabaseOptions {
  /** Connections this process opens at most. */
  readonly maxConnections?: number;
  readonly logger?: Logger;
  /** Settings each connection starts with (name to value, neither holding spaces), for this pool's kind of work. */
  readonly settings?: Readonly<Record<string, string>>;
  /**
   * Keep idle connections open rather than closing them after pg's 10 s: a new connection maps
   * the server's shared memory page by page as its first queries touch it, so its first searches
   * are several times slower (see docs/scaling.md, "Connections").
   */
  readonly keepIdleConnections?: boolean;
}

/**
 * A pool of connections to the PostgreSQL database of `DATABASE_URL`. Errors name the
 * database by host, port and name, never with the password the URL may hold.
 */
export class Database implements Sql {
  private constructor(
    private readonly pool: pg.Pool,
    readonly url: string,
  ) {}

  static async connect(url: string, options: DatabaseOptions = {}): Promise<Database> {
    // Settings travel in the start-up message (`options`), so no connection runs a query before them;
    // an `options` parameter in the URL itself takes their place.
    const settings = Object.entries(options.settings ?? {})
      .map(([name, value]) => `-c ${name}=${value}`)
      .join(' ');
    const pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? 10,
      application_name: 'paperbot',
      connectionTimeoutMillis: 10_000,
      ...(options.keepIdleConnections ? { idleTimeoutMillis: 0 } : {}),
      ...(settings ? { options: settings } : {}),
    });
    // An idle connection that breaks (server restart) must not take the process down; the next query reconnects.
    pool.on('error', (error) =>
      options.logger?.warn({ err: { message: describeError(error) } }, 'a PostgreSQL connection was lost'),
    );
    const database = new Database(pool, url);
    try {
      await pool.query('SELECT 1');
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new Error(
        `cannot reach the PostgreSQL database of DATABASE_URL (${describeUrl(url)}): ${describeError(error)}`,
      );
    }
    return database;
  }

  async query<Row extends pg.QueryResultRow>(text: string, values?: readonly unknown[]): Promise<Row[]> {
    return (await this.pool.query<Row>(text, values as unknown[] | undefined)).rows;
  }

  async transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(new TransactionSql(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      // A connection whose rollback failed is in an unknown state: close it rather than reuse it.
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}

class TransactionSql implements Sql {
  constructor(private readonly client: pg.PoolClient) {}

  async query<Row extends pg.QueryResultRow>(text: string, values?: readonly unknown[]): Promise<Row[]> {
    return (await this.client.query<Row>(text, values as unknown[] | undefined)).rows;
  }

  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return work(this);
  }
}

/** `host:port/database` of a connection URL, for messages; never the user's password. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'local socket'}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname || '/'}`;
  } catch {
    return 'an unreadable URL';
  }
}

export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length) return error.errors.map(describeError).join('; ');
  return error instanceof Error ? error.message || error.name : String(error);
}
