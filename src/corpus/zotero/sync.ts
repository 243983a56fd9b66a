import type { ZoteroClient } from './api.ts';
import { ZoteroApiError } from './api.ts';
import { isRecord, readItem, SUMMARY_FIELD, type ZoteroItem } from './items.ts';
import type { IndexedItem, LocalCopy, SyncState } from './local-copy.ts';

/**
 * One sync of the library into the local copy, as the Web API's syncing guide lays out. The first
 * (or an interrupted) sync pages through every item, 100 to a request, saving its place after
 * each page so a restart carries on; one `format=versions` request then settles what changed or
 * went while it paged. Later syncs ask what changed since the library version (a 304 when nothing
 * did), fetch those items and drop what `/deleted` names.
 */

export interface SyncOutcome {
  readonly kind: 'full' | 'incremental' | 'unchanged';
  readonly version: number;
  readonly requests: number;
}

const PAGE = 100;
/** The API takes at most 50 keys in `itemKey`; without a `limit` it would answer only 25 of them. */
const KEYS_PER_REQUEST = 50;

export class LibrarySync {
  /** Summary notes by their parent's key, kept in step with the index. */
  private readonly notesByParent = new Map<string, Set<string>>();

  constructor(
    private readonly client: ZoteroClient,
    private readonly copy: LocalCopy,
    readonly state: SyncState,
    private readonly collection?: string,
  ) {
    for (const [key, item] of Object.entries(state.items)) if (item.summaryOf) this.link(key, item.summaryOf);
  }

  async run(): Promise<SyncOutcome> {
    const before = this.client.requests;
    const kind = this.state.version === undefined || this.state.full ? await this.full() : await this.incremental();
    return { kind, version: this.state.version ?? 0, requests: this.client.requests - before };
  }

  private async full(): Promise<'full'> {
    const scope = this.collection ? `/collections/${this.collection}/items` : '/items';
    const start = this.state.full?.start ?? 0;
    let url: string | undefined = this.client.url(
      `${scope}?format=json&include=data,csl&includeTrashed=1&sort=dateAdded&direction=asc&limit=${PAGE}&start=${start}`,
    );
    let position = start;
    while (url) {
      const page = await this.client.get(url);
      const items = itemsOf(page.body);
      await this.apply(items, true);
      position += items.length;
      this.state.full = { version: this.state.full?.version ?? page.version, start: position };
      await this.copy.saveState(this.state);
      url = page.next && this.sameApi(page.next) ? page.next : undefined;
    }
    // Paging by offset can miss an item when the library changes between pages: the versions of
    // every item, in one request, settle it.
    const versions = await this.client.get(this.client.url(`${scope}?format=versions&includeTrashed=1`));
    const remote = versionsOf(versions.body);
    const gone = new Set([...Object.keys(this.state.items), ...(await this.copy.entryKeys())]);
    for (const key of Object.keys(remote)) gone.delete(key);
    const stale = Object.keys(remote).filter((key) => this.state.items[key]?.v !== remote[key]);
    await this.fetchAndApply(stale, true);
    await this.remove([...gone]);
    this.finish(versions.version ?? this.state.full?.version);
    await this.copy.saveState(this.state);
    return 'full';
  }

  private async incremental(): Promise<'incremental' | 'unchanged'> {
    const since = this.state.version ?? 0;
    // The whole library, even with a collection: an item taken out of the collection changes too.
    const changed = await this.client.get(
      this.client.url(`/items?since=${since}&format=versions&includeTrashed=1`),
      since,
    );
    if (changed.notModified) return 'unchanged';
    const remote = versionsOf(changed.body);
    await this.fetchAndApply(
      Object.keys(remote).filter((key) => this.state.items[key]?.v !== remote[key]),
      false,
    );
    const deleted = await this.client.get(this.client.url(`/deleted?since=${since}`));
    const items = isRecord(deleted.body) && Array.isArray(deleted.body.items) ? deleted.body.items : [];
    await this.remove(items.filter((key): key is string => typeof key === 'string'));
    this.finish(changed.version);
    await this.copy.saveState(this.state);
    return 'incremental';
  }

  private finish(version: number | undefined): void {
    if (version === undefined) throw new ZoteroApiError('Zotero API answered without a Last-Modified-Version', 200);
    this.state.version = version;
    this.state.full = undefined;
  }

