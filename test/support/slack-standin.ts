/**
 * A loopback stand-in for Slack's side of the wire: the Web API (`auth.test`,
 * `chat.postMessage`, `apps.connections.open`, the permission look-ups `users.info`,
 * `conversations.info` and `usergroups.users.list`), `response_url` endpoints, and a Socket
 * Mode WebSocket. It records what the bot sends, and answers chat.postMessage with the
 * failures a notification queue must handle (rate limit, HTTP 500, platform errors).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ApiCall {
  readonly method: string;
  readonly params: Readonly<Record<string, string>>;
  readonly authorization: string | undefined;
}

export interface ResponseUrlPost {
  readonly id: string;
  readonly body: Readonly<Record<string, unknown>>;
}

export type PostMessageMode =
  | { readonly kind: 'ok' }
  | { readonly kind: 'ratelimited'; readonly retryAfterSeconds: number }
  | { readonly kind: 'http-error'; readonly status: number }
  | { readonly kind: 'platform-error'; readonly error: string };

export interface SocketEnvelope {
  readonly envelope_id: string;
  readonly type: 'slash_commands' | 'interactive' | 'events_api';
  /** Null only in tests of what a malformed envelope gets. */
  readonly payload: Readonly<Record<string, unknown>> | null;
  readonly accepts_response_payload: boolean;
  /** Slack numbers deliveries of the same request from 0 and says why it sent it again. */
  readonly retry_attempt?: number;
  readonly retry_reason?: string;
}

export interface EnvelopeAck {
  readonly envelope_id: string;
  readonly payload?: Readonly<Record<string, unknown>>;
}

export const STANDIN_BOT_USER_ID = 'U0PAPERBOT';
export const STANDIN_BOT_ID = 'B0PAPERBOT';
/** The workspace and app the stand-in's auth.test reports, and the test payloads carry. */
export const STANDIN_TEAM_ID = 'T0PAPERBOT';
export const STANDIN_APP_ID = 'A0PAPERBOT';
/** A workspace admin: the user of the test payloads unless a test says otherwise. */
export const STANDIN_ADMIN_USER = 'U0READER';

/** A queue that hands out items in arrival order, waiting for the next one when empty. */
class Arrivals<T> {
  readonly all: T[] = [];
  private taken = 0;
  private waiters: ((item: T) => void)[] = [];

  push(item: T): void {
    this.all.push(item);
    const waiter = this.waiters.shift();
    if (waiter) {
      this.taken += 1;
      waiter(item);
    }
  }

