/**
 * HTTP over node:http/node:https with a keep-alive Agent: a plain client for the transport and a
 * `fetch` built on it. Node's built-in fetch
 * (undici) spent about a third of the bot's CPU on web streams, transferable abort signals and
 * request plumbing for small JSON calls; this one writes the request in one go, buffers the
 * answer (Aliyun answers are small), decompresses it as fetch did, and hands back what ky and the
 * transport read of a Response (see {@link BufferedResponse}). What the transport relies on is
 * kept: the request's AbortSignal rejects with its reason (a timeout's TimeoutError), a socket
 * failure rejects with `TypeError('fetch failed', { cause })`, redirects are followed.
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
  /**
   * Bounds the call (one timer, rejecting with a TimeoutError) without an AbortSignal: a signal
   * given to ky is joined to its own with AbortSignal.any and followed by the Request undici builds,
   * which cost more CPU and garbage than the call's HTTP exchange itself.
   */
  timeoutMs?: number;
}

type Fetch = typeof globalThis.fetch;

/** Status codes whose answers have no body (a Response refuses one). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;
/** What fetch sent, so servers answer the same way (Aliyun answers gzip). */
const ACCEPT_ENCODING = 'gzip, deflate, br';

/** One request for {@link NodeHttpClient}: headers by lower-case name, the body as sent. */
export interface RawRequest {
  method: string;
  headers: Record<string, string>;
  body?: Buffer | string | undefined;
  /** Aborts the request (its reason is what the call rejects with). */
  signal?: AbortSignal | undefined;
  /** Bounds the whole call, redirects and reading the answer included: rejects with a TimeoutError. */
  timeoutMs?: number | undefined;
  /** false = hand back a redirect as it came (fetch's `redirect: 'manual'`). */
  followRedirects?: boolean;
}

/** A buffered, decoded answer. */
export interface RawAnswer {
  status: number;
  statusText: string;
  /** Lower-case names; a header sent twice is joined as node joins it. */
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** HTTP with keep-alive without building web Requests/Responses (the transport's hot path). */
export type NodeHttpClient = (url: string | URL, request: RawRequest) => Promise<RawAnswer>;

/** A client with its own keep-alive Agents (one per protocol), bounded to `maxSockets` per host. */
export function createNodeHttpClient(options: NodeHttpFetchOptions = {}): NodeHttpClient {
  const agentOptions: http.AgentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? 64,
    // An idle socket is closed before a server or load balancer drops it under a request.
    timeout: options.idleSocketMs ?? 4_000,
    scheduling: 'lifo',
  };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };

  return async (target, request) => {
    const signal = request.signal;
    if (signal?.aborted) throw reasonOf(signal);
    // One timer for the whole call (cheaper than AbortSignal.timeout, and no signal to combine).
    const deadline: Deadline = { expired: false, cancel: undefined };
    const timer =
      request.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            deadline.expired = true;
            deadline.cancel?.(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
          }, request.timeoutMs);
    try {
      const headers: Record<string, string> = { accept: '*/*', 'accept-encoding': ACCEPT_ENCODING, ...request.headers };
      let body = typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
      let method = request.method;
      let url = typeof target === 'string' ? new URL(target) : target;
      for (let redirects = 0; ; redirects++) {
        const agent = url.protocol === 'https:' ? agents.https : agents.http;
        const answer = await exchange(url, method, headers, body, signal, deadline, agent);
        const location = answer.headers.location;
        if (request.followRedirects === false || !REDIRECT_STATUSES.has(answer.status) || location === undefined) return answer;
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
    } finally {
      if (timer) clearTimeout(timer);
    }
  };
}

