import { promises as fs, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Entry } from './entry.ts';
import { boundedReason, type Problem } from './problem.ts';
import { DEFAULT_PARSE_LIMITS, parseOnThread, type ParseLimits } from './parse-pool.ts';
import { DEFAULT_CONTENT_LANGUAGE } from './languages.ts';
import { holdsManyEntries } from './formats.ts';
import { type FieldMap, loadFieldMap } from './field-map.ts';
import { isOtherLanguageSibling } from './page-translations.ts';
import type { SiteAuthors } from './site-authors.ts';
import { loadSiteAuthors } from './site-settings.ts';
import { distinctKey, groupSamePaper, samePaper } from './same-paper.ts';
import { describeFsError, outsideLinkProblem, targetOutside } from './walk.ts';
import { CorpusFolders } from './folders.ts';
import { ChunkCounter, yieldToEventLoop } from '../event-loop-yield.ts';

export interface CorpusOptions {
  /**
   * Files larger than this are skipped with a problem, so one huge file cannot exhaust memory.
   * A reference-manager export holds thousands of entries, so it may be EXPORT_SIZE_FACTOR times larger.
   */
  readonly maxFileBytes: number;
  /** The content language: where a page gives its title and abstract in several, this one is read. */
  readonly language?: string;
  /** The folder's paperbot.yml as read at load; a bad one is a problem and pages are read without it. */
  readonly fieldMap?: FieldMap;
  /** Wowchemy author ids (`admin`) and the names the site's author pages give them. */
  readonly siteAuthors?: SiteAuthors;
  /** What an earlier run read (a snapshot): a file whose fingerprint still matches is reused, not parsed. */
  readonly previous?: ReadonlyMap<string, FileRecord>;
  /** Told after each file is read, with how many of how many are done (for a progress line). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Memory and time one file's parser thread may take (parse-pool.ts). */
  readonly parseLimits?: ParseLimits;
}

/** How a file looked when it was read; any difference on the next start means it is read again. */
export interface FileFingerprint {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
}

/** One file's outcome, as a snapshot keeps it. */
export interface FileRecord {
  readonly path: string;
  readonly fingerprint: FileFingerprint;
  /** Every entry the file holds: one for a page, many for a reference-manager export. */
  readonly entries: readonly Entry[];
  readonly problems: readonly Problem[];
}

/** The records of one parser key grouped into papers, and the entry served for each. */
interface PaperState {
  readonly groups: Entry[][];
  readonly served: Map<string, Entry>;
}

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
/** A 20 000-record BibTeX library with abstracts is about 45 MB: within 20 × the default limit. */
export const EXPORT_SIZE_FACTOR = 20;

interface FileState {
  readonly entries: readonly Entry[];
  readonly problems: readonly Problem[];
  /** Absent when the file could not be read: such a file is always read again. */
  readonly fingerprint?: FileFingerprint;
}

/** Files read at once while loading: enough to keep the disk and the parser busy. */
const READ_CONCURRENCY = 16;
/** Files merged, or keys decided (which records are one paper), between two turns of the event loop. */
const FILES_PER_YIELD = 2_000;
/** Records indexed, or keys decided, between two turns of the event loop while a large export loads. */
const RECORDS_PER_YIELD = 500;

/** What a change to one file did to the set of entries. */
export interface CorpusChange {
  readonly added: readonly Entry[];
  readonly updated: readonly Entry[];
  readonly removed: readonly Entry[];
}

/**
 * The entries of one corpus folder, kept per file so that a watcher can update one file at a
 * time. Records with one key are one entry only when they are one paper (`same-paper.ts`): the
 * richer is served and the others are warnings. A key shared by different papers serves each of
 * them, the later ones under a distinct key, and is an error named on every file involved.
 */
export class Corpus {
  private readonly files = new Map<string, FileState>();
  private readonly byKey = new Map<string, Entry>();
  /** Which files hold each parser key, so a change recomputes one key without scanning every file. */
  private readonly holders = new Map<string, Set<string>>();
  /** Each file's records by parser key, so deciding one key never scans a whole export of many thousand. */
  private readonly recordsByKey = new Map<string, Map<string, Entry[]>>();
  /** Per parser key, its records grouped into papers, and the entry served for each paper by its key. */
  private readonly papers = new Map<string, PaperState>();
  private readonly walkProblems: Problem[] = [];

