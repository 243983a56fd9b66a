/** What the configuration says about the Zotero library to follow (ZOTERO_* variables). */
export interface ZoteroSettings {
  /** `groups/<id>` or `users/<id>`, as the Web API's paths write it. */
  readonly library: string;
  readonly apiKey: string;
  /** A collection key: only that collection's items (and their notes) are entries. */
  readonly collection?: string;
  /** The API's base URL, without a trailing slash. */
  readonly apiUrl: string;
  readonly syncIntervalSeconds: number;
  /** Where the synced items and the sync state are kept (DATA_DIR). */
  readonly dataDir: string;
}

export const DEFAULT_ZOTERO_API_URL = 'https://api.zotero.org';
export const DEFAULT_ZOTERO_SYNC_SECONDS = 300;
