import path from 'node:path';
import type { Config } from '../config.ts';
import { backupSqliteStore, restoreSqliteStore } from '../store/sqlite/backup.ts';

export interface CliOutcome {
  readonly exitCode: number;
  readonly lines: readonly string[];
}

/** What an operator runs instead when the store is PostgreSQL (DATABASE_URL). */
const POSTGRES_LINES = [
  'The store is PostgreSQL (DATABASE_URL): back it up and restore it with the PostgreSQL tools, e.g.',
  '  pg_dump --format=custom --file=paperbot.dump "$DATABASE_URL"',
  '  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" paperbot.dump   (with every paperbot stopped)',
  'See docs/operations.md.',
];

/** `paperbot backup FILE`: a consistent copy of the SQLite store, taken while the bot runs. */
export async function backupStore(config: Config, file: string | undefined): Promise<CliOutcome> {
  if (config.databaseUrl) return { exitCode: 2, lines: POSTGRES_LINES };
  if (!file)
    return {
      exitCode: 2,
      lines: ['paperbot backup needs a file to write, e.g. paperbot backup paperbot-backup.sqlite'],
    };
  try {
    const { pages } = await backupSqliteStore(config.dataDir, path.resolve(file));
    return { exitCode: 0, lines: [`Backed up the store to ${file} (${pages} pages).`] };
  } catch (error) {
    return {
      exitCode: 1,
      lines: [`paperbot: backup failed: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
}

/** `paperbot restore FILE`: replaces the SQLite store with a backup, never under a running bot. */
export function restoreStore(config: Config, file: string | undefined): CliOutcome {
  if (config.databaseUrl) return { exitCode: 2, lines: POSTGRES_LINES };
  if (!file)
    return {
      exitCode: 2,
      lines: ['paperbot restore needs the backup file, e.g. paperbot restore paperbot-backup.sqlite'],
    };
  try {
    restoreSqliteStore(config.dataDir, path.resolve(file));
    return {
      exitCode: 0,
      lines: [
        `Restored the store from ${file}. On its next start the bot announces the entries that backup had not seen, once each.`,
      ],
    };
  } catch (error) {
    return {
      exitCode: 1,
      lines: [`paperbot: restore refused: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
}