  private constructor(
    /** The corpus folder and each source's folder; file paths are corpus paths (`git:_posts/x.md`). */
    readonly folders: CorpusFolders,
    private readonly options: CorpusOptions,
  ) {}

  /** The corpus folder (CORPUS_DIR). */
  get root(): string {
    return this.folders.main;
  }

  static async load(root: string | CorpusFolders, options: Partial<CorpusOptions> = {}): Promise<Corpus> {
    const folders = CorpusFolders.of(root);
    const siteRoot = siteRootOf(folders);
    const fieldMap = await loadFieldMap(siteRoot);
    const corpus = new Corpus(folders, {
      maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
      language: options.language,
      parseLimits: options.parseLimits,
      fieldMap: fieldMap.ok ? fieldMap.map : undefined,
      siteAuthors: await loadSiteAuthors(siteRoot),
    });
    const walked = await corpus.folders.walk();
    corpus.walkProblems.push(...(fieldMap.ok ? [] : fieldMap.problems), ...walked.problems);
    let done = 0;
    // An unchanged file costs a synchronous stat and no I/O wait: 100 000 of them would run in
    // one go. They, and the merge below (seconds at that size), yield to the event loop.
    const chunks = new ChunkCounter(FILES_PER_YIELD);
    // Every reader waits for the yield, else the others would read on in microtasks and the loop never runs.
    let pendingYield: Promise<void> | undefined;
    const states = await mapConcurrently(walked.files, READ_CONCURRENCY, async (file) => {
      if (chunks.tick()) pendingYield ??= yieldToEventLoop().then(() => (pendingYield = undefined));
      if (pendingYield) await pendingYield;
      const state = await corpus.loadFile(file, options.previous?.get(file));
      options.onProgress?.(++done, walked.files.length);
      return state;
    });
    const records = new ChunkCounter(RECORDS_PER_YIELD);
    for (const [i, file] of walked.files.entries()) {
      for (const _ of corpus.setFile(file, states[i])) if (records.tick()) await yieldToEventLoop();
      if (chunks.tick()) await yieldToEventLoop();
    }
    for (const key of [...corpus.holders.keys()]) {
      corpus.recomputeKey(key);
      if (records.tick()) await yieldToEventLoop();
    }
    return corpus;
  }

