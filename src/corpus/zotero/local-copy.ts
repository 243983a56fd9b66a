import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { isRecord } from './items.ts';

/**
 * The synced library on disk: one CSL-JSON file per entry in `items/` (the folder the corpus
 * reads), and `state.json` beside it with the library version and a small index of every item
 * (its version, who added it, which notes are summaries). Every file is written to a temporary
 * name and renamed, and the state only after the items it describes, so a restart at any moment
 * finds files that are whole and a state that is never ahead of them.
 */

export interface IndexedItem {
  /** The item's version when last synced. */
  readonly v: number;
  readonly by?: string;
  /** A bibliographic item, with a file in `items/`. */
  readonly entry?: true;
  /** A summary note: its parent's key and its text. */
  readonly summaryOf?: string;
  readonly summary?: string;
}

export interface SyncState {
  /** The library version everything is synced up to; absent until the first full sync ends. */
  version?: number;
  /** A full sync under way: the library version when it began and the next page's offset. */
  full?: { readonly version?: number; readonly start: number };
  items: Record<string, IndexedItem>;
}

export class LocalCopy {
  readonly itemsDir: string;
  private readonly stateFile: string;
  private readonly tempDir: string;
  private written = 0;

  constructor(readonly root: string) {
    this.itemsDir = path.join(root, 'items');
    this.stateFile = path.join(root, 'state.json');
    this.tempDir = path.join(root, 'tmp');
  }

  /** Where a library (and collection) is kept under DATA_DIR: its own folder, so switching libraries starts afresh. */
  static folderFor(dataDir: string, library: string, collection?: string): string {
    const name = [library.replace('/', '-'), collection].filter(Boolean).join('-');
    return path.join(dataDir, 'sources', 'zotero', name);
  }

  async prepare(): Promise<void> {
    await fs.mkdir(this.itemsDir, { recursive: true });
    await fs.rm(this.tempDir, { recursive: true, force: true });
    await fs.mkdir(this.tempDir, { recursive: true });
  }

  /** The saved state; a missing or unreadable one means nothing is synced yet. */
  readState(): SyncState {
    if (!existsSync(this.stateFile)) return { items: {} };
    try {
      const data: unknown = JSON.parse(readFileSync(this.stateFile, 'utf8'));
      if (!isRecord(data) || !isRecord(data.items)) return { items: {} };
      return {
        version: typeof data.version === 'number' ? data.version : undefined,
        full: isRecord(data.full) && typeof data.full.start === 'number' ? (data.full as SyncState['full']) : undefined,
        items: data.items as Record<string, IndexedItem>,
      };
    } catch {
      return { items: {} };
    }
  }

  async saveState(state: SyncState): Promise<void> {
    await this.writeAtomically(this.stateFile, JSON.stringify(state));
  }

  fileName(key: string): string {
    return `${key}.json`;
  }

  async writeEntry(key: string, csl: Readonly<Record<string, unknown>>): Promise<void> {
    await this.writeAtomically(path.join(this.itemsDir, this.fileName(key)), `${JSON.stringify(csl, null, 2)}\n`);
  }

  /** The entry's CSL as last written, to change its summary without fetching it again. */
  async readEntry(key: string): Promise<Record<string, unknown> | undefined> {
    try {
      const data: unknown = JSON.parse(await fs.readFile(path.join(this.itemsDir, this.fileName(key)), 'utf8'));
      return isRecord(data) ? data : undefined;
    } catch {
      return undefined;
    }
  }

  async removeEntry(key: string): Promise<void> {
    await fs.rm(path.join(this.itemsDir, this.fileName(key)), { force: true });
  }

  /** Entry files on disk, by item key: what a full sync compares with the library. */
  async entryKeys(): Promise<string[]> {
    const names = await fs.readdir(this.itemsDir).catch(() => []);
    return names.filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -'.json'.length));
  }

  private async writeAtomically(target: string, text: string): Promise<void> {
    const temp = path.join(this.tempDir, `${process.pid}-${this.written++}.tmp`);
    await fs.writeFile(temp, text);
    await fs.rename(temp, target);
  }
}
