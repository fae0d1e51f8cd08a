/**
 * The fetch the transport hands ky, against a real local HTTP server: what goes out, what comes
 * back decoded, and the failures the transport maps (abort/timeout, socket errors).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import ky from 'ky';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodeHttpFetch } from '../../src/api/node-http-fetch.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  remotePort: number;
}

let server: http.Server;
let base: string;
let seen: Seen[];
let handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

beforeEach(async () => {
  seen = [];
  handler = (_req, res) => res.end('{}');
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, remotePort: req.socket.remotePort ?? 0 });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('createNodeHttpFetch', () => {
  it('sends the method, headers and the body given beside ky’s Request, and reads the answer', async () => {
    handler = (_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-ca-request-id': 'r-1' });
      res.end('{"ok":true}');
    };
    const api = ky.create({ prefixUrl: base, fetch: createNodeHttpFetch(), retry: 0, timeout: false });
    const response = await api('v2/file/list', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
      searchParams: { a: '1' },
      bodyText: '{"parent_file_id":"root"}',
    } as never);
    expect(response.status).toBe(201);
    expect(response.headers.get('x-ca-request-id')).toBe('r-1');
    expect(await response.json()).toEqual({ ok: true });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v2/file/list?a=1', body: '{"parent_file_id":"root"}' });
    expect(seen[0]?.headers).toMatchObject({
      'content-type': 'application/json',
      authorization: 'Bearer t',
      'content-length': '25',
      'accept-encoding': 'gzip, deflate, br',
    });
  });

  it('sends a body that is in the Request itself (a plain fetch call)', async () => {
    const fetch = createNodeHttpFetch();
    await fetch(`${base}form`, { method: 'POST', body: new URLSearchParams({ a: 'b c' }) });
    expect(seen[0]?.body).toBe('a=b+c');
    expect(seen[0]?.headers['content-type']).toContain('application/x-www-form-urlencoded');
  });

  it.each([
    ['gzip', zlib.gzipSync],
    ['deflate', zlib.deflateSync],
    ['deflate', zlib.deflateRawSync],
    ['br', zlib.brotliCompressSync],
  ] as const)('decodes a %s answer', async (coding, compress) => {
    const payload = JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ name: `文件 ${i}` })) });
    handler = (_req, res) => {
      res.writeHead(200, { 'content-encoding': coding, 'content-type': 'application/json' });
      res.end(compress(Buffer.from(payload)));
    };
    const response = await createNodeHttpFetch()(`${base}x`);
    expect(await response.text()).toBe(payload);
  });

  it('rejects with the signal’s reason when it aborts, before or during the answer', async () => {
    handler = () => undefined; // never answers
    const fetch = createNodeHttpFetch();
    const timedOut = await fetch(`${base}slow`, { signal: AbortSignal.timeout(50) }).catch((err: unknown) => err);
    expect((timedOut as Error).name).toBe('TimeoutError');

    handler = (_req, res) => {
      res.writeHead(200);
      res.write('{"partial":'); // the rest never comes
    };
    const controller = new AbortController();
    const pending = fetch(`${base}half`, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    expect(((await pending.catch((err: unknown) => err)) as Error).name).toBe('AbortError');

    const already = await fetch(`${base}x`, { signal: AbortSignal.abort() }).catch((err: unknown) => err);
    expect((already as Error).name).toBe('AbortError');
  });

  it('rejects as fetch does when the connection fails (before or in the middle of the answer): TypeError "fetch failed" with the socket error as cause', async () => {
    handler = (req) => req.socket.destroy();
    const reset = await createNodeHttpFetch()(`${base}x`).catch((err: unknown) => err);
    expect(reset).toBeInstanceOf(TypeError);
    expect((reset as Error).message).toBe('fetch failed');
    expect(((reset as Error).cause as NodeJS.ErrnoException).code).toBe('ECONNRESET');

    handler = (req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"a":');
      setTimeout(() => req.socket.destroy(), 30);
    };
    const cut = await createNodeHttpFetch()(`${base}x`).catch((err: unknown) => err);
    expect((cut as Error).message).toBe('fetch failed');
    expect(((cut as Error).cause as NodeJS.ErrnoException).code).toBe('ECONNRESET');

    const refused = await createNodeHttpFetch()('http://127.0.0.1:1/x').catch((err: unknown) => err);
    expect(((refused as Error).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('keeps the connection alive between calls and opens no more than maxSockets at once', async () => {
    const fetch = createNodeHttpFetch({ maxSockets: 2 });
    for (let i = 0; i < 3; i++) await (await fetch(`${base}x`)).text();
    expect(new Set(seen.map((s) => s.remotePort)).size).toBe(1);

    seen = [];
    await Promise.all(Array.from({ length: 6 }, async () => (await fetch(`${base}x`)).text()));
    expect(seen).toHaveLength(6);
    expect(new Set(seen.map((s) => s.remotePort)).size).toBeLessThanOrEqual(2);
  });

  it('lets a slow answer take longer than the idle-socket timeout (only the signal bounds a call)', async () => {
    handler = (_req, res) => void setTimeout(() => res.end('late'), 300);
    const response = await createNodeHttpFetch({ idleSocketMs: 100 })(`${base}batch`);
    expect(await response.text()).toBe('late');
  });

  it('closes a kept-alive connection once it has been idle for idleSocketMs, and reuses it before that', async () => {
    const closed: number[] = [];
    server.on('connection', (socket) => socket.on('close', () => closed.push(Date.now())));
    const fetch = createNodeHttpFetch({ idleSocketMs: 150 });
    await (await fetch(`${base}x`)).text();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await (await fetch(`${base}x`)).text();
    expect(new Set(seen.map((s) => s.remotePort)).size).toBe(1);
    const idleSince = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(closed).toHaveLength(1);
    expect(closed[0]! - idleSince).toBeGreaterThanOrEqual(100);
  });

  it('follows a redirect as fetch does: a 303 turns a POST into a GET without a body', async () => {
    handler = (req, res) => {
      if (req.url === '/old') res.writeHead(303, { location: '/new' }).end();
      else res.end(`${req.method} ${req.url}`);
    };
    const response = await createNodeHttpFetch()(`${base}old`, { method: 'POST', body: '{"a":1}' });
    expect(await response.text()).toBe('GET /new');
    expect(seen[1]?.body).toBe('');
  });

  it('gives a body-less status no body', async () => {
    handler = (_req, res) => res.writeHead(204).end();
    const response = await createNodeHttpFetch()(`${base}x`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });
});