  entries(): Entry[] {
    return [...this.byKey.values()];
  }

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): Entry | undefined {
    return this.byKey.get(key);
  }

  problems(): Problem[] {
    const duplicateWarnings = this.duplicateProblems();
    return [
      ...this.walkProblems,
      ...[...this.files.values()].flatMap((state) => state.problems),
      ...duplicateWarnings,
    ].sort((a, b) => a.path.localeCompare(b.path) || (a.line ?? 0) - (b.line ?? 0));
  }

  /** Every file's outcome with its fingerprint, for a snapshot (unreadable files are left out). */
  fileRecords(): FileRecord[] {
    return [...this.eachFileRecord()];
  }

  /** fileRecords() one at a time, for loops that give the event loop turns as they go. */
  *eachFileRecord(): Generator<FileRecord> {
    for (const [file, state] of this.files) {
      if (state.fingerprint)
        yield { path: file, fingerprint: state.fingerprint, entries: state.entries, problems: state.problems };
    }
  }

  fileRecordCount(): number {
    let count = 0;
    for (const state of this.files.values()) if (state.fingerprint) count++;
    return count;
  }

  /** Files that gave no entry: what makes `paperbot check` fail. */
  failedFiles(): string[] {
    // A file passed over after reading (JSON that is not CSL-JSON) gave no entry and no problem: not a failure.
    return [...this.files]
      .filter(([, state]) => state.entries.length === 0 && state.problems.length > 0)
      .map(([file]) => file);
  }

  /** Re-reads one file (added or changed). A file that turns malformed keeps its last good entry. */
  async refreshFile(relativePath: string): Promise<CorpusChange> {
    // A file replaced by a folder of the same name is reported as changed, not removed; it is gone.
    const now = await fs.stat(this.folders.absolute(relativePath)).catch(() => undefined);
    if (now?.isDirectory()) return this.removeFile(relativePath);
    const before = this.snapshotKeys(relativePath);
    const previous = this.files.get(relativePath);
    const next = await this.readFile(relativePath, previous?.entries ?? []);
    // A re-read export of thousands of records is indexed and decides each key again in chunks, between turns of the event loop.
    const chunks = new ChunkCounter(RECORDS_PER_YIELD);
    for (const _ of this.setFile(relativePath, next)) if (chunks.tick()) await yieldToEventLoop();
    const change = emptyChange();
    for (const _ of this.applyKeyChanges(
      before,
      next.entries.map((entry) => entry.key),
      change,
    ))
      if (chunks.tick()) await yieldToEventLoop();
    return change;
  }

  removeFile(relativePath: string): CorpusChange {
    const before = this.snapshotKeys(relativePath);
    for (const _ of this.setFile(relativePath, undefined));
    const change = emptyChange();
    for (const _ of this.applyKeyChanges(before, [], change));
    return change;
  }

  /** Reuses what an earlier run read when the file has not changed since; reads it otherwise. */
  private async loadFile(relativePath: string, previous: FileRecord | undefined): Promise<FileState> {
    if (previous) {
      // A synchronous stat costs a fraction of a promise's, which counts for 100 000 unchanged files.
      const stat = statQuietly(this.folders.absolute(relativePath));
      if (stat && sameFingerprint(fingerprintOf(stat), previous.fingerprint))
        return { entries: previous.entries, problems: previous.problems, fingerprint: previous.fingerprint };
    }
    return this.readFile(relativePath, []);
  }

  private async readFile(relativePath: string, lastGood: readonly Entry[]): Promise<FileState> {
    const located = this.folders.locate(relativePath);
    const absolute = this.folders.absolute(relativePath);
    let fingerprint: FileFingerprint | undefined;
    const keepLastGood = (problems: Problem[]): FileState => ({ entries: lastGood, problems, fingerprint });
    let bytes: Buffer;
    try {
      // Checked on every read, not only by the walk: the watcher hands over paths the walk never saw,
      // and a link can be re-pointed after it. What lay behind an outside link is dropped, not kept.
      const outside = located ? await targetOutside(located.root.dir, located.relative) : absolute;
      if (outside !== undefined) return { entries: [], problems: [outsideLinkProblem(relativePath, outside)] };
      // Taken before reading: a write that lands after it changes the fingerprint, so it is read next time.
      const stat = await fs.stat(absolute);
      fingerprint = fingerprintOf(stat);
      // Opening a named pipe waits for a writer forever, and would hang the whole load.
      if (!stat.isFile()) {
        return keepLastGood([
          {
            path: relativePath,
            reason: `cannot read file: ${stat.isDirectory() ? 'is a folder' : 'not a regular file (a pipe, socket or device)'}; skipped`,
            severity: 'error',
          },
        ]);
      }
      const limit = holdsManyEntries(path.extname(relativePath).toLowerCase())
        ? this.options.maxFileBytes * EXPORT_SIZE_FACTOR
        : this.options.maxFileBytes;
      if (stat.size > limit) {
        return keepLastGood([
          {
            path: relativePath,
            reason: `file is ${formatBytes(stat.size)}, over the ${formatBytes(limit)} limit; skipped`,
            severity: 'error',
          },
        ]);
      }
      bytes = await fs.readFile(absolute);
    } catch (error) {
      fingerprint = undefined;
      return keepLastGood([
        { path: relativePath, reason: `cannot read file: ${describeFsError(error)}`, severity: 'error' },
      ]);
    }
    const language = this.options.language ?? DEFAULT_CONTENT_LANGUAGE;
    // `index.de.md` beside `index.md`: a translation of the page served, not a second paper.
    if (located && isOtherLanguageSibling(located.root.dir, located.relative, language))
      return { entries: [], problems: [], fingerprint };
    const verdict = await parseOnThread(
      relativePath,
      bytes,
      { language, fieldMap: this.options.fieldMap, siteAuthors: this.options.siteAuthors },
      this.options.parseLimits ?? DEFAULT_PARSE_LIMITS,
    );
    if (verdict.kind === 'ignored') return { entries: [], problems: [], fingerprint };
    const problems = verdict.problems.map((problem) => ({
      ...problem,
      reason: boundedReason(problem.reason),
      path: relativePath,
    }));
    if (verdict.entries.length === 0) return keepLastGood(problems);
    const firstSeen = new Map(lastGood.map((entry) => [entry.key, entry.added]));
    const fileTime = new Date(fingerprint.mtimeMs).toISOString();
    const several = verdict.entries.length > 1;
    const addedBy = this.folders.addedBy(relativePath);
    const format = verdict.format ?? 'front-matter';
    // The records came from a parser thread as JSON: their strings are their own, not slices of the file's text.
    const entries: Entry[] = [];
    const chunks = new ChunkCounter(FILES_PER_YIELD);
    for (const { entry, line, ref } of verdict.entries) {
      const source = several
        ? { path: relativePath, format, ...(line === undefined ? {} : { line }), ...(ref === undefined ? {} : { ref }) }
        : { path: relativePath, format };
      entries.push({ ...entry, source, added: firstSeen.get(entry.key) ?? fileTime, ...(addedBy ? { addedBy } : {}) });
      if (chunks.tick()) await yieldToEventLoop();
    }
    return { entries, problems, fingerprint };
  }

  /** Puts a file's records in place of what it held; yields after each record, for callers that take turns. */
  private *setFile(relativePath: string, state: FileState | undefined): Generator<void> {
    for (const key of this.recordsByKey.get(relativePath)?.keys() ?? []) {
      this.holders.get(key)?.delete(relativePath);
      yield;
    }
    if (!state) {
      this.files.delete(relativePath);
      this.recordsByKey.delete(relativePath);
      return;
    }
    this.files.set(relativePath, state);
    const byKey = new Map<string, Entry[]>();
    for (const entry of state.entries) {
      const records = byKey.get(entry.key);
      if (records) records.push(entry);
      else byKey.set(entry.key, [entry]);
      yield;
    }
    this.recordsByKey.set(relativePath, byKey);
    for (const key of byKey.keys()) {
      const set = this.holders.get(key) ?? new Set<string>();
      set.add(relativePath);
      this.holders.set(key, set);
      yield;
    }
  }

  /** The entries served now for each parser key the file holds. */
  private snapshotKeys(relativePath: string): Map<string, Map<string, Entry>> {
    const keys = new Set((this.files.get(relativePath)?.entries ?? []).map((entry) => entry.key));
    return new Map([...keys].map((key) => [key, new Map(this.papers.get(key)?.served ?? [])]));
  }

  /** Decides each key again and records what changed in `change`; yields after each key. */
  private *applyKeyChanges(
    before: Map<string, Map<string, Entry>>,
    newKeys: readonly string[],
    change: { added: Entry[]; updated: Entry[]; removed: Entry[] },
  ): Generator<void> {
    for (const key of new Set([...before.keys(), ...newKeys])) {
      const old = before.get(key) ?? new Map(this.papers.get(key)?.served ?? []);
      const now = this.recomputeKey(key);
      for (const [servedKey, entry] of now) {
        const previous = old.get(servedKey);
        if (!previous) change.added.push(entry);
        // A file re-read gives every record anew: only one that reads differently is an update.
        else if (previous !== entry && !isDeepStrictEqual(previous, entry)) change.updated.push(entry);
      }
      for (const [servedKey, entry] of old) if (!now.has(servedKey)) change.removed.push(entry);
      yield;
    }
  }

  /** Groups the records of one parser key into papers and serves the richest record of each. */
  private recomputeKey(key: string): Map<string, Entry> {
    for (const servedKey of this.papers.get(key)?.served.keys() ?? []) this.byKey.delete(servedKey);
    const files = this.holders.get(key) ?? new Set<string>();
    const candidates = [...files].flatMap((file) => this.recordsByKey.get(file)?.get(key) ?? []);
    const groups = keepPlainKeyWhereItWas(this.papers.get(key)?.served.get(key), groupSamePaper(candidates)).map(
      (group) => group.sort(compareRichness),
    );
    const served = new Map<string, Entry>();
    groups.forEach((group, i) => {
      const best = group[0];
      if (!best) return;
      const servedKey = i === 0 ? key : distinctKey(key, best);
      const entry = servedKey === best.key ? best : { ...best, key: servedKey };
      served.set(servedKey, entry);
      this.byKey.set(servedKey, entry);
    });
    if (served.size) this.papers.set(key, { groups, served });
    else {
      this.papers.delete(key);
      this.holders.delete(key);
    }
    return served;
  }

  private paperOf(key: string): [string, PaperState][] {
    const paper = this.papers.get(key);
    return paper ? [[key, paper]] : [];
  }

  /** One file's problems, as problems() lists them, without going through every other file (the watcher asks on each change). */
  problemsOf(relativePath: string): Problem[] {
    const state = this.files.get(relativePath);
    const keys = new Set((state?.entries ?? []).map((entry) => entry.key));
    const walked = this.walkProblems.filter((problem) => problem.path === relativePath);
    const duplicates = this.duplicateProblems(keys).filter((problem) => problem.path === relativePath);
    return [...walked, ...(state?.problems ?? []), ...duplicates].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  }

  /** Problems of records that share a key with another: for every key, or only for `keys`. */
  private duplicateProblems(keys?: ReadonlySet<string>): Problem[] {
    const problems: Problem[] = [];
    const at = (entry: Entry) => ({
      path: entry.source.path,
      line: entry.source.line ?? 1,
      ...(entry.source.ref === undefined ? {} : { ref: entry.source.ref }),
    });
    const papers = keys ? [...keys].flatMap((key) => this.paperOf(key)) : this.papers;
    for (const [key, { groups }] of papers) {
      for (const [kept, ...others] of groups) {
        if (!kept) continue;
        for (const other of others) {
          problems.push({
            ...at(other),
            reason: `same entry as ${describe(kept)} (${key}); keeping the richer file, ${kept.source.path}`,
            severity: 'warning',
          });
        }
      }
      // Papers that merely share a title (an "Editorial" each year) are simply different entries.
      if (groups.length < 2 || key.startsWith('title:')) continue;
      const firsts = groups.flatMap((group) => (group[0] ? [group[0]] : []));
      for (const entry of firsts) {
        // A few named are enough to find the wrong one; a key copied into hundreds of files would make one line of pages.
        const others = firsts.filter((other) => other !== entry);
        const named = others
          .slice(0, NAMED_CLASHES)
          .map((other) => `"${other.title.slice(0, 80)}" in ${describe(other)}`);
        const clashes =
          others.length > NAMED_CLASHES
            ? `${named.join(', ')} and ${others.length - NAMED_CLASHES} more`
            : named.join(', ');
        problems.push({
          ...at(entry),
          reason: `${key} is also given to ${clashes}: different titles, so each is served as its own entry; correct the wrong ${(key.split(':')[0] ?? '').toUpperCase()}`,
          severity: 'error',
        });
      }
    }
    return problems;
  }
}

