/** The bench's command line: `npm run bench -- --sizes 1000,10000,50000 --out bench.json`. */
export interface BenchArgs {
  readonly sizes: readonly number[];
  readonly out: string;
  readonly seed: number;
  /** Keep the generated corpus folders (their paths are printed). */
  readonly keep: boolean;
  /** Which search backend to measure: MiniSearch against stock MiniSearch, or PostgreSQL. */
  readonly backend: 'minisearch' | 'postgres';
  /** PostgreSQL only: concurrent clients, one pass over the queries each. */
  readonly clients: readonly number[];
  /** PostgreSQL only: what the database offers the search, each measured in turn (BENCH_SETUPS). */
  readonly setups: readonly BenchSetup[];
}

export const USAGE = `usage: npm run bench -- [--sizes 1000,10000,50000] [--out bench.json] [--seed 42] [--keep] [--backend minisearch|postgres] [--clients 1,8]
  --sizes  corpus sizes to run, comma-separated (each 100 to 1000000; default 1000,10000,50000; 100000 takes minutes more)
  --out    where the JSON results go (default bench.json)
  --seed   seed for the generated corpus and queries (default 42)
  --keep   keep the generated corpus folders instead of deleting them
  --backend  minisearch (default: ours against stock MiniSearch) or postgres (SEARCH_BACKEND=postgres on the
             server DATABASE_URL names, or on a throwaway one started on 127.0.0.1 when it names none)
  --clients  postgres only: concurrent clients, comma-separated (default 1,8)
  --setups   postgres only: rum (RUM and pg_trgm), gin (no RUM: a non-superuser role), plain (no extension), comma-separated (default rum,gin,plain)`;

/** What a bench database offers the search: see postgres-server.ts. */
export type BenchSetup = 'rum' | 'gin' | 'plain';
const BENCH_SETUPS: readonly BenchSetup[] = ['rum', 'gin', 'plain'];

const MIN_SIZE = 100;
const MAX_SIZE = 1_000_000;

export type ArgsResult =
  | { readonly ok: true; readonly args: BenchArgs }
  | { readonly ok: false; readonly error: string };

export function parseArgs(argv: readonly string[]): ArgsResult {
  let sizes: number[] = [1_000, 10_000, 50_000];
  let out = 'bench.json';
  let seed = 42;
  let keep = false;
  let backend: BenchArgs['backend'] = 'minisearch';
  let clients = [1, 8];
  let setups: BenchSetup[] = [...BENCH_SETUPS];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] as string).split('=', 2) as [string, string | undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--sizes': {
        const text = value() ?? '';
        sizes = text.split(',').map((part) => Number(part.replace(/_/g, '').trim()));
        if (!text || sizes.some((size) => !Number.isInteger(size) || size < MIN_SIZE || size > MAX_SIZE)) {
          return {
            ok: false,
            error: `--sizes takes whole numbers from ${MIN_SIZE} to ${MAX_SIZE}, comma-separated, not "${text}"`,
          };
        }
        break;
      }
      case '--out':
        out = value() ?? '';
        if (!out) return { ok: false, error: '--out needs a file name' };
        break;
      case '--seed':
        seed = Number(value());
        if (!Number.isInteger(seed)) return { ok: false, error: '--seed takes a whole number' };
        break;
      case '--keep':
        keep = true;
        break;
      case '--backend': {
        const name = value();
        if (name !== 'minisearch' && name !== 'postgres')
          return { ok: false, error: `--backend is minisearch or postgres, not "${name ?? ''}"` };
        backend = name;
        break;
      }
      case '--clients': {
        const text = value() ?? '';
        clients = text.split(',').map((part) => Number(part.trim()));
        if (!text || clients.some((count) => !Number.isInteger(count) || count < 1 || count > 64))
          return { ok: false, error: `--clients takes whole numbers from 1 to 64, comma-separated, not "${text}"` };
        break;
      }
      case '--setups': {
        const text = value() ?? '';
        const names = text.split(',').map((part) => part.trim());
        const known = names.filter((name): name is BenchSetup => (BENCH_SETUPS as readonly string[]).includes(name));
        if (!text || known.length !== names.length)
          return { ok: false, error: `--setups takes rum, gin and plain, comma-separated, not "${text}"` };
        setups = known;
        break;
      }
      default:
        return { ok: false, error: `unknown option ${flag}` };
    }
  }
  return { ok: true, args: { sizes, out, seed, keep, backend, clients, setups } };
}
