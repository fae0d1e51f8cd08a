/**
 * A `fetch` for ky over node:http/node:https with a keep-alive Agent. Node's built-in fetch
 * (undici) spent about a third of the bot's CPU on web streams, transferable abort signals and
 * request plumbing for small JSON calls; this one writes the request in one go, buffers the
 * answer (Aliyun answers are small), decompresses it as fetch did, and hands back a standard
 * Response. What the transport relies on is kept: the request's AbortSignal rejects with its
 * reason (a timeout's TimeoutError), a socket failure rejects with `TypeError('fetch failed',
 * { cause })`, redirects are followed.
 */
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';

export interface NodeHttpFetchOptions {
  /** Open sockets per host at most (the rest queue in the Agent). */
  maxSockets?: number;
  /** An idle kept-alive socket is closed after this long (undici's default when the server gives no hint). */
  idleSocketMs?: number;
}

/**
 * What this fetch takes beyond a standard one. ky hands fetch the options it does not know, so a
 * body given as `bodyText` reaches here while ky builds its Request without one: no body stream
 * to create, tee for its retry copy, read back and cancel (most of ky's cost per call).
 */
export interface NodeHttpFetchInit {
  bodyText?: string;
}

type Fetch = typeof globalThis.fetch;

/** Status codes whose answers have no body (a Response refuses one). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;
/** What fetch sent, so servers answer the same way (Aliyun answers gzip). */
const ACCEPT_ENCODING = 'gzip, deflate, br';

/** A fetch with its own keep-alive Agents (one per protocol), bounded to `maxSockets` per host. */
export function createNodeHttpFetch(options: NodeHttpFetchOptions = {}): Fetch {
  const agentOptions: http.AgentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? 64,
    // An idle socket is closed before a server or load balancer drops it under a request.
    timeout: options.idleSocketMs ?? 4_000,
    scheduling: 'lifo',
  };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };

  return async (input, init) => {
    // ky hands over a Request and only options it does not know: `init` shapes a request only when given a URL.
    const request = input instanceof Request ? input : new Request(input, init);
    const signal = request.signal;
    signal.throwIfAborted();
    const headers: Record<string, string> = { accept: '*/*', 'accept-encoding': ACCEPT_ENCODING };
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const text = (init as NodeHttpFetchInit | undefined)?.bodyText;
    let body = text !== undefined ? Buffer.from(text) : request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    let method = request.method;
    let url = new URL(request.url);
    for (let redirects = 0; ; redirects++) {
      const answer = await exchange(url, method, headers, body, signal, url.protocol === 'https:' ? agents.https : agents.http);
      const location = answer.headers.get('location');
      if (request.redirect !== 'follow' || !REDIRECT_STATUSES.has(answer.status) || location === null) return answer;
      if (redirects >= MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error('redirect count exceeded') });
      // As fetch does: a 303, or a 301/302 to a POST, turns into a GET without a body.
      if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
        for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) delete headers[name];
      }
      const next = new URL(location, url);
      if (next.origin !== url.origin) delete headers['authorization'];
      url = next;
    }
  };
}

/** One request and its buffered, decoded answer. */
function exchange(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  signal: AbortSignal,
  agent: http.Agent,
): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const send = url.protocol === 'https:' ? https.request : http.request;
    const outgoing = body === undefined ? headers : { ...headers, 'content-length': String(body.length) };
    const req = send(url, { method, headers: outgoing, agent });
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      outcome();
    };
    // The reason itself, as fetch rejects: an AbortSignal.timeout's reason is a TimeoutError.
    const onAbort = (): void => settle(() => {
      req.destroy();
      reject(signal.reason);
    });
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err) => settle(() => reject(new TypeError('fetch failed', { cause: err }))));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (err) => settle(() => reject(new TypeError('fetch failed', { cause: err }))));
      res.on('end', () => {
        settle(() => {
          try {
            resolve(responseOf(res, method, Buffer.concat(chunks)));
          } catch (err) {
            reject(new TypeError('fetch failed', { cause: err }));
          }
        });
      });
    });
    req.end(body);
  });
}

function responseOf(res: http.IncomingMessage, method: string, raw: Buffer): Response {
  const status = res.statusCode ?? 0;
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string);
  const init = { status, statusText: res.statusMessage ?? '', headers };
  if (NULL_BODY_STATUSES.has(status) || method === 'HEAD') return new Response(null, init);
  return new Response(decoded(raw, res.headers['content-encoding']), init);
}

/** The body with its content codings undone, last applied first; an unknown coding leaves it as sent. */
function decoded(raw: Buffer, contentEncoding: string | undefined): Buffer {
  if (!contentEncoding || raw.length === 0) return raw;
  let body = raw;
  const codings = contentEncoding.toLowerCase().split(',').map((coding) => coding.trim()).filter(Boolean);
  for (const coding of codings.reverse()) {
    if (coding === 'gzip' || coding === 'x-gzip') body = zlib.gunzipSync(body, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    // fetch takes "deflate" with or without the zlib wrapper: a wrapped stream starts 0x78.
    else if (coding === 'deflate') body = ((body[0] ?? 0) & 0x0f) === 0x08 ? zlib.inflateSync(body) : zlib.inflateRawSync(body);
    else if (coding === 'br') body = zlib.brotliDecompressSync(body);
    else if (coding !== 'identity') return raw;
  }
  return body;
}
