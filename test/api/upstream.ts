/**
 * A small local HTTP server standing in for the Aliyun hosts in unit-level client tests:
 * routes by path, records every request (headers and parsed body) in arrival order.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AliyunClient, type AliyunClientOptions } from '../../src/api/index.js';

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: any;
  receivedAt: number;
}

export interface Reply {
  status?: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Never answer (for timeouts). */
  hang?: boolean;
}

export type Handler = (req: Recorded) => Reply | Promise<Reply>;

export interface Upstream {
  url: string;
  requests: Recorded[];
  route(path: string, handler: Handler): void;
  calls(path: string): Recorded[];
  close(): Promise<void>;
}

/** Starts the server on an ephemeral port. Unknown paths answer 404 `NotFound`. */
export async function startUpstream(routes: Record<string, Handler> = {}): Promise<Upstream> {
  const table = new Map(Object.entries(routes));
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://local');
        const raw = Buffer.concat(chunks).toString('utf8');
        const type = req.headers['content-type'] ?? '';
        let body: unknown = raw;
        if (type.includes('application/json') && raw) body = JSON.parse(raw);
        if (type.includes('form-urlencoded')) body = Object.fromEntries(new URLSearchParams(raw));
        const recorded: Recorded = {
          method: req.method ?? '',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          raw,
          body,
          receivedAt: performance.now(),
        };
        requests.push(recorded);
        const handler = table.get(url.pathname);
        const reply: Reply = handler
          ? await handler(recorded)
          : { status: 404, json: { code: 'NotFound', message: `no route ${url.pathname}` } };
        if (reply.hang) return;
        if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
        const headers: Record<string, string> = { ...reply.headers };
        let payload = '';
        if (reply.json !== undefined) {
          headers['content-type'] ??= 'application/json';
          payload = JSON.stringify(reply.json);
        } else if (reply.text !== undefined) {
          headers['content-type'] ??= 'text/plain';
          payload = reply.text;
        }
        res.writeHead(reply.status ?? 200, headers);
        res.end(payload);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route: (path, handler) => table.set(path, handler),
    calls: (path) => requests.filter((request) => request.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A client pointed at `url` for all three hosts, with tiny delays and no pacing unless asked. */
export function clientFor(url: string, options: Partial<AliyunClientOptions> = {}): AliyunClient {
  return new AliyunClient({
    apiUrl: url,
    authUrl: url,
    passportUrl: url,
    userUrl: url,
    timeoutMs: 2_000,
    retries: 3,
    baseDelayMs: 5,
    maxDelayMs: 20,
    maxRateLimitWaitMs: 2_000,
    pace: { callsPerSecond: 0, burst: 1 },
    ...options,
  });
}

/** An Aliyun error answer. */
export function aliyunError(status: number, code: string, message = code, headers?: Record<string, string>): Reply {
  return { status, json: { code, message, requestId: 'req-test' }, ...(headers ? { headers } : {}) };
}

/** The share-token endpoint's path. */
export const SHARE_TOKEN_PATH = '/v2/share_link/get_share_token';

/**
 * Serves share tokens on `upstream`, recording each one issued in the returned list (in order),
 * so a test can tell which token a request carried or expire them all with `splice(0)`.
 */
export function issueShareTokens(upstream: Upstream): string[] {
  const issued: string[] = [];
  upstream.route(SHARE_TOKEN_PATH, () => {
    const token = `eyJshare.${issued.length}.${Math.random().toString(36).slice(2)}`;
    issued.push(token);
    return { json: { share_token: token, expire_time: new Date(Date.now() + 7_200_000).toISOString(), expires_in: 7200 } };
  });
  return issued;
}
