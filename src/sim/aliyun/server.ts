/**
 * The HTTP side: one node:http server for the api, auth and passport paths, a routing table
 * (method + path → handler), latency, fault injection, error replies and counters.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimError, simErrors } from './errors.js';
import { faultReply, type FaultInjector } from './faults.js';
import type { Reply, Route, RouteContext } from './route.js';
import type { World } from './state.js';
import type { StatsRecorder } from './stats.js';

/** pino-compatible subset; the simulator never logs tokens. */
export interface SimLogger {
  debug(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface HttpDeps {
  world: World;
  routes: readonly Route[];
  faults: FaultInjector;
  stats: StatsRecorder;
  logger?: SimLogger;
}

export interface RunningHttp {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Starts listening (port 0 = an ephemeral port) and resolves with the base URL. */
export async function startHttp(deps: HttpDeps, port: number, host: string): Promise<RunningHttp> {
  const table = new Map(deps.routes.map((r) => [`${r.method} ${r.path}`, r]));
  const knownPaths = new Set(deps.routes.map((r) => r.path));
  let baseUrl = '';
  const server: Server = createServer((req, res) => {
    void serve(deps, table, knownPaths, baseUrl, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    url: baseUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(
  deps: HttpDeps,
  table: Map<string, Route>,
  knownPaths: Set<string>,
  baseUrl: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const at = Date.now();
  const url = new URL(req.url ?? '/', 'http://sim.invalid');
  const path = url.pathname;
  const account = deps.world.auth.peekUser(req.headers.authorization) ?? 'anonymous';
  let reply: Reply;
  let shareId: string | undefined;
  try {
    const raw = await readBody(req);
    shareId = SHARE_ID_IN_BODY.exec(raw)?.[1];
    await delay(deps.world);
    reply = await route(deps, table, knownPaths, baseUrl, req, path, url.searchParams, raw);
  } catch (error) {
    reply = errorReply(error, deps.logger, path);
  }
  deps.stats.record({ at, path, status: reply.lost ? 0 : (reply.status ?? 200), ...(shareId !== undefined ? { shareId } : {}) }, account);
  const lost = reply.lost;
  if (lost?.lose === 'reset') {
    req.socket.destroy();
    return;
  }
  if (lost?.lose === 'late') await new Promise((resolve) => setTimeout(resolve, lost.afterMs));
  // The client may have given up meanwhile: nothing to answer then.
  if (res.destroyed || req.socket.destroyed) return;
  send(res, reply);
}

async function route(
  deps: HttpDeps,
  table: Map<string, Route>,
  knownPaths: Set<string>,
  baseUrl: string,
  req: IncomingMessage,
  path: string,
  query: URLSearchParams,
  raw: string,
): Promise<Reply> {
  const handler = table.get(`${req.method ?? 'GET'} ${path}`);
  if (!handler) throw knownPaths.has(path) ? simErrors.methodNotAllowed() : simErrors.notFoundPath();
  const fault = deps.faults.takeScripted(path) ?? deps.faults.rollRandom(path);
  if (fault && 'answer' in fault) return { status: 200, body: fault.answer };
  if (fault && !('lose' in fault) && !fault.afterEffect) return faultReply(fault);
  const reply = await handler.handle(contextFor(deps.world, req, path, query, parseRequestBody(req, raw), baseUrl));
  if (!fault) return reply;
  return 'lose' in fault ? { ...reply, lost: fault } : faultReply(fault);
}

function contextFor(world: World, req: IncomingMessage, path: string, query: URLSearchParams, body: unknown, baseUrl: string): RouteContext {
  const header = (name: string): string | undefined => {
    const value = req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  };
  const tokenUser = () => world.account(world.auth.userOf(header('authorization')));
  return {
    world,
    path,
    query,
    headers: req.headers,
    body,
    baseUrl,
    header,
    tokenUser,
    user() {
      const account = tokenUser();
      world.auth.checkDevice(account.userId, header('x-device-id'), header('x-signature'));
      return account;
    },
    tokenShare(shareId?: string) {
      const grant = world.auth.shareGrantOf(header('x-share-token'));
      // A live token of another share opens nothing here.
      if (shareId !== undefined && grant.shareId !== shareId) throw simErrors.forbiddenFile('share');
      return world.openShare(grant.shareId);
    },
  };
}

/** For the call log only: the share a request is about, without parsing the body twice. */
const SHARE_ID_IN_BODY = /"share_id"\s*:\s*"([^"]{1,64})"/;

function parseRequestBody(req: IncomingMessage, raw: string): unknown {
  if (raw.trim() === '') return {};
  if ((req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw simErrors.badRequest('the request body is not valid JSON');
  }
}

/** Auth-host paths: the real auth host answers errors with `"requestId": null`. */
const AUTH_HOST_PATHS = new Set(['/v2/account/token']);

function errorReply(error: unknown, logger: SimLogger | undefined, path: string): Reply {
  if (error instanceof SimError) {
    return {
      status: error.status,
      headers: error.headers,
      body: { code: error.code, message: error.message, requestId: AUTH_HOST_PATHS.has(path) ? null : randomUUID(), ...error.extra },
    };
  }
  logger?.error({ err: error, path }, 'simulator handler failed');
  return { status: 500, body: { code: 'InternalError', message: 'Internal error in the simulator', requestId: randomUUID() } };
}

function send(res: ServerResponse, reply: Reply): void {
  const status = reply.status ?? 200;
  const headers: Record<string, string> = { ...reply.headers };
  let payload = '';
  if (reply.text !== undefined) {
    payload = reply.text;
    headers['content-type'] = 'text/plain; charset=utf-8';
  } else if (reply.body !== undefined) {
    // Error bodies from faults get a request id like real ones.
    const body = status >= 400 && isRecord(reply.body) && !('requestId' in reply.body) ? { ...reply.body, requestId: randomUUID() } : reply.body;
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json; charset=utf-8';
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(status, headers);
  res.end(payload);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(simErrors.badRequest('request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function delay(world: World): Promise<void> {
  const { latencyMs, latencyJitterMs } = world.knobs;
  const ms = latencyMs + (latencyJitterMs > 0 ? world.faultRandom.int(latencyJitterMs + 1) : 0);
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
