import type { Sql } from '../../store/postgres-database.ts';
import { describeError } from '../../store/postgres-database.ts';

/**
 * Which optional PostgreSQL extensions the search runs on in this database. None is required:
 * without RUM, matches are found and ranked through the built-in GIN index of the words; without
 * pg_trgm, typos are corrected from the corpus words sharing the typed word's first letter; without
 * unaccent, paperbot folds accents itself before PostgreSQL sees the text.
 */
export interface SearchCapabilities {
  /** RUM's index and its distance operator (`<=>`): similar entries ordered by the index. */
  readonly rum: boolean;
  /** pg_trgm's trigram index of the corpus words: typo candidates by similarity, any letter wrong. */
  readonly trigrams: boolean;
  /** The unaccent dictionary in the text search configuration. */
  readonly unaccent: boolean;
  /** Why an extension the server ships is not used, for the start-up line (absent: nothing to say). */
  readonly notes: readonly string[];
}

const WANTED = ['rum', 'pg_trgm', 'unaccent'] as const;
type Extension = (typeof WANTED)[number];

interface Offered {
  readonly name: Extension;
  readonly installed: boolean;
  readonly available: boolean;
  readonly trusted: boolean;
}

/**
 * Creates the extensions this role may create and the server ships, and says which are there.
 * A role may create one when it is a superuser, or (PostgreSQL 13+) when the extension is
 * trusted (pg_trgm and unaccent are, RUM is not) and the role has CREATE on the database. Never
 * fails for an extension: one that cannot be created is left out and named in `notes`. Runs in
 * the migration's transaction, so each attempt sits in a savepoint of its own.
 */
export async function ensureExtensions(sql: Sql): Promise<SearchCapabilities> {
  const offered = await sql.query<Offered>(
    `SELECT w.name,
       EXISTS (SELECT 1 FROM pg_extension e WHERE e.extname = w.name) AS installed,
       a.name IS NOT NULL AS available,
       coalesce((SELECT v.trusted FROM pg_available_extension_versions v WHERE v.name = w.name AND v.version = a.default_version), false) AS trusted
     FROM unnest($1::text[]) WITH ORDINALITY AS w(name, place) LEFT JOIN pg_available_extensions a ON a.name = w.name
     ORDER BY w.place`,
    [WANTED],
  );
  const [role] = await sql.query<{ superuser: boolean; create: boolean }>(
    `SELECT rolsuper AS superuser, has_database_privilege(current_database(), 'CREATE') AS "create"
     FROM pg_roles WHERE rolname = current_user`,
  );
  const notes: string[] = [];
  const present = new Set<Extension>();
  for (const extension of offered) {
    if (extension.installed) {
      present.add(extension.name);
      continue;
    }
    if (!extension.available) {
      notes.push(`${extension.name} not installed on the server`);
      continue;
    }
    if (!role?.superuser && !(extension.trusted && role?.create)) {
      notes.push(
        `${extension.name} not created (this role may not; a superuser can run CREATE EXTENSION ${extension.name})`,
      );
      continue;
    }
    try {
      await sql.query('SAVEPOINT paperbot_extension');
      await sql.query(`CREATE EXTENSION IF NOT EXISTS ${extension.name}`);
      await sql.query('RELEASE SAVEPOINT paperbot_extension');
      present.add(extension.name);
    } catch (error) {
      await sql.query('ROLLBACK TO SAVEPOINT paperbot_extension');
      notes.push(`${extension.name} not created (${describeError(error)})`);
    }
  }
  return { rum: present.has('rum'), trigrams: present.has('pg_trgm'), unaccent: present.has('unaccent'), notes };
}

/** The one start-up line saying what the search runs on. */
export function describeCapabilities(capabilities: SearchCapabilities): string {
  const engine = capabilities.rum
    ? 'PostgreSQL full-text (GIN, RUM for similar entries)'
    : 'PostgreSQL full-text (GIN)';
  const typos = capabilities.trigrams
    ? 'typo tolerance by pg_trgm'
    : 'typo tolerance by the corpus words table (first letter as typed)';
  const notes = capabilities.notes.length ? `; ${capabilities.notes.join('; ')}` : '';
  return `search: ${engine}, ${typos}${notes}`;
}
