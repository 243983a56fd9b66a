/** The bench's command line: `npm run bench -- --sizes 1000,10000,50000 --out bench.json`. */
export interface BenchArgs {
  readonly sizes: readonly number[];
  readonly out: string;
  readonly seed: number;
  /** Keep the generated corpus folders (their paths are printed). */
  readonly keep: boolean;
}

export const USAGE = `usage: npm run bench -- [--sizes 1000,10000,50000] [--out bench.json] [--seed 42] [--keep]
  --sizes  corpus sizes to run, comma-separated (each 100 to 1000000; default 1000,10000,50000; 100000 takes minutes more)
  --out    where the JSON results go (default bench.json)
  --seed   seed for the generated corpus and queries (default 42)
  --keep   keep the generated corpus folders instead of deleting them`;

const MIN_SIZE = 100;
const MAX_SIZE = 1_000_000;

export type ArgsResult = { readonly ok: true; readonly args: BenchArgs } | { readonly ok: false; readonly error: string };

export function parseArgs(argv: readonly string[]): ArgsResult {
  let sizes: number[] = [1_000, 10_000, 50_000];
  let out = 'bench.json';
  let seed = 42;
  let keep = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] as string).split('=', 2) as [string, string | undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--sizes': {
        const text = value() ?? '';
        sizes = text.split(',').map((part) => Number(part.replace(/_/g, '').trim()));
        if (!text || sizes.some((size) => !Number.isInteger(size) || size < MIN_SIZE || size > MAX_SIZE)) {
          return { ok: false, error: `--sizes takes whole numbers from ${MIN_SIZE} to ${MAX_SIZE}, comma-separated, not "${text}"` };
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
      default:
        return { ok: false, error: `unknown option ${flag}` };
    }
  }
  return { ok: true, args: { sizes, out, seed, keep } };
}
