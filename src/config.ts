import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import {
  atLeast,
  databaseSecrets,
  flag,
  optionalText,
  positiveInteger,
  prefixed,
  snowflake,
  url,
  urlSecrets,
} from './config-values.ts';
import { DEFAULT_MAX_FILE_BYTES } from './corpus/corpus.ts';
import { DEFAULT_CONTENT_LANGUAGE } from './corpus/languages.ts';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './rate-limit.ts';
import type { NotificationOptions } from './notify/notifications.ts';
import { DEFAULT_ZOTERO_API_URL, DEFAULT_ZOTERO_SYNC_SECONDS, type ZoteroSettings } from './corpus/zotero/settings.ts';

/** Where the corpus and the store live when the environment does not say. */
export const DEFAULT_CORPUS_DIR = './corpus';
export const DEFAULT_DATA_DIR = './data';

const schema = z.object({
  CORPUS_DIR: optionalText.default(DEFAULT_CORPUS_DIR),
  DATA_DIR: optionalText.default(DEFAULT_DATA_DIR),
  DATABASE_URL: optionalText.refine((value) => value === undefined || /^postgres(ql)?:\/\/\S+$/.test(value), {
    message: 'expected a PostgreSQL connection URL, postgres://user:password@host:5432/database',
  }),
  SEARCH_BACKEND: optionalText
    .transform((value) => value?.toLowerCase())
    .refine((value) => value === undefined || value === 'minisearch' || value === 'postgres', {
      message: 'expected minisearch (the default) or postgres',
    }),
  SEARCH_CONNECTIONS: optionalText.refine(
    (value) => value === undefined || (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 100),
    {
      message: 'expected how many connections each process searches PostgreSQL through, a whole number from 1 to 100',
    },
  ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  MAX_FILE_BYTES: positiveInteger(DEFAULT_MAX_FILE_BYTES),
  CORPUS_LANGUAGE: optionalText
    .refine((value) => value === undefined || /^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$/i.test(value), {
      message: 'expected a language code such as en, de or pt-BR',
    })
    .transform((value) => value ?? DEFAULT_CONTENT_LANGUAGE),
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: snowflake,
  DISCORD_GUILD_ID: snowflake,
  DISCORD_API_URL: url('DISCORD_API_URL'),
  DISCORD_SHARD_COUNT: optionalText.refine((value) => value === undefined || /^[1-9]\d{0,4}$/.test(value), {
    message: 'expected the total number of shards, a whole number above 0',
  }),
  DISCORD_SHARDS: optionalText.refine(
    (value) => value === undefined || /^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(value.replace(/\s+/g, '')),
    {
      message: 'expected the shard ids this process runs, as a list and ranges such as 0,1 or 0-3',
    },
  ),
  SLACK_BOT_TOKEN: prefixed('xoxb-'),
  SLACK_APP_TOKEN: prefixed('xapp-'),
  SLACK_SIGNING_SECRET: optionalText.refine((value) => value === undefined || /^[0-9a-f]{16,}$/i.test(value), {
    message: 'expected the hex signing secret from the Slack app page',
  }),
  SLACK_API_URL: url('SLACK_API_URL'),
  SLACK_TEAM_ID: optionalText.refine(
    (value) => value === undefined || value.split(',').every((id) => /^[TE][A-Z0-9]{2,}$/.test(id.trim())),
    {
      message: 'expected workspace ids (T…) or an Enterprise Grid organisation id (E…), separated by commas',
    },
  ),
  SLACK_APP_ID: optionalText.refine((value) => value === undefined || /^A[A-Z0-9]{2,}$/.test(value), {
    message: "expected the app id (A…) from the Slack app's Basic Information page",
  }),
  SLACK_MANAGER_GROUP: optionalText.refine((value) => value === undefined || /^S[A-Z0-9]{2,}$/.test(value), {
    message: 'expected a user group id (S…) whose members may manage subscriptions and mentions',
  }),
  PORT: positiveInteger(3000).refine((value) => value > 0 && value < 65536, {
    message: 'expected a port number 1-65535',
  }),
  HOST: optionalText.default('0.0.0.0'),
  // The bot's own endpoints (health, metrics, push webhooks); none when HEALTH_PORT is unset.
  HEALTH_PORT: optionalText.refine(
    (value) => value === undefined || (/^\d+$/.test(value) && Number(value) > 0 && Number(value) < 65536),
    {
      message: 'expected a port number 1-65535 for the health, metrics and webhook endpoints',
    },
  ),
  HEALTH_HOST: optionalText.default('127.0.0.1'),
  // No silent failure: how long deliveries may fail or back up before the bot says so.
  DELIVERY_ALERT_AFTER_SECONDS: positiveInteger(600).refine((value) => value > 0, {
    message: 'expected a whole number of seconds above 0',
  }),
  DELIVERY_ALERT_PENDING: positiveInteger(100).refine((value) => value > 0, {
    message: 'expected a whole number of pending deliveries above 0',
  }),
  RATE_LIMIT_PER_USER: positiveInteger(DEFAULT_RATE_LIMITS.perUser).refine((value) => value > 0, {
    message: 'expected a whole number above 0',
  }),
  RATE_LIMIT_PER_CHANNEL: positiveInteger(DEFAULT_RATE_LIMITS.perChannel).refine((value) => value > 0, {
    message: 'expected a whole number above 0',
  }),
  RATE_LIMIT_WINDOW_SECONDS: positiveInteger(DEFAULT_RATE_LIMITS.windowMs / 1000).refine((value) => value > 0, {
    message: 'expected a whole number of seconds above 0',
  }),
  // Live notifications: the real deployment keeps the defaults; tests turn the waits down.
  WATCH_STABILITY_MS: atLeast(50),
  WATCH_POLLING: flag,
  NOTIFY_BATCH_MS: atLeast(0),
  NOTIFY_DIGEST_THRESHOLD: atLeast(1),
  NOTIFY_RETRY_BASE_MS: atLeast(1),
  NOTIFY_POLL_MS: atLeast(10),
  // A Zotero library as a corpus source (docs/corpus.md, "Zotero").
  ZOTERO_LIBRARY: optionalText.refine((value) => value === undefined || /^(groups|users)\/\d+$/.test(value), {
    message: "expected groups/<id> or users/<id>: the library's number, as in the group's page or the key page",
  }),
  ZOTERO_API_KEY: optionalText.refine((value) => value === undefined || /^[A-Za-z0-9]{16,64}$/.test(value), {
    message: 'expected the API key (letters and digits) created at zotero.org/settings/keys',
  }),
  ZOTERO_COLLECTION: optionalText.refine((value) => value === undefined || /^[A-Z0-9]{8}$/.test(value), {
    message: "expected a collection key: 8 capital letters and digits, as in the collection's web address",
  }),
  ZOTERO_API_URL: url('ZOTERO_API_URL'),
  ZOTERO_SYNC_INTERVAL: atLeast(1),
  // A git repository as a corpus source (docs/corpus.md, "Sources").
  CORPUS_GIT_URL: optionalText.refine(
    (value) => value === undefined || /^https?:\/\/\S+$/i.test(value) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(value),
    { message: 'expected an https URL of a git repository, or a local path to one' },
  ),
  CORPUS_GIT_BRANCH: optionalText.refine((value) => value === undefined || /^(?!-)[\w./-]+$/.test(value), {
    message: 'expected a branch name such as main or gh-pages',
  }),
  CORPUS_GIT_PATHS: optionalText.refine(
    (value) =>
      value === undefined ||
      value.split(',').every((part) => {
        const folder = part.trim().replace(/^\/+|\/+$/g, '');
        return folder !== '' && !folder.split('/').some((piece) => piece === '..' || piece === '.' || piece === '');
      }),
    { message: 'expected sub-folders of the repository, separated by commas, such as _posts,_publications' },
  ),
  CORPUS_GIT_INTERVAL: positiveInteger(300).refine((value) => value >= 1, {
    message: 'expected how often to fetch, in whole seconds (at least 1)',
  }),
  CORPUS_GIT_TOKEN: optionalText,
  CORPUS_GIT_WEBHOOK_SECRET: optionalText.refine((value) => value === undefined || value.length >= 8, {
    message: 'expected a shared secret of at least 8 characters, as entered in the webhook settings',
  }),
});

export interface Config {
  readonly corpusDir: string;
  readonly dataDir: string;
  /** Set: the store is this shared PostgreSQL database instead of the SQLite file in DATA_DIR. */
  readonly databaseUrl?: string;
  /** Where searches run: MiniSearch in this process, or PostgreSQL (DATABASE_URL) shared by every replica. */
  readonly searchBackend: 'minisearch' | 'postgres';
  /** Connections each process searches PostgreSQL through; absent: the backend's default. */
  readonly searchConnections?: number;
  readonly logLevel: string;
  readonly maxFileBytes: number;
  /** Where a page gives its title and abstract in several languages, this one is read. */
  readonly corpusLanguage: string;
  readonly rateLimits: RateLimits;
  /** How the corpus is watched and new entries announced; what is absent keeps its module's default. */
  readonly notifications: NotificationOptions;
  /** A git repository followed as a corpus source; absent: the corpus folder alone. */
  readonly git?: {
    readonly url: string;
    readonly branch?: string;
    readonly paths?: readonly string[];
    readonly intervalMs: number;
    readonly token?: string;
    readonly webhookSecret?: string;
    /** Where the checkout is kept: DATA_DIR/sources/git. */
    readonly dir: string;
  };
  /** Where the bot's own HTTP endpoints listen (health, metrics, webhooks); absent: no listener. */
  readonly http?: { readonly port: number; readonly host: string };
  /** A Zotero library followed as a corpus source; absent when ZOTERO_LIBRARY is unset. */
  readonly zotero?: ZoteroSettings;
  /** When failing or backed-up deliveries are reported (log, /readyz, /paper status). */
  readonly deliveryAlerts: { readonly afterMs: number; readonly pendingLimit: number };
  readonly discord?: {
    readonly token: string;
    readonly applicationId?: string;
    readonly guildId?: string;
    readonly apiUrl?: string;
    /** This process's shards of `count`; absent: one shard, as Discord asks of a bot in fewer than 2 500 servers. */
    readonly shards?: { readonly ids: readonly number[]; readonly count: number };
  };
  readonly slack?: {
    readonly botToken: string;
    readonly appToken?: string;
    readonly signingSecret?: string;
    readonly apiUrl?: string;
    readonly port: number;
    readonly host: string;
    /** The workspaces (or organisation) served; the bot token's own when absent. */
    readonly teamIds?: readonly string[];
    /** The app requests must be addressed to; the bot token's own when absent. */
    readonly appId?: string;
    /** A user group whose members may manage subscriptions, beside admins, owners and the channel's creator. */
    readonly managerGroup?: string;
  };
}

export type ConfigResult =
  | { readonly ok: true; readonly config: Config; readonly secrets: string[] }
  | { readonly ok: false; readonly errors: string[] };

export type Environment = Readonly<Record<string, string | undefined>>;

/** Reads `.env` from the working folder, if there is one; the real environment wins over it. */
export function environmentWithDotenv(env: Environment = process.env, cwd = process.cwd()): Environment {
  const file = path.join(cwd, '.env');
  if (!existsSync(file)) return env;
  return { ...parseDotenv(readFileSync(file)), ...env };
}

/** Every invalid key at once, each named with what is expected; secrets never appear in messages. */
export function loadConfig(env: Environment): ConfigResult {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
  }
  const values = parsed.data;
  const errors: string[] = [];
  const corpusDir = path.resolve(values.CORPUS_DIR);
  // With a source the corpus folder is optional: the source's folder alone can be the corpus.
  if (!isDirectory(corpusDir) && !((values.CORPUS_GIT_URL || values.ZOTERO_LIBRARY) && !existsSync(corpusDir)))
    errors.push(`CORPUS_DIR: ${values.CORPUS_DIR} is not a folder; expected the folder of corpus entries`);
  if (!values.CORPUS_GIT_URL) {
    for (const name of [
      'CORPUS_GIT_BRANCH',
      'CORPUS_GIT_PATHS',
      'CORPUS_GIT_TOKEN',
      'CORPUS_GIT_WEBHOOK_SECRET',
    ] as const)
      if (values[name]) errors.push(`CORPUS_GIT_URL: missing; ${name} is set, and needs the repository it belongs to`);
  }
  if (values.CORPUS_GIT_WEBHOOK_SECRET && values.HEALTH_PORT === undefined)
    errors.push('HEALTH_PORT: missing; CORPUS_GIT_WEBHOOK_SECRET needs the listener POST /hooks/git is sent to');
  const dataDir = path.resolve(values.DATA_DIR);
  if (existsSync(dataDir) && !isDirectory(dataDir))
    errors.push(`DATA_DIR: ${values.DATA_DIR} is a file; expected a folder (created if missing)`);
  if (values.SLACK_BOT_TOKEN && !values.SLACK_APP_TOKEN && !values.SLACK_SIGNING_SECRET) {
    errors.push(
      'SLACK_APP_TOKEN or SLACK_SIGNING_SECRET: Slack needs one of them with SLACK_BOT_TOKEN (Socket Mode or HTTP mode)',
    );
  }
  if (!values.SLACK_BOT_TOKEN && (values.SLACK_APP_TOKEN || values.SLACK_SIGNING_SECRET)) {
    errors.push('SLACK_BOT_TOKEN: missing; expected the xoxb- bot token alongside the other Slack settings');
  }
  if (values.DISCORD_TOKEN && !/^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/.test(values.DISCORD_TOKEN)) {
    errors.push('DISCORD_TOKEN: expected a bot token of three dot-separated parts, from the Discord developer portal');
  }
  if (values.SEARCH_BACKEND === 'postgres' && !values.DATABASE_URL) {
    errors.push('SEARCH_BACKEND: postgres needs DATABASE_URL, the PostgreSQL database that holds the search tables');
  }
  const zoteroExtras = ['ZOTERO_API_KEY', 'ZOTERO_COLLECTION', 'ZOTERO_API_URL', 'ZOTERO_SYNC_INTERVAL'] as const;
  if (values.ZOTERO_LIBRARY && !values.ZOTERO_API_KEY)
    errors.push('ZOTERO_API_KEY: missing; ZOTERO_LIBRARY needs a key with read access to the library');
  const strayZotero = zoteroExtras.find((name) => values[name] !== undefined);
  if (!values.ZOTERO_LIBRARY && strayZotero)
    errors.push(`ZOTERO_LIBRARY: missing; ${strayZotero} is set, expected the library too (groups/<id> or users/<id>)`);
  const shards = discordShards(values.DISCORD_SHARDS, values.DISCORD_SHARD_COUNT, errors);
  if (errors.length) return { ok: false, errors };

  const config: Config = {
    corpusDir,
    dataDir,
    databaseUrl: values.DATABASE_URL,
    searchBackend: values.SEARCH_BACKEND === 'postgres' ? 'postgres' : 'minisearch',
    searchConnections: values.SEARCH_CONNECTIONS === undefined ? undefined : Number(values.SEARCH_CONNECTIONS),
    logLevel: values.LOG_LEVEL ?? 'info',
    maxFileBytes: values.MAX_FILE_BYTES,
    corpusLanguage: values.CORPUS_LANGUAGE,
    rateLimits: {
      perUser: values.RATE_LIMIT_PER_USER,
      perChannel: values.RATE_LIMIT_PER_CHANNEL,
      windowMs: values.RATE_LIMIT_WINDOW_SECONDS * 1000,
    },
    git: values.CORPUS_GIT_URL
      ? {
          url: values.CORPUS_GIT_URL,
          branch: values.CORPUS_GIT_BRANCH,
          paths: values.CORPUS_GIT_PATHS?.split(',').map((part) => part.trim().replace(/^\/+|\/+$/g, '')),
          intervalMs: values.CORPUS_GIT_INTERVAL * 1000,
          token: values.CORPUS_GIT_TOKEN,
          webhookSecret: values.CORPUS_GIT_WEBHOOK_SECRET,
          dir: path.join(dataDir, 'sources', 'git'),
        }
      : undefined,
    http: values.HEALTH_PORT === undefined ? undefined : { port: Number(values.HEALTH_PORT), host: values.HEALTH_HOST },
    deliveryAlerts: {
      afterMs: values.DELIVERY_ALERT_AFTER_SECONDS * 1000,
      pendingLimit: values.DELIVERY_ALERT_PENDING,
    },
    notifications: {
      watcher: defined({ stabilityMs: values.WATCH_STABILITY_MS, usePolling: values.WATCH_POLLING }),
      notifier: defined({ batchWindowMs: values.NOTIFY_BATCH_MS, digestThreshold: values.NOTIFY_DIGEST_THRESHOLD }),
      retry: defined({ baseDelayMs: values.NOTIFY_RETRY_BASE_MS, sharedPollMs: values.NOTIFY_POLL_MS }),
    },
    zotero:
      values.ZOTERO_LIBRARY && values.ZOTERO_API_KEY
        ? {
            library: values.ZOTERO_LIBRARY,
            apiKey: values.ZOTERO_API_KEY,
            collection: values.ZOTERO_COLLECTION,
            apiUrl: (values.ZOTERO_API_URL ?? DEFAULT_ZOTERO_API_URL).replace(/\/+$/, ''),
            syncIntervalSeconds: values.ZOTERO_SYNC_INTERVAL ?? DEFAULT_ZOTERO_SYNC_SECONDS,
            dataDir,
          }
        : undefined,
    discord: values.DISCORD_TOKEN
      ? {
          token: values.DISCORD_TOKEN,
          applicationId: values.DISCORD_APPLICATION_ID,
          guildId: values.DISCORD_GUILD_ID,
          apiUrl: values.DISCORD_API_URL,
          shards,
        }
      : undefined,
    slack: values.SLACK_BOT_TOKEN
      ? {
          botToken: values.SLACK_BOT_TOKEN,
          appToken: values.SLACK_APP_TOKEN,
          signingSecret: values.SLACK_SIGNING_SECRET,
          apiUrl: values.SLACK_API_URL,
          port: values.PORT,
          host: values.HOST,
          teamIds: values.SLACK_TEAM_ID?.split(',').map((id) => id.trim()),
          appId: values.SLACK_APP_ID,
          managerGroup: values.SLACK_MANAGER_GROUP,
        }
      : undefined,
  };
  const secrets = [
    values.DISCORD_TOKEN,
    values.SLACK_BOT_TOKEN,
    values.SLACK_APP_TOKEN,
    values.SLACK_SIGNING_SECRET,
    values.ZOTERO_API_KEY,
    ...databaseSecrets(values.DATABASE_URL),
    values.CORPUS_GIT_TOKEN,
    values.CORPUS_GIT_WEBHOOK_SECRET,
    ...urlSecrets(values.CORPUS_GIT_URL),
  ].filter((value): value is string => Boolean(value));
  return { ok: true, config, secrets };
}