  private async fetchAndApply(keys: readonly string[], inScope: boolean): Promise<void> {
    for (let at = 0; at < keys.length; at += KEYS_PER_REQUEST) {
      const batch = keys.slice(at, at + KEYS_PER_REQUEST).join(',');
      const page = await this.client.get(
        this.client.url(
          `/items?itemKey=${batch}&format=json&include=data,csl&includeTrashed=1&limit=${KEYS_PER_REQUEST}`,
        ),
      );
      await this.apply(itemsOf(page.body), inScope);
    }
  }

  /**
   * Takes items into the index and rewrites the entry files they touch. `inScope`: the items came
   * from the collection's own listing, so its membership need not be checked.
   */
  private async apply(items: readonly ZoteroItem[], inScope: boolean): Promise<void> {
    const fresh = new Map<string, Readonly<Record<string, unknown>>>();
    const touched = new Set<string>();
    const removed = new Set<string>();
    for (const item of items) {
      const old = this.state.items[item.key];
      if (old?.summaryOf) this.unlink(item.key, old.summaryOf, touched);
      const role = item.role;
      const member = inScope || !this.collection || item.collections.includes(this.collection);
      let next: IndexedItem = { v: item.version, ...(item.addedBy ? { by: item.addedBy } : {}) };
      if (role.kind === 'entry' && member) {
        next = { ...next, entry: true };
        fresh.set(item.key, role.csl);
        touched.add(item.key);
        removed.delete(item.key);
      } else if (role.kind === 'summary') {
        next = { ...next, summaryOf: role.parent, summary: role.text };
        this.link(item.key, role.parent);
        touched.add(role.parent);
      }
      if (old?.entry && !next.entry) removed.add(item.key);
      this.state.items[item.key] = next;
    }
    for (const key of removed) touched.delete(key);
    // A page's files are independent of each other: written side by side, not one after another.
    await Promise.all([...removed].map((key) => this.copy.removeEntry(key)));
    await Promise.all([...touched].map((key) => this.writeEntry(key, fresh.get(key))));
  }

  private async remove(keys: readonly string[]): Promise<void> {
    const touched = new Set<string>();
    for (const key of keys) {
      const old = this.state.items[key];
      delete this.state.items[key];
      if (old?.summaryOf) this.unlink(key, old.summaryOf, touched);
      await this.copy.removeEntry(key);
    }
    for (const key of touched) await this.writeEntry(key, undefined);
  }

  /** The entry's file: its CSL (fresh, or as last written) with its summary note's text, if any. */
  private async writeEntry(key: string, fresh: Readonly<Record<string, unknown>> | undefined): Promise<void> {
    if (!this.state.items[key]?.entry) return;
    const base = fresh ?? (await this.copy.readEntry(key));
    if (!base) return;
    const csl = { ...base };
    delete csl[SUMMARY_FIELD];
    const summary = this.summaryOf(key);
    await this.copy.writeEntry(key, summary ? { ...csl, [SUMMARY_FIELD]: summary } : csl);
  }

  private summaryOf(parent: string): string | undefined {
    const notes = [...(this.notesByParent.get(parent) ?? [])].sort();
    for (const note of notes) {
      const text = this.state.items[note]?.summary;
      if (text) return text;
    }
    return undefined;
  }

  private link(note: string, parent: string): void {
    const notes = this.notesByParent.get(parent) ?? new Set<string>();
    notes.add(note);
    this.notesByParent.set(parent, notes);
  }

  private unlink(note: string, parent: string, touched: Set<string>): void {
    this.notesByParent.get(parent)?.delete(note);
    touched.add(parent);
  }

  /** A `Link` header is followed only within the configured API, where the key is meant to go. */
  private sameApi(url: string): boolean {
    return url.startsWith(this.client.url('/'));
  }
}

function itemsOf(body: unknown): ZoteroItem[] {
  if (!Array.isArray(body)) throw new ZoteroApiError('Zotero API answered items that are not a JSON array', 200);
  return body.map(readItem).filter((item): item is ZoteroItem => item !== undefined);
}

function versionsOf(body: unknown): Record<string, number> {
  if (!isRecord(body)) throw new ZoteroApiError('Zotero API answered versions that are not a JSON object', 200);
  const versions: Record<string, number> = {};
  for (const [key, version] of Object.entries(body)) if (typeof version === 'number') versions[key] = version;
  return versions;
}
