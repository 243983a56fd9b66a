/**
 * A stand-in for Discord on 127.0.0.1: the REST API under `/api/v10` and a gateway WebSocket
 * that speaks HELLO / IDENTIFY / READY / heartbeats and dispatches interactions. It records
 * what the bot sends so tests can assert the payloads a user would see.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { STANDIN_IDS, messageObject } from './discord-payloads.ts';

export interface RecordedRequest {
  readonly method: string;
  /** The path after `/api/v10`, without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly authorization?: string;
  /** JSON body, or a multipart body's `payload_json`. */
  readonly body: unknown;
  /** The files of a multipart body (attachments), in order. */
  readonly files: readonly RecordedFile[];
}

export interface RecordedFile {
  readonly field: string;
  readonly name: string;
  readonly contentType: string;
  readonly data: Buffer;
}

export interface ScriptedAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface StandinOptions {
  /** The only token REST and the gateway accept. */
  readonly token: string;
  /** REST lets any token through, so that only the gateway's IDENTIFY can refuse it. */
  readonly restAcceptsAnyToken?: boolean;
  /** Called when a client identifies with the right token, before READY is sent: what was done before connecting. */
  readonly onIdentify?: () => void;
}

const HEARTBEAT_INTERVAL_MS = 1000;

/** Requests the stand-in keeps waiting, as a slow Discord would, until the test lets them go. */
export interface HeldRequests {
  /** Resolves with the first matching request once it has arrived (and is being held). */
  readonly arrived: Promise<RecordedRequest>;
  /** Whether requests are still held: false once released. */
  readonly holding: boolean;
  /** Answers the held requests, and every later matching one at once. */
  release(): void;
}

interface Hold {
  readonly match: (request: RecordedRequest) => boolean;
  readonly gate: Promise<void>;
  readonly arrive: (request: RecordedRequest) => void;
  readonly release: () => void;
}

export class DiscordStandin {
  readonly requests: RecordedRequest[] = [];
  /** IDENTIFY payloads the gateway received. */
  readonly identifies: { token: string; intents: number; shard?: [number, number] }[] = [];
  private readonly waiters: {
    match: (request: RecordedRequest) => boolean;
    resolve: (request: RecordedRequest) => void;
  }[] = [];
  private readonly sessions = new Set<WebSocket>();
  private readonly sessionWaiters: (() => void)[] = [];
  private readonly channelAnswers = new Map<string, ScriptedAnswer>();
  private readonly registered = new Map<string, unknown[]>();
  private sequence = 0;
  private messageCounter = 0;
  /** Channels GET /channels/{id} knows, threads the bot opened among them; messages that have a thread. */
  private readonly channels = new Map<string, Record<string, unknown>>([
    [STANDIN_IDS.channel, { id: STANDIN_IDS.channel, type: 0, name: 'papers', guild_id: STANDIN_IDS.guild }],
  ]);
  private readonly threadedMessages = new Set<string>();
  private readonly holds: Hold[] = [];

  private constructor(
    private readonly server: Server,
    private readonly gateway: WebSocketServer,
    private readonly options: StandinOptions,
  ) {}

