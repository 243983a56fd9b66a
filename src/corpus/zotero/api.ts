import type { ZoteroSettings } from './settings.ts';

/**
 * The Zotero Web API v3 as this bot reads it: every request carries the version and the key in
 * headers (never in the URL, so no log line can hold it), and the server's `Backoff` and
 * `Retry-After` are kept: no request leaves before the server said it may.
 */

export interface ApiResponse {
  /** 304: nothing changed since the version asked about. */
  readonly notModified: boolean;
  readonly body: unknown;
  /** The library's version (`Last-Modified-Version`). */
  readonly version?: number;
  readonly totalResults?: number;
  /** The `Link` header's rel="next" URL, for paging. */
  readonly next?: string;
}

/** Why a request failed, in words a user can act on; `status` 0 when the server was not reached. */
export class ZoteroApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ZoteroApiError';
  }

  /** The key or the library is wrong: retrying will not help until the configuration changes. */
  get misconfigured(): boolean {
    return this.status === 400 || this.status === 401 || this.status === 403 || this.status === 404;
  }
}

export interface ZoteroClientOptions {
  readonly fetch?: typeof fetch;
  /** How many times a 429 or 503 with `Retry-After` is waited out and retried before giving up. */
  readonly maxRetries?: number;
}

const MAX_WAIT_MS = 10 * 60_000;

export class ZoteroClient {
  /** No request before this time (epoch ms): the server's Backoff or Retry-After. */
  private notBefore = 0;
  private readonly fetchImpl: typeof fetch;
  private readonly maxRetries: number;
  private readonly aborter = new AbortController();
  /** Requests sent, for the bench and the logs. */
  requests = 0;

  constructor(
    private readonly settings: Pick<ZoteroSettings, 'apiUrl' | 'apiKey' | 'library'>,
    options: ZoteroClientOptions = {},
  ) {
    this.fetchImpl = options.fetch ?? fetch;
    this.maxRetries = options.maxRetries ?? 5;
  }

  /** The library's own prefix under the API (`/groups/123`), for building paths. */
  url(pathAndQuery: string): string {
    return `${this.settings.apiUrl}/${this.settings.library}${pathAndQuery}`;
  }

  /** GET a URL of this API; `sinceVersion` asks for a 304 when the library has not changed since. */
  async get(url: string, sinceVersion?: number): Promise<ApiResponse> {
    for (let attempt = 0; ; attempt++) {
      await this.waitTurn();
      const response = await this.send(url, sinceVersion);
      this.noteBackoff(response.headers.get('Backoff'));
      const retryAfter = seconds(response.headers.get('Retry-After'));
      const asked = response.status === 429 || (response.status === 503 && retryAfter !== undefined);
      if (asked && attempt < this.maxRetries) {
        // Without a Retry-After the server still asked us to slow down: wait a little longer each time.
        this.delayUntil(Date.now() + (retryAfter ?? 2 ** attempt) * 1000);
        await response.body?.cancel();
        continue;
      }
      if (response.status === 304) return { notModified: true, body: undefined, version: sinceVersion };
      if (!response.ok) throw await this.failure(response);
      const body: unknown = await response.json().catch(() => {
        throw new ZoteroApiError(
          `Zotero API answered ${response.status} with a body that is not JSON`,
          response.status,
        );
      });
      return {
        notModified: false,
        body,
        version: integerHeader(response.headers.get('Last-Modified-Version')),
        totalResults: integerHeader(response.headers.get('Total-Results')),
        next: nextLink(response.headers.get('Link')),
      };
    }
  }

  /** Stops waiting and cancels what is in flight (the source is closing). */
  abort(): void {
    this.aborter.abort();
  }

  private async send(url: string, sinceVersion: number | undefined): Promise<Response> {
    const headers: Record<string, string> = { 'Zotero-API-Version': '3', 'Zotero-API-Key': this.settings.apiKey };
    if (sinceVersion !== undefined) headers['If-Modified-Since-Version'] = String(sinceVersion);
    this.requests++;
    try {
      return await this.fetchImpl(url, { headers, signal: this.aborter.signal });
    } catch (error) {
      if (this.aborter.signal.aborted) throw new ZoteroApiError('Zotero sync stopped', 0);
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new ZoteroApiError(`Zotero API at ${this.settings.apiUrl} cannot be reached (${cause})`, 0);
    }
  }

  private async failure(response: Response): Promise<ZoteroApiError> {
    const said = (await response.text().catch(() => '')).replace(/\s+/g, ' ').trim().slice(0, 120);
    const detail = said ? `: ${said}` : '';
    const library = this.settings.library;
    switch (response.status) {
      case 400:
      case 401:
      case 403:
        return new ZoteroApiError(
          `ZOTERO_API_KEY cannot read ZOTERO_LIBRARY ${library} (${response.status}${detail}); ` +
            'expected a key with read access to this library, from zotero.org/settings/keys',
          response.status,
        );
      case 404:
        return new ZoteroApiError(
          `ZOTERO_LIBRARY ${library} was not found (404${detail}); expected groups/<id> or users/<id> of an existing library` +
            ' (and ZOTERO_COLLECTION, when set, a collection key in it)',
          404,
        );
      default:
        return new ZoteroApiError(`Zotero API answered ${response.status}${detail}`, response.status);
    }
  }

  private noteBackoff(header: string | null): void {
    const wait = seconds(header);
    if (wait !== undefined) this.delayUntil(Date.now() + wait * 1000);
  }

  private delayUntil(time: number): void {
    this.notBefore = Math.max(this.notBefore, Math.min(time, Date.now() + MAX_WAIT_MS));
  }

  private async waitTurn(): Promise<void> {
    const wait = this.notBefore - Date.now();
    if (wait <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, wait);
      const signal = this.aborter.signal;
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
    if (this.aborter.signal.aborted) throw new ZoteroApiError('Zotero sync stopped', 0);
  }
}

function seconds(header: string | null): number | undefined {
  if (header === null) return undefined;
  const value = Number(header.trim());
  if (Number.isFinite(value) && value >= 0) return value;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

function integerHeader(header: string | null): number | undefined {
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header);
}

/** `<https://…?start=100>; rel="next", <…>; rel="last"` → the next page's URL. */
function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part.trim());
    if (match) return match[1];
  }
  return undefined;
}
