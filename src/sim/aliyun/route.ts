/** What a route handler sees and answers, and the request-body validation they share. */
import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import { simErrors } from './errors.js';
import type { LostAnswer } from './faults.js';
import type { Account, Share, World } from './state.js';

export interface RouteContext {
  world: World;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON (or form) body; `{}` when empty. */
  body: unknown;
  /** This server's base URL (for URLs it hands out). */
  baseUrl: string;
  header(name: string): string | undefined;
  /** The caller, after the access token and the device session (x-device-id, x-signature) check out. */
  user(): Account;
  /** The caller by access token only (create_session, which sets up the device session). */
  tokenUser(): Account;
  /** The live share that `x-share-token` opens; it must be `shareId` when given. */
  tokenShare(shareId?: string): Share;
}

export interface Reply {
  status?: number;
  /** JSON body; omitted = empty body. */
  body?: unknown;
  /** Plain-text body instead of JSON. */
  text?: string;
  headers?: Record<string, string>;
  /** Fault injection only: the answer is lost (see `LostAnswer` in faults.ts). */
  lost?: LostAnswer;
}

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handle(ctx: RouteContext): Reply | Promise<Reply>;
}

/** Validates a request body; the first bad field becomes `InvalidParameter.<Field>` (400). */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.find((p): p is string => typeof p === 'string');
  throw simErrors.invalidParameter(field, issue?.message ?? '');
}

/** A 200 JSON reply. */
export function ok(body: unknown): Reply {
  return { status: 200, body };
}