  static async start(options: StandinOptions): Promise<DiscordStandin> {
    const server = createServer();
    // Client and stand-in share a machine: while the bot holds its event loop (start-up work), the
    // server's 5 s keep-alive timer closes a socket the client is about to reuse. Discord keeps
    // idle connections far longer.
    server.keepAliveTimeout = 60_000;
    const gateway = new WebSocketServer({ server, path: '/gateway' });
    const standin = new DiscordStandin(server, gateway, options);
    server.on('request', (request, response) => void standin.handleHttp(request, response));
    gateway.on('connection', (socket) => standin.handleSession(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return standin;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** What the client's `rest.api` option (and DISCORD_API_URL) should be. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Every later `POST /channels/{id}/messages` for this channel gets this answer. */
  answerChannel(channelId: string, answer: ScriptedAnswer): void {
    this.channelAnswers.set(channelId, answer);
  }

  /** Makes a channel known to GET /channels/{id} (a forum: type 15, with `available_tags`). */
  addChannel(channel: Record<string, unknown> & { id: string }): void {
    this.channels.set(channel.id, { guild_id: STANDIN_IDS.guild, ...channel });
  }

  /** As if someone deleted the channel or thread: GET answers 404 from now on. */
  deleteChannel(id: string): void {
    this.channels.delete(id);
  }

  channel(id: string): Record<string, unknown> | undefined {
    return this.channels.get(id);
  }

  /** The commands the last PUT left for a scope (`global` or a guild id). */
  registeredCommands(scope: string): unknown[] | undefined {
    return this.registered.get(scope);
  }

  /** Matching requests from now on get no answer until `release()`: a platform call that is slow to come back. */
  hold(match: (request: RecordedRequest) => boolean): HeldRequests {
    let release = (): void => undefined;
    let arrive: (request: RecordedRequest) => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const arrived = new Promise<RecordedRequest>((resolve) => (arrive = resolve));
    const holds = this.holds;
    const hold: Hold = {
      match,
      gate,
      arrive,
      release: () => {
        if (holds.includes(hold)) holds.splice(holds.indexOf(hold), 1);
        release();
      },
    };
    holds.push(hold);
    return {
      arrived,
      get holding() {
        return holds.includes(hold);
      },
      release: hold.release,
    };
  }

  /** Resolves with the first request, already recorded or still to come, that matches. */
  waitForRequest(match: (request: RecordedRequest) => boolean): Promise<RecordedRequest> {
    const seen = this.requests.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** Resolves once a client has identified and been sent READY. */
  waitForSession(): Promise<void> {
    if (this.sessions.size) return Promise.resolve();
    return new Promise((resolve) => this.sessionWaiters.push(resolve));
  }

  /** Sends INTERACTION_CREATE to every identified session. */
  dispatchInteraction(payload: unknown): void {
    if (!this.sessions.size) throw new Error('no gateway session to dispatch to');
    for (const socket of this.sessions) this.dispatch(socket, 'INTERACTION_CREATE', payload);
  }

  async close(): Promise<void> {
    for (const hold of [...this.holds]) hold.release();
    for (const socket of this.gateway.clients) socket.terminate();
    await new Promise<void>((resolve) => this.gateway.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handleSession(socket: WebSocket): void {
    this.send(socket, { op: 10, d: { heartbeat_interval: HEARTBEAT_INTERVAL_MS } });
    socket.on('message', (data) => {
      const packet = JSON.parse(String(data)) as {
        op: number;
        d?: { token?: string; intents?: number; shard?: [number, number] };
      };
      if (packet.op === 1) this.send(socket, { op: 11 });
      if (packet.op === 2) this.identify(socket, packet.d?.token ?? '', packet.d?.intents ?? 0, packet.d?.shard);
      if (packet.op === 6) this.send(socket, { op: 9, d: false });
    });
    socket.on('close', () => this.sessions.delete(socket));
  }

  private identify(socket: WebSocket, token: string, intents: number, shard?: [number, number]): void {
    this.identifies.push({ token, intents, ...(shard ? { shard } : {}) });
    if (token !== this.options.token) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    this.options.onIdentify?.();
    this.dispatch(socket, 'READY', {
      v: 10,
      user: STANDIN_IDS.botUser,
      guilds: [{ id: STANDIN_IDS.guild, unavailable: true }],
      session_id: 'standin-session',
      resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
      application: { id: STANDIN_IDS.application, flags: 0 },
      shard: shard ?? [0, 1],
    });
    this.dispatch(socket, 'GUILD_CREATE', guildObject());
    this.sessions.add(socket);
    for (const resolve of this.sessionWaiters.splice(0)) resolve();
  }

  private dispatch(socket: WebSocket, type: string, data: unknown): void {
    this.sequence += 1;
    this.send(socket, { op: 0, t: type, s: this.sequence, d: data });
  }

  private send(socket: WebSocket, packet: unknown): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(packet));
  }

  private async handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(request);
    const { body, files } = await decodeBody(raw, request.headers['content-type']);
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      // discord.js encodes `@original` as `%40original`; Discord reads both.
      path: decodeURIComponent(url.pathname).replace(/^\/api\/v10/, ''),
      query: url.searchParams,
      authorization: request.headers.authorization,
      body,
      files,
    };
    this.requests.push(recorded);
    const hold = this.holds.find((candidate) => candidate.match(recorded));
    if (hold) {
      hold.arrive(recorded);
      await hold.gate;
    }
    const answer = this.route(recorded);
    // Answer first, then wake the test, so the client has its answer before the test moves on.
    respond(response, answer);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(recorded)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(recorded);
      }
    }
  }

