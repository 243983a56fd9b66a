/**
 * Broken corpus files made from the seeds: cut at every line, bytes flipped from a fixed seed,
 * YAML bombs, binary and mis-encoded files. Each comes with a name that says what was done.
 */

export interface Mutant {
  /** A file name (relative), unique among the mutants, ending in the seed's extension. */
  readonly name: string;
  readonly bytes: Buffer;
}

/** mulberry32: small and seeded, so every run tries the same mutations. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function stem(seedName: string): { base: string; ext: string } {
  const dot = seedName.lastIndexOf('.');
  return { base: seedName.slice(0, dot).slice(0, 24), ext: seedName.slice(dot) };
}

/** The seed cut after each of its lines (0 lines: an empty file), and in the middle of each line. */
export function truncations(seedName: string, seed: Buffer): Mutant[] {
  const { base, ext } = stem(seedName);
  const mutants: Mutant[] = [];
  const ends: number[] = [0];
  for (let at = seed.indexOf(0x0a); at >= 0; at = seed.indexOf(0x0a, at + 1)) ends.push(at + 1);
  ends.forEach((end, line) => {
    mutants.push({ name: `${base}-cut-after-line-${line}${ext}`, bytes: seed.subarray(0, end) });
    const next = ends[line + 1] ?? seed.length;
    if (next - end > 2)
      mutants.push({
        name: `${base}-cut-inside-line-${line + 1}${ext}`,
        bytes: seed.subarray(0, end + Math.floor((next - end) / 2)),
      });
  });
  return mutants;
}

/** What a flip writes: mostly one flipped bit (an edit that keeps ASCII ASCII), else YAML syntax or any byte. */
const SYNTAX_BYTES = Buffer.from(':-"\'#|>[]{}&*!%@,? \n\t\\');

/** `count` copies of the seed, each with 1–8 bytes changed: a flipped bit, a YAML syntax character or any byte. */
export function byteFlips(seedName: string, seed: Buffer, count: number, randomSeed: number): Mutant[] {
  const { base, ext } = stem(seedName);
  const random = seededRandom(randomSeed);
  return Array.from({ length: count }, (_, index) => {
    const bytes = Buffer.from(seed);
    const flips = 1 + Math.floor(random() * 8);
    for (let flip = 0; flip < flips; flip += 1) {
      const at = Math.floor(random() * bytes.length);
      const mode = random();
      if (mode < 0.6) bytes[at] = (bytes[at] ?? 0) ^ (1 << Math.floor(random() * 7));
      else if (mode < 0.9) bytes[at] = SYNTAX_BYTES[Math.floor(random() * SYNTAX_BYTES.length)] ?? 0x3a;
      else bytes[at] = Math.floor(random() * 256);
    }
    return { name: `${base}-flip-${index}${ext}`, bytes };
  });
}

const frontMatter = (body: string): Buffer => Buffer.from(`---\n${body}\n---\n`);

/** Billion laughs: nine levels of nine aliases each, 387 420 489 strings if expanded. */
function billionLaughs(): string {
  const lines = ['l0: &l0 "lol lol lol lol lol lol lol lol lol"'];
  for (let level = 1; level <= 9; level += 1)
    lines.push(
      `l${level}: &l${level} [${Array(9)
        .fill(`*l${level - 1}`)
        .join(', ')}]`,
    );
  return [...lines, 'title: *l9', 'author: *l9', 'original: *l9', 'summary: *l9', 'similar: *l9', 'link: *l9'].join(
    '\n',
  );
}

/** YAML written to exhaust the parser or the loader: deep nesting, alias expansion, huge scalars. */
export function yamlBombs(): Mutant[] {
  return [
    { name: 'bomb-billion-laughs.md', bytes: frontMatter(billionLaughs()) },
    { name: 'bomb-flow-nesting.md', bytes: frontMatter(`title: ${'['.repeat(100_000)}${']'.repeat(100_000)}`) },
    { name: 'bomb-map-nesting.md', bytes: frontMatter(`title: ${'{a: '.repeat(20_000)}x${'}'.repeat(20_000)}`) },
    {
      name: 'bomb-block-nesting.md',
      bytes: frontMatter(Array.from({ length: 3_000 }, (_, depth) => `${' '.repeat(depth)}k${depth}:`).join('\n')),
    },
    {
      name: 'bomb-list-nesting.md',
      bytes: frontMatter(
        `title:\n${Array.from({ length: 3_000 }, (_, depth) => `${' '.repeat(depth * 2)}- `).join('\n')}x`,
      ),
    },
    { name: 'bomb-self-alias.md', bytes: frontMatter('a: &a [*a]\ntitle: *a') },
    { name: 'bomb-undefined-alias.md', bytes: frontMatter('title: *nothing') },
    {
      name: 'bomb-merge-keys.md',
      bytes: frontMatter(
        `base: &b {title: x}\n${Array.from({ length: 2_000 }, (_, i) => `m${i}: {<<: *b}`).join('\n')}\ntitle: ok merge`,
      ),
    },
    {
      name: 'bomb-many-keys.md',
      bytes: frontMatter(`${Array.from({ length: 50_000 }, (_, i) => `k${i}: v`).join('\n')}\ntitle: many keys`),
    },
    { name: 'bomb-long-scalar.md', bytes: frontMatter(`title: long\noriginal: "${'a'.repeat(4_000_000)}"`) },
    {
      name: 'bomb-js-engine.md',
      bytes: Buffer.from('---js\n{ title: require("fs").writeFileSync("/tmp/pwned", "x") }\n---\n'),
    },
    { name: 'bomb-custom-tag.md', bytes: frontMatter('title: !!js/function "function () { return 1 }"') },
    { name: 'bomb-binary-tag.md', bytes: frontMatter(`title: !!binary ${'QUJD'.repeat(10_000)}`) },
    { name: 'bomb-duplicate-keys.md', bytes: frontMatter('title: one\ntitle: two') },
    { name: 'bomb-unclosed.md', bytes: Buffer.from(`---\ntitle: never closed\n${'x: y\n'.repeat(1_000)}`) },
  ];
}

/** Files that are not text at all, or not UTF-8. */
export function encodingMutants(seed: Buffer): Mutant[] {
  const random = seededRandom(99);
  return [
    { name: 'binary-random.md', bytes: Buffer.from(Array.from({ length: 4_096 }, () => Math.floor(random() * 256))) },
    {
      name: 'binary-nul.md',
      bytes: Buffer.concat([seed.subarray(0, 100), Buffer.from([0, 0, 0]), seed.subarray(100)]),
    },
    {
      name: 'utf16-bom.md',
      bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(seed.toString('utf8'), 'utf16le')]),
    },
    { name: 'latin1.md', bytes: Buffer.from(seed.toString('utf8').replace(/e/g, 'é'), 'latin1') },
    { name: 'only-whitespace.md', bytes: Buffer.from(' \n\t\n   \r\n') },
    { name: 'only-bom.md', bytes: Buffer.from([0xef, 0xbb, 0xbf]) },
    { name: 'crlf.md', bytes: Buffer.from(seed.toString('utf8').replace(/\n/g, '\r\n')) },
    { name: 'cr-only.md', bytes: Buffer.from(seed.toString('utf8').replace(/\n/g, '\r')) },
  ];
}
