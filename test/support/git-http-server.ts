/**
 * git's own `git http-backend`, served over HTTP on loopback by a small node:http server that
 * runs it as a CGI program: the smart HTTP protocol a hosted remote speaks. It can require a
 * token (as Basic auth), records every Authorization header it was sent, and can be stopped and
 * started again on the same port to stand for a remote that goes away.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export class GitHttpServer {
  readonly authorizations: string[] = [];
  /** Every request's method and path, in order. */
  readonly requests: string[] = [];
  private server: Server | undefined;
  private port = 0;

  private constructor(
    private readonly projectRoot: string,
    private readonly token: string | undefined,
  ) {}

  static async start(projectRoot: string, options: { token?: string } = {}): Promise<GitHttpServer> {
    const server = new GitHttpServer(projectRoot, options.token);
    await server.listen();
    return server;
  }

  /** The URL of a repository under the project root (`site.git`). */
  url(repository: string): string {
    return `http://127.0.0.1:${this.port}/${repository}`;
  }

  async listen(): Promise<void> {
    const server = createServer((request, response) => void this.answer(request, response));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.requests.push(`${request.method} ${(request.url ?? '').split('?')[0]}`);
    const authorization = request.headers.authorization;
    if (authorization) this.authorizations.push(authorization);
    if (this.token) {
      const expected = `Basic ${Buffer.from(`x-access-token:${this.token}`).toString('base64')}`;
      if (authorization !== expected) {
        request.resume();
        response.writeHead(401, { 'www-authenticate': 'Basic realm="git"' });
        response.end('unauthorized\n');
        return;
      }
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_PROJECT_ROOT: this.projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        REQUEST_METHOD: request.method ?? 'GET',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: request.headers['content-type'] ?? '',
        CONTENT_LENGTH: String(body.length),
        HTTP_CONTENT_ENCODING: request.headers['content-encoding'] ?? '',
        HTTP_GIT_PROTOCOL: String(request.headers['git-protocol'] ?? ''),
        REMOTE_ADDR: '127.0.0.1',
        REMOTE_USER: this.token ? 'x-access-token' : '',
      },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    // http-backend may answer (an error, a GET) without reading what was posted.
    child.stdin.on('error', () => undefined);
    child.stdin.end(body);
    const out: Buffer[] = [];
    for await (const chunk of child.stdout) out.push(chunk as Buffer);
    const raw = Buffer.concat(out);
    const split = raw.indexOf('\r\n\r\n');
    const headerEnd = split >= 0 ? split : raw.indexOf('\n\n');
    const gap = split >= 0 ? 4 : 2;
    const headers: Record<string, string> = {};
    let status = 200;
    for (const line of raw.subarray(0, Math.max(headerEnd, 0)).toString('latin1').split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'status') status = Number.parseInt(value, 10);
      else headers[name] = value;
    }
    response.writeHead(status, headers);
    response.end(headerEnd >= 0 ? raw.subarray(headerEnd + gap) : raw);
  }
}
