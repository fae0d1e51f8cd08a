/**
 * The HTTP face of the fake: `/bot<token>/<method>` (GET or POST; JSON, urlencoded or
 * multipart), `/file/bot<token>/<path>` downloads, and an optional `/__control/<name>`
 * endpoint that runs test-control calls for out-of-process drivers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BotApiError } from './errors.js';
import type { Dispatcher, LoggerLike } from './dispatch.js';
import { decodeRequest } from './params.js';
import type { TelegramState } from './state.js';

/** A control function reachable over HTTP: JSON arguments in, JSON result out. */
export type ControlFunction = (...args: unknown[]) => unknown;

/** What the server needs. */
export interface ServerDeps {
  state: TelegramState;
  dispatcher: Dispatcher;
  control: ReadonlyMap<string, ControlFunction>;
  logger?: LoggerLike;
  /** Telegram accepts uploads up to 50 MB. */
  maxBodyBytes?: number;
}

const API_PATH = /^\/bot([^/]+)\/(?:test\/)?([^/]+)\/?$/;
const FILE_PATH = /^\/file\/bot([^/]+)\/(.+)$/;

/** Creates (but does not start) the HTTP server. */
export function createBotApiServer(deps: ServerDeps): Server {
  const server = createServer((req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      deps.logger?.error({ err: error }, 'telegram fake: request failed');
      if (!res.headersSent) sendJson(res, 500, new BotApiError(500, 'Internal Server Error').toBody());
      else res.destroy();
    });
  });
  // Telegram keeps idle connections open for a while (nginx: 75 s); Node's 5 s default would
  // close sockets a client paced by the limits is about to reuse ("socket hang up").
  server.keepAliveTimeout = 75_000;
  server.headersTimeout = 76_000;
  return server;
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake.invalid');
  if (url.pathname.startsWith('/__control/')) return control(deps, url.pathname.slice('/__control/'.length), req, res);
  const file = FILE_PATH.exec(url.pathname);
  if (file !== null) return download(deps.state, file[1]!, decodeURIComponent(file[2]!), res);
  const match = API_PATH.exec(url.pathname);
  if (match === null) return sendJson(res, 404, new BotApiError(404, 'Not Found').toBody());
  const [, token, method] = match;
  if (token !== deps.state.token) {
    await readBody(req, deps.maxBodyBytes).catch(() => undefined);
    return sendJson(res, 401, new BotApiError(401, 'Unauthorized').toBody());
  }
  let body: Buffer;
  try {
    body = await readBody(req, deps.maxBodyBytes);
  } catch {
    return sendJson(res, 413, new BotApiError(413, 'Request Entity Too Large').toBody());
  }
  let decoded;
  try {
    decoded = decodeRequest(req.headers['content-type'], body, url.searchParams);
  } catch (error) {
    if (error instanceof BotApiError) return sendJson(res, error.code, error.toBody());
    throw error;
  }
  // A long poll must notice when grammY aborts it (bot.stop()).
  const gone = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  const outcome = await deps.dispatcher.dispatch(method!, decoded, gone.signal, 'http');
  if (outcome.drop) {
    req.socket.destroy();
    return;
  }
  if (outcome.html !== undefined) {
    res.writeHead(outcome.status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(outcome.html) });
    res.end(outcome.html);
    return;
  }
  sendJson(res, outcome.status, outcome.body ?? {});
}

function download(state: TelegramState, token: string, path: string, res: ServerResponse): void {
  if (token !== state.token) return sendJson(res, 401, new BotApiError(401, 'Unauthorized').toBody());
  const file = [...state.files.values()].find((f) => f.filePath === path && f.bytes !== undefined);
  if (file?.bytes === undefined) return sendJson(res, 404, new BotApiError(404, 'Not Found').toBody());
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length });
  res.end(file.bytes);
}

async function control(deps: ServerDeps, name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const fn = deps.control.get(name);
  if (fn === undefined) return sendJson(res, 404, { ok: false, error: `unknown control function ${name}` });
  try {
    const body = await readBody(req, deps.maxBodyBytes);
    const parsed: unknown = body.length > 0 ? JSON.parse(body.toString('utf8')) : [];
    const args = Array.isArray(parsed) ? parsed : [parsed];
    const result = await fn(...args);
    sendJson(res, 200, { ok: true, result: result ?? null });
  } catch (error) {
    sendJson(res, 400, { ok: false, error: (error as Error).message });
  }
}

function readBody(req: IncomingMessage, limit = 50 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