/**
 * The paper that held the plain key keeps it while its record is still there: a page arriving
 * later with a copied DOI must not take it, even when its file time is older (a copy that kept its
 * time) or the same (two writes within the file system's clock tick).
 */
function keepPlainKeyWhereItWas(holder: Entry | undefined, groups: Entry[][]): Entry[][] {
  if (!holder) return groups;
  const at = groups.findIndex((group) =>
    group.some((member) => sameRecordPlace(member, holder) && samePaper(member, holder)),
  );
  if (at <= 0) return groups;
  return [groups[at] ?? [], ...groups.slice(0, at), ...groups.slice(at + 1)];
}

function sameRecordPlace(a: Entry, b: Entry): boolean {
  return a.source.path === b.source.path && a.source.line === b.source.line && a.source.ref === b.source.ref;
}

/** How many other entries a clash problem names before counting the rest. */
const NAMED_CLASHES = 2;

/** `path` or `path:line` for a record of a many-entry file. */
function describe(entry: Entry): string {
  return entry.source.line === undefined ? entry.source.path : `${entry.source.path}:${entry.source.line}`;
}

function richness(entry: Entry): number {
  const fields = [
    entry.link,
    entry.doi,
    entry.accession,
    entry.summary,
    entry.abstract,
    entry.journal,
    entry.date,
    entry.submitter,
  ];
  return fields.filter(Boolean).length * 10_000 + entry.authors.length * 100 + (entry.abstract?.length ?? 0) / 100;
}

/** Richer first; equal richness falls back to the path so the choice never depends on load order. */
function compareRichness(a: Entry, b: Entry): number {
  return richness(b) - richness(a) || a.source.path.localeCompare(b.source.path);
}

function emptyChange(): { added: Entry[]; updated: Entry[]; removed: Entry[] } {
  return { added: [], updated: [], removed: [] };
}

function statQuietly(file: string): Stats | undefined {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function fingerprintOf(stat: { size: number; mtimeMs: number; ctimeMs: number }): FileFingerprint {
  return { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs };
}

function sameFingerprint(a: FileFingerprint, b: FileFingerprint): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

/** Maps items with at most `limit` calls in flight; results keep the items' order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * Where a site keeps its own settings (paperbot.yml, author pages): the corpus folder, or the
 * checkout of the source that alone makes the corpus (a site's git repository without a folder).
 */
function siteRootOf(folders: CorpusFolders): string {
  const first = folders.roots[0];
  return first?.source ? first.source.dir : folders.main;
}
