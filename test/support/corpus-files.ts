/**
 * Temporary corpus folders for tests: write files, load them, and remove every folder afterwards.
 * Tests build odd corpora here instead of touching the shipped `corpus/`.
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SHIPPED_CORPUS = path.join(REPO_ROOT, 'corpus');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

/** The two seed entries as shipped (byte-identical copies of the originals). */
export const SEED_PAPER_FILE = 'leng-2020-ace2-msc-covid19-pneumonia.md';
export const SEED_DATASET_FILE = 'S-EPMC8546390-msc-covid19-immunomodulation.txt';

export const SEED_PAPER_TITLE =
  'Transplantation of ACE2(-) Mesenchymal Stem Cells Improves the Outcome of Patients with COVID-19 Pneumonia';
export const SEED_DATASET_TITLE =
  'Mesenchymal stem cell treatment improves outcome of COVID-19 patients via multiple immunomodulatory mechanisms.';

export function readSeed(name: string): Promise<Buffer> {
  return readFile(path.join(SHIPPED_CORPUS, name));
}

export function readFixture(relativePath: string): Promise<Buffer> {
  return readFile(path.join(FIXTURES, relativePath));
}

export type FileTree = Readonly<Record<string, string | Buffer>>;

/** Makes temp folders on demand and removes them all in `cleanup()` (call it from afterEach). */
export class TempDirs {
  private readonly made: string[] = [];

  async make(files: FileTree = {}): Promise<string> {
    const root = await mkdtemp(path.join(tmpdir(), 'paperbot-test-'));
    this.made.push(root);
    await writeTree(root, files);
    return root;
  }

  /** A temp corpus holding the two shipped seeds plus `extra` files. */
  async withSeeds(extra: FileTree = {}): Promise<string> {
    return this.make({
      [SEED_PAPER_FILE]: await readSeed(SEED_PAPER_FILE),
      [SEED_DATASET_FILE]: await readSeed(SEED_DATASET_FILE),
      ...extra,
    });
  }

  async cleanup(): Promise<void> {
    const roots = this.made.splice(0);
    await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
  }
}

export async function writeTree(root: string, files: FileTree): Promise<void> {
  for (const [relative, content] of Object.entries(files)) {
    const target = path.join(root, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}

export interface FrontMatterFields {
  readonly title: string;
  readonly authors?: string;
  readonly doi?: string;
  readonly accession?: string;
  readonly year?: number;
  readonly kind?: 'paper' | 'dataset';
  readonly summary?: string;
  readonly abstract?: string;
  readonly journal?: string;
}

/** A front-matter entry in the shape of the first seed, with only the fields a test cares about. */
export function frontMatterEntry(fields: FrontMatterFields): string {
  const quote = (text: string): string => JSON.stringify(text);
  const lines = ['---', 'layout: entry', `title: ${quote(fields.title)}`];
  if (fields.doi) lines.push(`link: ${quote(`https://doi.org/${fields.doi}`)}`);
  if (fields.accession) lines.push(`accession: ${fields.accession}`);
  if (fields.authors) lines.push('author:', `- ${quote(fields.authors)}`);
  if (fields.year) lines.push(`year: ${fields.year}`);
  if (fields.kind) lines.push(`kind: ${fields.kind}`);
  if (fields.journal) lines.push(`journal: ${quote(fields.journal)}`);
  if (fields.summary) lines.push('summary:', `- ${quote(fields.summary)}`);
  if (fields.abstract) lines.push('original:', `- ${quote(fields.abstract)}`);
  lines.push('---', '');
  return lines.join('\n');
}