  next(): Promise<T> {
    const ready = this.all[this.taken];
    if (ready !== undefined) {
      this.taken += 1;
      return Promise.resolve(ready);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

/** A file as Slack received it: the bytes POSTed to the upload URL, then where it was shared. */
export interface UploadedFile {
  readonly fileId: string;
  readonly filename: string;
  readonly declaredLength: number;
  data?: Buffer;
  /** Set by files.completeUploadExternal. */
  completed?: { readonly channelId?: string; readonly title?: string; readonly initialComment?: string };
}

export class SlackStandIn {
  readonly calls: ApiCall[] = [];
  readonly uploads: UploadedFile[] = [];
  /** When set, files.completeUploadExternal answers `{ok: false, error}` (e.g. `not_in_channel`). */
  completeUploadError: string | undefined;
  postMessageMode: PostMessageMode = { kind: 'ok' };
  /** When set, auth.test answers `{ok: false, error}`. */
  authTestError: string | undefined;
  /** When set, apps.connections.open answers `{ok: false, error}`. */
  connectionsOpenError: string | undefined;
  /**
   * users.info: who is a workspace admin. The user test payloads send by default (TEST_USER in
   * slack-requests.ts) is one, so tests of other things may subscribe.
   */
  readonly workspaceAdmins = new Set<string>([STANDIN_ADMIN_USER]);
  /** conversations.info: each channel's creator (none when absent). */
  readonly channelCreators = new Map<string, string>();
  /** usergroups.users.list: each user group's members. */
  readonly userGroups = new Map<string, string[]>();
  /** A Web API method that answers `{ok: false, error, needed}` instead (a missing scope, say). */
  readonly methodErrors = new Map<string, { readonly error: string; readonly needed?: string }>();

  private readonly responses = new Arrivals<ResponseUrlPost>();
  private readonly sockets = new Arrivals<WebSocket>();
  private readonly acks = new Map<string, (ack: EnvelopeAck) => void>();
  private readonly wss = new WebSocketServer({ noServer: true });

  private constructor(private readonly server: Server) {}

  static async start(): Promise<SlackStandIn> {
    const server = createServer();
    // Client and stand-in share one process: while the bot holds the event loop (a first
    // citation loads its CSL engine), the server's 5 s keep-alive timer fires late and closes a
    // socket the client is already writing to. Slack's own servers keep connections far longer.
    server.keepAliveTimeout = 60_000;
    const standIn = new SlackStandIn(server);
    server.on('request', (req, res) => void standIn.handle(req, res));
    server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/socket')) return socket.destroy();
      standIn.wss.handleUpgrade(req, socket, head, (ws) => standIn.accept(ws));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return standIn;
  }

  get origin(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** The Web API base URL to configure (SLACK_API_URL), with the trailing slash Bolt expects. */
  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  /** A fresh response_url; what the bot posts there is collected in arrival order. */
  responseUrl(): string {
    return `${this.origin}/response/${randomUUID()}`;
  }

  get responsesReceived(): readonly ResponseUrlPost[] {
    return this.responses.all;
  }

  nextResponse(): Promise<ResponseUrlPost> {
    return this.responses.next();
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Resolves once a Socket Mode client has connected and been sent `hello`. */
  nextSocket(): Promise<WebSocket> {
    return this.sockets.next();
  }

  /** Delivers an envelope to the connected client and resolves with its acknowledgement. */
  async deliver(socket: WebSocket, envelope: SocketEnvelope): Promise<EnvelopeAck> {
    const acked = new Promise<EnvelopeAck>((resolve) => this.acks.set(envelope.envelope_id, resolve));
    socket.send(JSON.stringify(envelope));
    return acked;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    ws.on('message', (data) => {
      const message = parseJson(String(data));
      const envelopeId = message?.['envelope_id'];
      if (typeof envelopeId !== 'string') return;
      const resolve = this.acks.get(envelopeId);
      this.acks.delete(envelopeId);
      const payload = message?.['payload'];
      resolve?.({ envelope_id: envelopeId, payload: isRecord(payload) ? payload : undefined });
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0PAPERBOT' } }));
    this.sockets.push(ws);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const body = raw.toString('utf8');
    const url = new URL(req.url ?? '/', this.origin);
    if (url.pathname.startsWith('/upload/'))
      return this.receiveUpload(url.pathname.slice('/upload/'.length), raw, req.headers['content-type'], res);
    if (url.pathname.startsWith('/response/')) {
      const parsed = parseJson(body);
      this.responses.push({ id: url.pathname.slice('/response/'.length), body: parsed ?? {} });
      return send(res, 200, 'text/plain', 'ok');
    }
    if (!url.pathname.startsWith('/api/')) return send(res, 404, 'text/plain', 'not found');
    const method = url.pathname.slice('/api/'.length);
    const params = Object.fromEntries(new URLSearchParams(body));
    this.calls.push({ method, params, authorization: req.headers.authorization });
    const failure = this.methodErrors.get(method);
    if (failure) return json(res, { ok: false, ...failure });
    switch (method) {
      case 'users.info': {
        const id = params['user'] ?? '';
        const admin = this.workspaceAdmins.has(id);
        return json(res, {
          ok: true,
          user: { id, team_id: STANDIN_TEAM_ID, name: id.toLowerCase(), is_admin: admin, is_owner: false },
        });
      }
      case 'conversations.info': {
        const id = params['channel'] ?? '';
        const creator = this.channelCreators.get(id);
        return json(res, { ok: true, channel: { id, is_channel: true, ...(creator ? { creator } : {}) } });
      }
      case 'usergroups.users.list': {
        const members = this.userGroups.get(params['usergroup'] ?? '');
        return members ? json(res, { ok: true, users: members }) : json(res, { ok: false, error: 'no_such_subteam' });
      }
      case 'auth.test':
        if (this.authTestError) return json(res, { ok: false, error: this.authTestError });
        return json(res, {
          ok: true,
          url: 'https://paperbot-test.slack.com/',
          team: 'Paperbot Test',
          user: 'paperbot',
          team_id: STANDIN_TEAM_ID,
          user_id: STANDIN_BOT_USER_ID,
          bot_id: STANDIN_BOT_ID,
          app_id: STANDIN_APP_ID,
        });
      case 'apps.connections.open':
        if (this.connectionsOpenError) return json(res, { ok: false, error: this.connectionsOpenError });
        return json(res, {
          ok: true,
          url: `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/socket?ticket=${randomUUID()}`,
        });
      case 'chat.postMessage':
        return this.answerPostMessage(res, params);
      case 'chat.unfurl':
        return json(res, { ok: true });
      case 'conversations.open':
        return json(res, { ok: true, channel: { id: `D${params['users'] ?? ''}` } });
      case 'files.getUploadURLExternal': {
        const fileId = `F${String(this.uploads.length + 1).padStart(8, '0')}`;
        this.uploads.push({ fileId, filename: params['filename'] ?? '', declaredLength: Number(params['length']) });
        return json(res, { ok: true, upload_url: `${this.origin}/upload/${fileId}`, file_id: fileId });
      }
      case 'files.completeUploadExternal':
        return this.completeUploads(res, params);
      default:
        return json(res, { ok: false, error: 'unknown_method' });
    }
  }

  private messages = 0;

  /** Message timestamps as Slack writes them, distinct even for posts in the same millisecond. */
  private nextTs(): string {
    this.messages += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.messages).padStart(6, '0')}`;
  }

  /** The upload URL takes the bytes as the client sends them: a multipart form or the raw body. */
  private async receiveUpload(
    fileId: string,
    raw: Buffer,
    contentType: string | undefined,
    res: ServerResponse,
  ): Promise<void> {
    const upload = this.uploads.find((candidate) => candidate.fileId === fileId);
    if (!upload) return send(res, 404, 'text/plain', 'no such upload');
    if (contentType?.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
      const part = [...form.values()].find((value) => typeof value !== 'string');
      upload.data = part && typeof part !== 'string' ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
    } else {
      upload.data = raw;
    }
    return send(res, 200, 'text/plain', `OK - ${upload.data.length}`);
  }

  private completeUploads(res: ServerResponse, params: Readonly<Record<string, string>>): void {
    if (this.completeUploadError) return json(res, { ok: false, error: this.completeUploadError });
    const listed = parseJsonArray(params['files'] ?? '[]');
    const files: { id: string; title: string }[] = [];
    for (const item of listed) {
      const upload = this.uploads.find((candidate) => candidate.fileId === item['id']);
      if (!upload?.data) return json(res, { ok: false, error: 'file_not_found' });
      const title = typeof item['title'] === 'string' ? item['title'] : upload.filename;
      upload.completed = { channelId: params['channel_id'], title, initialComment: params['initial_comment'] };
      files.push({ id: upload.fileId, title });
    }
    return json(res, { ok: true, files });
  }

  private answerPostMessage(res: ServerResponse, params: Readonly<Record<string, string>>): void {
    const mode = this.postMessageMode;
    switch (mode.kind) {
      case 'ok':
        return json(res, {
          ok: true,
          channel: params['channel'],
          ts: this.nextTs(),
          message: { text: params['text'] },
        });
      case 'ratelimited':
        res.setHeader('Retry-After', String(mode.retryAfterSeconds));
        return json(res, { ok: false, error: 'ratelimited' }, 429);
      case 'http-error':
        return send(res, mode.status, 'text/html', '<html><body>Internal Server Error</body></html>');
      case 'platform-error':
        return json(res, { ok: false, error: mode.error });
    }
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJsonArray(text: string): Record<string, unknown>[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter(isRecord) : [];
  } catch {
    return [];
  }
}

function json(res: ServerResponse, body: unknown, status = 200): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType });
  res.end(body);
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