/** `DISCORD_SHARDS` (ids and ranges) of `DISCORD_SHARD_COUNT`; the count alone means every shard in this process. */
function discordShards(
  list: string | undefined,
  countText: string | undefined,
  errors: string[],
): { ids: number[]; count: number } | undefined {
  if (!countText) {
    if (list) errors.push('DISCORD_SHARD_COUNT: missing; DISCORD_SHARDS needs the total number of shards beside it');
    return undefined;
  }
  const count = Number(countText);
  if (!list) return { ids: Array.from({ length: count }, (_, id) => id), count };
  const ids = new Set<number>();
  for (const part of list.replace(/\s+/g, '').split(',')) {
    const [from = 0, to = from] = part.split('-').map(Number);
    for (let id = from; id <= to && id < count; id += 1) ids.add(id);
    if (to >= count || from > to) {
      errors.push(`DISCORD_SHARDS: ${part} is not within 0-${count - 1} (DISCORD_SHARD_COUNT is ${count})`);
      return undefined;
    }
  }
  return { ids: [...ids].sort((a, b) => a - b), count };
}

/** Only the settings given, so that spreading them over a module's defaults keeps the rest. */
function defined<T extends object>(values: { readonly [K in keyof T]: T[K] | undefined }): Partial<T> {
  const given: Partial<T> = {};
  for (const key of Object.keys(values) as (keyof T)[]) if (values[key] !== undefined) given[key] = values[key];
  return given;
}

function isDirectory(target: string): boolean {
  try {
    return statSync(target).isDirectory();
  } catch {
    return false;
  }
}
