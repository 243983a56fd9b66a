/**
 * A loopback stand-in for the Zotero Web API v3, following its documentation: library and item
 * versions, `since`, `If-Modified-Since-Version` (304), `If-Unmodified-Since-Version` on writes
 * (412), paging with `limit`/`start`, `Link` and `Total-Results`, `format=versions`, `itemKey`,
 * `includeTrashed`, `/collections/<key>/items`, `/deleted?since=`, and the rate-limit answers
 * (429 with `Retry-After`, `Backoff`). Tests change the library through it and count what it saw.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ItemData {
  readonly itemType: string;
  readonly title?: string;
  readonly creators?: readonly { creatorType: string; firstName?: string; lastName?: string; name?: string }[];
  readonly DOI?: string;
  readonly date?: string;
  readonly abstractNote?: string;
  readonly publicationTitle?: string;
  readonly parentItem?: string;
  readonly note?: string;
  readonly tags?: readonly { tag: string }[];
  readonly collections?: readonly string[];
  readonly deleted?: 1;
}

interface StoredItem {
  key: string;
  version: number;
  added: number;
  data: ItemData;
  by?: { username: string; name?: string };
}

export interface SeenRequest {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
}

export class ZoteroStandin {
  /** The library's version: raised by every write, as the API does. */
  version = 1;
  readonly requests: SeenRequest[] = [];
  /** Whether the library exists at all (404 when not). */
  libraryExists = true;
  /** Every request answered with this status (a 5xx outage), until set back. */
  outage?: number;
  private readonly items = new Map<string, StoredItem>();
  private readonly deleted = new Map<string, number>();
  private readonly queued: { status: number; headers: Record<string, string> }[] = [];
  private backoffSeconds?: number;
  private outageIn?: { remaining: number; status: number };
  private server?: Server;
  private added = 0;
  private nextKey = 0;

  constructor(
    readonly library = 'groups/4711',
    readonly apiKey = 'standinKey0123456789abcd',
  ) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => this.answer(request, response));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Adds items in one write (one new library version); returns their keys. */
  add(items: readonly ItemData[], by?: { username: string; name?: string }): string[] {
    this.version++;
    return items.map((data) => {
      const key = this.makeKey();
      this.items.set(key, { key, version: this.version, added: this.added++, data, by });
      return key;
    });
  }

  addOne(data: ItemData, by?: { username: string; name?: string }): string {
    return this.add([data], by)[0]!;
  }

  update(key: string, changes: Partial<ItemData>): void {
    const item = this.items.get(key);
    if (!item) throw new Error(`no item ${key}`);
    this.version++;
    item.data = { ...item.data, ...changes };
    item.version = this.version;
  }

  /** Deletes for good (emptied from the trash): the item shows in `/deleted`. */
  remove(key: string): void {
    this.version++;
    this.items.delete(key);
    this.deleted.set(key, this.version);
  }

  /** The next request is answered with this status and headers instead (e.g. 429 + Retry-After). */
  answerNext(status: number, headers: Record<string, string> = {}): void {
    this.queued.push({ status, headers });
  }

  /** After `requests` more answers, an outage with this status begins. */
  outageAfter(requests: number, status: number): void {
    this.outageIn = { remaining: requests, status };
  }

  /** The next successful answer carries `Backoff: seconds`. */
  backoffNext(seconds: number): void {
    this.backoffSeconds = seconds;
  }

  /** Reads the stand-in saw (GET), optionally since an index into `requests`. */
  reads(from = 0): SeenRequest[] {
    return this.requests.slice(from).filter((request) => request.method === 'GET');
  }

  private makeKey(): string {
    const alphabet = '23456789ABCDEFGHIJKLMNPQRSTUVWXYZ';
    let n = this.nextKey++;
    let key = '';
    for (let i = 0; i < 8; i++) {
      key = alphabet[n % alphabet.length] + key;
      n = Math.floor(n / alphabet.length);
    }
    return key;
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://standin');
    this.requests.push({
      at: Date.now(),
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
    });
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}): void => {
      const extra: Record<string, string> = { 'Zotero-API-Version': '3', ...headers };
      if (status < 400 && this.backoffSeconds !== undefined) {
        extra.Backoff = String(this.backoffSeconds);
        this.backoffSeconds = undefined;
      }
      const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
      response.writeHead(status, {
        ...extra,
        'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json',
      });
      response.end(text);
    };
    if (this.outageIn && this.outageIn.remaining-- <= 0) {
      this.outage = this.outageIn.status;
      this.outageIn = undefined;
    }
    const queued = this.queued.shift();
    if (queued) return send(queued.status, 'Rate limited', queued.headers);
    if (this.outage) return send(this.outage, 'Service unavailable');
    if (request.headers['zotero-api-version'] !== '3') return send(400, 'Zotero-API-Version: 3 expected');
    const key = request.headers['zotero-api-key'] ?? /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const prefix = `/${this.library}`;
    if (!url.pathname.startsWith(`${prefix}/`) || !this.libraryExists) return send(404, 'Not found');
    if (key !== this.apiKey) return send(403, 'Forbidden');
    const rest = url.pathname.slice(prefix.length);
    if (request.method === 'DELETE' && rest === '/items') return this.deleteItems(request, url, send);
    if (request.method !== 'GET') return send(405, 'Method not allowed');
    const since = Number(url.searchParams.get('since') ?? 0);
    const ifModified = request.headers['if-modified-since-version'];
    if (typeof ifModified === 'string' && this.version <= Number(ifModified))
      return send(304, undefined, { 'Last-Modified-Version': String(this.version) });
    const versionHeader = { 'Last-Modified-Version': String(this.version) };
    if (rest === '/deleted') {
      if (!url.searchParams.has('since')) return send(400, "'since' parameter must be provided");
      const items = [...this.deleted].filter(([, version]) => version > since).map(([k]) => k);
      return send(200, { collections: [], searches: [], items, tags: [], settings: [] }, versionHeader);
    }
    const collection = /^\/collections\/([A-Z0-9]{8})\/items$/.exec(rest)?.[1];
    if (rest !== '/items' && !collection) return send(404, 'Not found');
    let list = [...this.items.values()].filter((item) => item.version > since);
    if (url.searchParams.get('includeTrashed') !== '1') list = list.filter((item) => !item.data.deleted);
    const keys = url.searchParams.get('itemKey')?.split(',');
    if (keys && keys.length > 50) return send(400, 'Cannot specify more than 50 item keys');
    if (keys) list = list.filter((item) => keys.includes(item.key));
    if (collection) list = list.filter((item) => this.inCollection(item, collection));
    const format = url.searchParams.get('format') ?? 'json';
    if (format === 'versions')
      return send(200, Object.fromEntries(list.map((item) => [item.key, item.version])), versionHeader);
    if (format !== 'json') return send(400, `format ${format} is not offered by the stand-in`);
    const direction = url.searchParams.get('direction') === 'asc' ? 1 : -1;
    const sort = url.searchParams.get('sort') ?? 'dateModified';
    list.sort(
      (a, b) => direction * (sort === 'dateAdded' ? a.added - b.added : a.version - b.version || a.added - b.added),
    );
    const limit = Math.min(100, Number(url.searchParams.get('limit') ?? 25));
    const start = Number(url.searchParams.get('start') ?? 0);
    const page = list.slice(start, start + limit);
    const headers: Record<string, string> = { ...versionHeader, 'Total-Results': String(list.length) };
    const links: string[] = [];
    const at = (offset: number): string => {
      const next = new URLSearchParams(url.searchParams);
      next.set('start', String(offset));
      return `<${this.url}${url.pathname}?${next}>`;
    };
    if (start + limit < list.length) links.push(`${at(start + limit)}; rel="next"`);
    if (list.length > limit) links.push(`${at(Math.floor((list.length - 1) / limit) * limit)}; rel="last"`);
    if (links.length) headers.Link = links.join(', ');
    const include = (url.searchParams.get('include') ?? 'data').split(',');
    return send(
      200,
      page.map((item) => this.json(item, include)),
      headers,
    );
  }

  private deleteItems(
    request: IncomingMessage,
    url: URL,
    send: (status: number, body?: unknown, headers?: Record<string, string>) => void,
  ): void {
    const ifUnmodified = request.headers['if-unmodified-since-version'];
    if (typeof ifUnmodified !== 'string') return send(428, 'If-Unmodified-Since-Version not provided');
    if (this.version > Number(ifUnmodified)) return send(412, `Library has been modified since specified version`);
    for (const key of url.searchParams.get('itemKey')?.split(',') ?? []) if (this.items.has(key)) this.remove(key);
    send(204, undefined, { 'Last-Modified-Version': String(this.version) });
  }

  private inCollection(item: StoredItem, collection: string): boolean {
    const parent = item.data.parentItem ? this.items.get(item.data.parentItem) : undefined;
    return (parent ?? item).data.collections?.includes(collection) ?? false;
  }

  private json(item: StoredItem, include: readonly string[]): Record<string, unknown> {
    const [type, id] = this.library.split('/');
    return {
      key: item.key,
      version: item.version,
      library: { type: type === 'groups' ? 'group' : 'user', id: Number(id), name: 'Stand-in library' },
      meta: item.by ? { createdByUser: { id: 1, ...item.by } } : {},
      ...(include.includes('data') ? { data: { key: item.key, version: item.version, ...item.data } } : {}),
      ...(include.includes('csl') ? { csl: csl(item, id ?? '0') } : {}),
    };
  }
}

const CSL_TYPES: Readonly<Record<string, string>> = {
  journalArticle: 'article-journal',
  conferencePaper: 'paper-conference',
  book: 'book',
  dataset: 'dataset',
  preprint: 'article',
};

/** The CSL-JSON the API gives with `include=csl`, for the fields the stand-in keeps. */
function csl(item: StoredItem, libraryId: string): Record<string, unknown> {
  const { data } = item;
  const year = /\d{4}/.exec(data.date ?? '')?.[0];
  return {
    id: `${libraryId}/${item.key}`,
    type: CSL_TYPES[data.itemType] ?? 'document',
    ...(data.title ? { title: data.title } : {}),
    ...(data.publicationTitle ? { 'container-title': data.publicationTitle } : {}),
    ...(data.abstractNote ? { abstract: data.abstractNote } : {}),
    ...(data.DOI ? { DOI: data.DOI } : {}),
    ...(data.creators?.length
      ? {
          author: data.creators.map((creator) =>
            creator.name ? { literal: creator.name } : { family: creator.lastName, given: creator.firstName },
          ),
        }
      : {}),
    ...(year ? { issued: { 'date-parts': [[year]] } } : {}),
  };
}
