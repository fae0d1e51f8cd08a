/** Copying out of a share: `/adrive/v4/batch` (and v2) and `/adrive/v1/file/copy`. */
import {
  batchRequestSchema,
  copyBodySchema,
  singleCopyRequestSchema,
  type BatchRequest,
} from '../../../api/schemas.js';
import { startCopy } from '../copy.js';
import { SimError, simErrors } from '../errors.js';
import { ok, parseBody, type Reply, type Route, type RouteContext } from '../route.js';
import type { Account, Share } from '../state.js';
import { cancelShareLink } from './share-links.js';

const MAX_BATCH = 100;

/**
 * The outer answer is 200 whatever happens to the items; each item has its own status:
 * 201 copied, 202 async (`async_task_id`), 204 (cancel), 4xx `{code, message}`.
 */
function batch(ctx: RouteContext): Reply {
  const account = ctx.user();
  const requests = (ctx.body as { requests?: unknown } | null)?.requests;
  if (Array.isArray(requests) && requests.length > MAX_BATCH) {
    throw simErrors.invalidParameter(undefined, `a batch holds at most ${MAX_BATCH} requests, got ${requests.length}`);
  }
  const body = parseBody(batchRequestSchema, ctx.body);
  // Copies need the share token on the outer request; an expired one fails the whole batch (401).
  const share = body.requests.some((r) => r.url === '/file/copy') ? ctx.tokenShare() : undefined;
  const answer: { responses: BatchItem[] } = { responses: body.requests.map((r) => runItem(ctx, account, share, r)) };
  return ok(answer);
}

/** One answer inside a batch, as the service sends it (`body: null` on a 204). */
interface BatchItem {
  id: string;
  status: number;
  body: Record<string, unknown> | null;
}

function runItem(ctx: RouteContext, account: Account, share: Share | undefined, item: BatchRequest['requests'][number]): BatchItem {
  try {
    if (item.url === '/file/copy' && share) {
      const { status, body } = startCopy(ctx.world, account.userId, share, parseBody(copyBodySchema, item.body));
      return { id: item.id, status, body };
    }
    if (item.url === '/share_link/cancel') {
      cancelShareLink(ctx.world, account, item.body['share_id']);
      return { id: item.id, status: 204, body: null };
    }
    throw new SimError(404, 'NotFound', `unknown batch request url ${item.url}`);
  } catch (error) {
    if (!(error instanceof SimError)) throw error;
    return { id: item.id, status: error.status, body: { code: error.code, message: error.message } };
  }
}

/** The single form of the seed: fields wrapped in `"body"` (bare fields accepted). */
function copyOne(ctx: RouteContext): Reply {
  const account = ctx.user();
  const parsed = parseBody(singleCopyRequestSchema, ctx.body);
  const copy = 'body' in parsed ? parsed.body : parsed;
  const { status, body } = startCopy(ctx.world, account.userId, ctx.tokenShare(), copy);
  return { status, body };
}

export const copyRoutes: Route[] = [
  { method: 'POST', path: '/adrive/v4/batch', handle: batch },
  { method: 'POST', path: '/adrive/v2/batch', handle: batch },
  { method: 'POST', path: '/adrive/v1/file/copy', handle: copyOne },
];
