import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.ts';

/** What a route answers; the body is sent as given, with its content type. */
export interface HttpAnswer {
  readonly status: number;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A request as a route sees it: its headers and its whole body, already read within the route's limit. */
export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

export type RouteHandler = (request: HttpRequest) => HttpAnswer | Promise<HttpAnswer>;

interface Route {
  readonly handler: RouteHandler;
  readonly maxBodyBytes: number;
}

/** A body larger than this is refused unless the route allows more. */
const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * The bot's own HTTP endpoints (health, metrics, push webhooks) on one listener, apart from
 * Slack's: every route is registered here by whoever owns it, and anything else is a 404.
 */
export class HttpListener {
  private readonly routes = new Map<string, Route>();
  private server: Server | undefined;

  constructor(private readonly logger: Logger) {}

  route(method: 'GET' | 'POST', path: string, handler: RouteHandler, options: { maxBodyBytes?: number } = {}): void {
    this.routes.set(`${method} ${path}`, { handler, maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES });
  }

  async listen(port: number, host: string): Promise<AddressInfo> {
    const server = createServer((request, response) => void this.answer(request, response));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return server.address() as AddressInfo;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const method = request.method ?? 'GET';
    const route = this.routes.get(`${method} ${path}`);
    try {
      if (!route) {
        const known = [...this.routes.keys()].some((key) => key.endsWith(` ${path}`));
        send(response, known ? { status: 405, body: 'method not allowed\n' } : { status: 404, body: 'not found\n' });
        request.resume();
        return;
      }
      const body = await readBody(request, route.maxBodyBytes);
      if (!body) {
        // The rest of the body is never read: the connection closes once the answer is out.
        response.once('finish', () => request.destroy());
        send(response, { status: 413, headers: { connection: 'close' }, body: 'request body too large\n' });
        return;
      }
      send(response, await route.handler({ method, path, headers: request.headers, body }));
    } catch (error) {
      this.logger.error({ err: error, path }, 'an HTTP endpoint failed');
      if (!response.headersSent) send(response, { status: 500, body: 'internal error\n' });
    }
  }
}

function send(response: ServerResponse, answer: HttpAnswer): void {
  response.writeHead(answer.status, {
    'content-type': answer.contentType ?? 'text/plain; charset=utf-8',
    ...answer.headers,
  });
  response.end(answer.body);
}

/** The whole body, or undefined as soon as it passes `limit` bytes (the rest is not read). */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.pause();
        request.removeAllListeners('data');
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
