/**
 * The `fetch` our grammY clients use: Bot API calls over node:http with keep-alive (the client
 * the Aliyun transport uses), answering with just the `json()` grammY reads. grammY's default,
 * node-fetch, builds a Request, body streams and a Response for every call: a few percent of the
 * bot's CPU under load. A multipart body (a photo upload) is read into one buffer first.
 */
import type { ApiClientOptions } from 'grammy';
import { createNodeHttpClient, textOf } from '../api/node-http-fetch.js';

type GrammyFetch = NonNullable<ApiClientOptions['fetch']>;

interface GrammyInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | AsyncIterable<Uint8Array | string>;
  signal?: AbortSignal;
}

/** A fetch for grammY's `client.fetch` option. */
export function createTelegramFetch(): GrammyFetch {
  const http = createNodeHttpClient();
  const fetch = async (url: string, init: GrammyInit = {}) => {
    const answer = await http(url, {
      method: init.method ?? 'GET',
      headers: lowerCased(init.headers ?? {}),
      body: await bodyOf(init.body),
      signal: init.signal,
    });
    // grammY reads the answer as JSON, error answers included (`ok: false` with a description).
    return { json: async () => JSON.parse(textOf(answer)) as unknown };
  };
  return fetch as unknown as GrammyFetch;
}

async function bodyOf(body: GrammyInit['body']): Promise<string | Buffer | undefined> {
  if (body === undefined || typeof body === 'string') return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) out[name.toLowerCase()] = headers[name] as string;
  return out;
}