  private route(request: RecordedRequest): ScriptedAnswer {
    const { method, path } = request;
    const authorised = this.options.restAcceptsAnyToken
      ? Boolean(request.authorization)
      : request.authorization === `Bot ${this.options.token}`;
    const unauthorised: ScriptedAnswer = { status: 401, body: { message: '401: Unauthorized', code: 0 } };
    if (method === 'GET' && (path === '/gateway/bot' || path === '/gateway')) {
      if (path === '/gateway/bot' && !authorised) return unauthorised;
      const body = {
        url: `ws://127.0.0.1:${this.port}/gateway`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      };
      return { status: 200, body };
    }
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return { status: 204 };
    const webhook = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/@original)?$/.exec(path);
    if (webhook) {
      if (method === 'DELETE') return { status: 204 };
      return { status: 200, body: this.message(STANDIN_IDS.channel, request.body) };
    }
    const threads = /^\/channels\/(\d+)(?:\/messages\/(\d+))?\/threads$/.exec(path);
    if (threads?.[1] && method === 'POST')
      return authorised ? this.openThread(threads[1], threads[2], request.body) : unauthorised;
    const single = /^\/channels\/(\d+)$/.exec(path);
    if (single?.[1] && method === 'GET') {
      if (!authorised) return unauthorised;
      const known = this.channels.get(single[1]);
      return known ? { status: 200, body: known } : { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
    }
    const channel = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (channel?.[1] && method === 'POST') {
      if (!authorised) return unauthorised;
      return this.channelAnswers.get(channel[1]) ?? { status: 200, body: this.message(channel[1], request.body) };
    }
    if (method === 'GET' && path === '/applications/@me') {
      return authorised ? { status: 200, body: { id: STANDIN_IDS.application, name: 'paperbot' } } : unauthorised;
    }
    const commands = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (commands && method === 'PUT') {
      if (!authorised) return unauthorised;
      const list = Array.isArray(request.body) ? request.body : [];
      const stored = list.map((command: unknown, index) => ({
        ...(command as object),
        id: String(1_300_000_000_000_000_000n + BigInt(index)),
        application_id: commands[1],
        version: '1',
      }));
      this.registered.set(commands[2] ?? 'global', stored);
      return { status: 200, body: stored };
    }
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }

  /**
   * A thread on a message (once per message, as Discord allows), a thread in a channel, or a
   * post in a forum (which must come with its first message).
   * https://discord.com/developers/docs/resources/channel#start-thread-from-message
   */
  private openThread(parentId: string, messageId: string | undefined, body: unknown): ScriptedAnswer {
    const request = (typeof body === 'object' && body !== null ? body : {}) as {
      name?: unknown;
      message?: unknown;
      applied_tags?: unknown;
    };
    const parent = this.channels.get(parentId);
    if (!parent) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
    if (typeof request.name !== 'string' || !request.name.length || request.name.length > 100)
      return { status: 400, body: { message: 'Invalid Form Body', code: 50035 } };
    const forum = parent.type === 15 || parent.type === 16;
    if (messageId) {
      if (this.threadedMessages.has(messageId))
        return { status: 400, body: { message: 'A thread has already been created for this message', code: 160004 } };
      this.threadedMessages.add(messageId);
    } else if (forum && typeof request.message !== 'object')
      return { status: 400, body: { message: 'Invalid Form Body', code: 50035 } };
    this.messageCounter += 1;
    const id = String(1_500_000_000_000_000_000n + BigInt(this.messageCounter));
    const thread = {
      id,
      type: 11,
      guild_id: STANDIN_IDS.guild,
      parent_id: parentId,
      name: request.name,
      applied_tags: Array.isArray(request.applied_tags) ? request.applied_tags : [],
      thread_metadata: { archived: false, auto_archive_duration: 10080, locked: false },
    };
    this.channels.set(id, thread);
    return { status: 201, body: forum ? { ...thread, message: this.message(id, request.message) } : thread };
  }

  private message(channelId: string, body: unknown): unknown {
    this.messageCounter += 1;
    return messageObject(channelId, String(1_400_000_000_000_000_000n + BigInt(this.messageCounter)), body);
  }
}

function respond(response: ServerResponse, answer: ScriptedAnswer): void {
  const headers: Record<string, string> = { ...answer.headers };
  // An empty answer must not claim to be JSON: the client would try to parse it.
  if (answer.body !== undefined) headers['content-type'] = 'application/json';
  response.writeHead(answer.status, headers);
  response.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** discord.js sends a message with files as multipart: `payload_json` plus one part per file. */
async function decodeBody(
  raw: Buffer,
  contentType: string | undefined,
): Promise<{ body: unknown; files: RecordedFile[] }> {
  if (!raw.length) return { body: undefined, files: [] };
  if (!contentType?.startsWith('multipart/form-data'))
    return { body: JSON.parse(raw.toString('utf8')) as unknown, files: [] };
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const files: RecordedFile[] = [];
  let body: unknown;
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field === 'payload_json') body = JSON.parse(value) as unknown;
    } else {
      files.push({ field, name: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
    }
  }
  return { body, files };
}

function guildObject(): unknown {
  return {
    id: STANDIN_IDS.guild,
    name: 'Journal club',
    icon: null,
    owner_id: STANDIN_IDS.user,
    unavailable: false,
    member_count: 2,
    large: false,
    joined_at: '2024-01-01T00:00:00.000Z',
    features: [],
    roles: [
      {
        id: STANDIN_IDS.guild,
        name: '@everyone',
        permissions: '0',
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    channels: [
      {
        id: STANDIN_IDS.channel,
        type: 0,
        name: 'papers',
        position: 0,
        permission_overwrites: [],
        guild_id: STANDIN_IDS.guild,
      },
    ],
    members: [],
    threads: [],
    presences: [],
    voice_states: [],
    emojis: [],
    stickers: [],
    stage_instances: [],
    guild_scheduled_events: [],
  };
}
