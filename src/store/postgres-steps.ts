import type { Sql } from './postgres-database.ts';

/** One numbered step of a PostgreSQL schema; steps are only ever appended, never edited. */
export interface PostgresStep {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export interface StepsOptions {
  /** The table that lists the steps applied. */
  readonly table: string;
  /** An advisory lock of its own: processes starting together queue on it, so each step runs once. */
  readonly lock: number;
  readonly steps: readonly PostgresStep[];
  /** Apply up to this version (the last by default). */
  readonly target?: number;
  /** What the tables are called in the message when the database is newer than this paperbot. */
  readonly describe: string;
  /** Work that must also happen once, under the lock, before the steps (creating extensions). */
  readonly first?: (sql: Sql) => Promise<void>;
}

/** Applies the missing steps in one transaction under the advisory lock; returns the versions applied. */
export async function applySteps(database: Sql, options: StepsOptions): Promise<number[]> {
  const latest = options.steps.at(-1)?.version ?? 0;
  const target = options.target ?? latest;
  return database.transaction(async (sql) => {
    await sql.query('SELECT pg_advisory_xact_lock($1)', [options.lock]);
    await options.first?.(sql);
    await sql.query(`CREATE TABLE IF NOT EXISTS ${options.table} (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const [row] = await sql.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${options.table}`);
    const current = row?.version ?? 0;
    if (current > latest) {
      throw new Error(
        `the database's ${options.describe} ${current}, newer than this paperbot knows (${latest}); upgrade paperbot or use another DATABASE_URL`,
      );
    }
    const applied: number[] = [];
    for (const step of options.steps) {
      if (step.version <= current || step.version > target) continue;
      await sql.query(step.sql);
      await sql.query(`INSERT INTO ${options.table} (version, name) VALUES ($1, $2)`, [step.version, step.name]);
      applied.push(step.version);
    }
    return applied;
  });
}