/** A fetch for ky over {@link createNodeHttpClient}, handing back a {@link BufferedResponse}. */
export function createNodeHttpFetch(options: NodeHttpFetchOptions = {}): Fetch {
  const client = createNodeHttpClient(options);
  return async (input, init) => {
    // ky hands over a Request and only options it does not know: `init` shapes a request only when given a URL.
    const request = input instanceof Request ? input : new Request(input, init);
    request.signal.throwIfAborted();
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const { bodyText: text, timeoutMs } = (init ?? {}) as NodeHttpFetchInit;
    const body = text !== undefined ? Buffer.from(text) : request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const answer = await client(request.url, {
      method: request.method,
      headers,
      body,
      signal: request.signal,
      timeoutMs,
      followRedirects: request.redirect === 'follow',
    });
    return new BufferedResponse(answer, request.method) as unknown as Response;
  };
}

/**
 * The part of a Response that ky and the transport read, over a buffered answer: ky looks at
 * `ok` and `status` only (no hooks, retries or download progress here), the transport at
 * `headers.get` and `text()`. A web Response — undici's Headers filled header by header, a body
 * stream to read back — cost more CPU than the call's whole HTTP exchange.
 */
export class BufferedResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  private readonly text_: string;

  constructor(answer: RawAnswer, method: string) {
    this.status = answer.status;
    this.statusText = answer.statusText;
    this.ok = answer.status >= 200 && answer.status < 300;
    const headers = answer.headers;
    // Node joins a repeated header with ", " as fetch does (set-cookie aside, never read here).
    this.headers = { get: (name) => headerValue(headers[name.toLowerCase()]) };
    this.text_ = NULL_BODY_STATUSES.has(answer.status) || method === 'HEAD' ? '' : textOf(answer);
  }

  async text(): Promise<string> {
    return this.text_;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.text_) as unknown;
  }
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** How the call's one timer reaches the exchange under way. */
interface Deadline {
  expired: boolean;
  cancel: ((reason: unknown) => void) | undefined;
}

/** One request and its buffered, decoded answer. */
function exchange(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  signal: AbortSignal | undefined,
  deadline: Deadline,
  agent: http.Agent,
): Promise<RawAnswer> {
  return new Promise<RawAnswer>((resolve, reject) => {
    if (deadline.expired) {
      reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
      return;
    }
    const send = url.protocol === 'https:' ? https.request : http.request;
    // The headers are the call's own copy; a redirect that drops the body drops this too.
    if (body !== undefined) headers['content-length'] = String(body.length);
    const req = send(url, { method, headers, agent });
    // The agent's idle timeout matters only while the socket is free (the agent sets it again
    // then, and closes the socket when it fires); left on during a call it changed nothing but
    // was re-armed by every write and read (a few % of the bot's CPU with hundreds of calls).
    req.once('socket', (socket) => socket.setTimeout(0));
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      deadline.cancel = undefined;
      outcome();
    };
    const cancel = (reason: unknown): void =>
      settle(() => {
        req.destroy();
        reject(reason);
      });
    // The reason itself, as fetch rejects: an AbortSignal.timeout's reason is a TimeoutError.
    const onAbort = (): void => cancel(signal && reasonOf(signal));
    signal?.addEventListener('abort', onAbort, { once: true });
    deadline.cancel = cancel;
    req.on('error', (err) => settle(() => reject(new TypeError('fetch failed', { cause: err }))));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (err) => settle(() => reject(new TypeError('fetch failed', { cause: err }))));
      res.on('end', () => {
        settle(() => {
          try {
            const status = res.statusCode ?? 0;
            const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
            const empty = NULL_BODY_STATUSES.has(status) || method === 'HEAD';
            resolve({
              status,
              statusText: res.statusMessage ?? '',
              headers: res.headers,
              body: empty ? EMPTY : decoded(raw, res.headers['content-encoding']),
            });
          } catch (err) {
            reject(new TypeError('fetch failed', { cause: err }));
          }
        });
      });
    });
    req.end(body);
  });
}

const EMPTY = Buffer.alloc(0);

/** Why a signal aborted; grammY's polyfilled signals (abort-controller) carry no `reason`. */
function reasonOf(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** The body as text, as Response.text() reads it (UTF-8, a leading BOM dropped). */
export function textOf(answer: RawAnswer): string {
  const text = answer.body.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
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
