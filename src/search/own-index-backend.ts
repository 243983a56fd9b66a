import type { Entry } from '../corpus/entry.ts';
import type { CorpusIndex } from './corpus-index.ts';
import type { ParsedQuery } from './query.ts';
import type { EntryIdentifiers, PageRequest, SearchBackend, SearchHit, SearchPage } from './search-backend.ts';

/** The hand-written index behind the search interface, until MiniSearch replaces it. */
export class OwnIndexBackend implements SearchBackend {
  constructor(readonly index: CorpusIndex) {}

  async count(): Promise<number> {
    return this.index.size;
  }

  async search(query: ParsedQuery, page: PageRequest): Promise<SearchPage> {
    return this.index.search(query, page);
  }

  async matching(query: ParsedQuery, keys: readonly string[]): Promise<ReadonlySet<string>> {
    return this.index.matchingKeys(query, keys);
  }

  async suggest(partial: string, limit: number): Promise<readonly Entry[]> {
    return this.index.suggest(partial, limit);
  }

  async similar(entry: Entry, limit: number): Promise<readonly SearchHit[]> {
    return this.index.similarTo(entry, limit);
  }

  async find(identifiers: EntryIdentifiers): Promise<Entry | undefined> {
    for (const key of identifiers.keys) {
      const entry = this.index.get(key);
      if (entry) return entry;
    }
    return identifiers.accession ? this.index.resolve(identifiers.accession) : undefined;
  }

  async upsert(entries: readonly Entry[]): Promise<void> {
    for (const entry of entries) this.index.upsert(entry);
  }

  async remove(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.index.remove(key);
  }
}
