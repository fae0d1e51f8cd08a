/** One's own share links: list, get, message, update, cancel, create, check, extract_code. */
import {
  checkAvailableRequestSchema,
  extractCodeRequestSchema,
  shareIdRequestSchema,
  shareLinkCreateRequestSchema,
  shareLinkListRequestSchema,
  shareLinkUpdateRequestSchema,
} from '../../../api/schemas.js';
import { simErrors } from '../errors.js';
import { paginate } from '../paging.js';
import { ok, parseBody, type Reply, type Route, type RouteContext } from '../route.js';
import { checkExpiration, checkSharePwd, whyNotShareable } from '../share-policy.js';
import type { Account, Share, World } from '../state.js';
import { fileItemOf, fullShareMsgOf, shareLinkOf, shareUrlOf } from '../wire.js';

/** A share link of the caller: unknown → 404 `NotFound.ShareLink`, someone else's → 403. */
function ownShare(world: World, account: Account, shareId: unknown): Share {
  const share = typeof shareId === 'string' ? world.shares.get(shareId) : undefined;
  if (!share) throw simErrors.shareNotFound();
  if (share.ownerUserId !== account.userId) throw simErrors.forbiddenShareLink();
  return share;
}

/** Cancels (idempotently); also used by batch `/share_link/cancel` items. */
export function cancelShareLink(world: World, account: Account, shareId: unknown): void {
  const share = ownShare(world, account, shareId);
  share.cancelled = true;
  share.updatedAt = world.clock.iso();
}

function list(ctx: RouteContext): Reply {
  const account = ctx.user();
  const body = parseBody(shareLinkListRequestSchema, ctx.body);
  const key = body.order_by === 'updated_at' ? 'updatedAt' : 'createdAt';
  const sign = body.order_direction === 'ASC' ? 1 : -1;
  // Creation order breaks ties between shares made in the same millisecond.
  const mine = [...ctx.world.shares.values()]
    .map((share, index) => ({ share, index }))
    .filter(({ share }) => share.ownerUserId === body.creator && body.creator === account.userId)
    .filter(({ share }) => body.include_canceled === true || !share.cancelled)
    .sort((a, b) => (a.share[key] === b.share[key] ? a.index - b.index : a.share[key] < b.share[key] ? -1 : 1) * sign);
  const { page, nextMarker } = paginate(mine, body.marker, body.limit ?? 100);
  const answer = {
    items: page.map(({ share }) => shareLinkOf(ctx.world, share, ctx.baseUrl)),
    next_marker: nextMarker,
  };
  return ok(answer);
}

function get(ctx: RouteContext): Reply {
  const share = ownShare(ctx.world, ctx.user(), parseBody(shareIdRequestSchema, ctx.body).share_id);
  return ok(shareLinkOf(ctx.world, share, ctx.baseUrl));
}

function shareMsg(ctx: RouteContext): Reply {
  const share = ownShare(ctx.world, ctx.user(), parseBody(shareIdRequestSchema, ctx.body).share_id);
  const answer = { full_share_msg: fullShareMsgOf(share), share_url: shareUrlOf(share) };
  return ok(answer);
}

function update(ctx: RouteContext): Reply {
  const account = ctx.user();
  const body = parseBody(shareLinkUpdateRequestSchema, ctx.body);
  const share = ownShare(ctx.world, account, body.share_id);
  if (share.cancelled) throw simErrors.shareCancelled();
  checkSharePwd(body.share_pwd);
  checkExpiration(ctx.world, body.expiration);
  if (body.expiration !== undefined) share.expiration = body.expiration;
  if (body.share_pwd !== undefined) share.password = body.share_pwd;
  if (body.share_name !== undefined) share.name = body.share_name;
  if (body.description !== undefined) share.description = body.description;
  share.updatedAt = ctx.world.clock.iso();
  return ok(shareLinkOf(ctx.world, share, ctx.baseUrl));
}

function cancel(ctx: RouteContext): Reply {
  cancelShareLink(ctx.world, ctx.user(), parseBody(shareIdRequestSchema, ctx.body).share_id);
  return { status: 200 }; // the real answer has an empty body
}

function create(ctx: RouteContext): Reply {
  const account = ctx.user();
  const body = parseBody(shareLinkCreateRequestSchema, ctx.body);
  const { world } = ctx;
  const day = world.clock.iso().slice(0, 10);
  if ((account.sharesCreatedOn.get(day) ?? 0) >= world.knobs.shareCreateDailyLimit) throw simErrors.shareCreateDailyLimit();
  checkSharePwd(body.share_pwd);
  checkExpiration(world, body.expiration);
  const drive = world.ownDrive(account.userId, body.drive_id);
  const nodes = body.file_id_list.map((id) => drive.require(id));
  for (const node of nodes) {
    const why = whyNotShareable(world, account, drive, node);
    if (why) throw simErrors.fileShareNotAllowed(why);
  }
  const share = world.createShare({
    ownerUserId: account.userId,
    driveId: drive.driveId,
    fileIds: nodes.map((n) => n.fileId),
    name: (nodes[0] as (typeof nodes)[number]).name,
    password: body.share_pwd ?? '',
    expiration: body.expiration ?? '',
  });
  account.sharesCreatedOn.set(day, (account.sharesCreatedOn.get(day) ?? 0) + 1);
  return ok(shareLinkOf(world, share, ctx.baseUrl));
}

function checkAvailable(ctx: RouteContext): Reply {
  const account = ctx.user();
  const body = parseBody(checkAvailableRequestSchema, ctx.body);
  const invalid = body.drive_file_list.flatMap(({ drive_id, file_id }) => {
    const drive = ctx.world.ownDrive(account.userId, drive_id);
    const node = drive.require(file_id);
    return whyNotShareable(ctx.world, account, drive, node) ? [fileItemOf(ctx.world, node, { baseUrl: ctx.baseUrl })] : [];
  });
  const answer = { invalid_items: invalid };
  return ok(answer);
}

/** Only the server's own text: `https://www.(aliyundrive|alipan).com/s/<id>` + optional ` 提取码: xxxx`. */
const CANONICAL = /https:\/\/www\.(?:aliyundrive|alipan)\.com\/s\/([A-Za-z0-9]{8,14})(?![A-Za-z0-9/])(?: 提取码: ([A-Za-z0-9]{4})(?![A-Za-z0-9]))?/;

/**
 * Anything that is not the canonical text answers HTTP 200 with `code: "400"` — the same
 * envelope as a success, so callers must check `code` (we chose this over an HTTP 400).
 */
function extractCode(ctx: RouteContext): Reply {
  ctx.user();
  const body = parseBody(extractCodeRequestSchema, ctx.body);
  const m = CANONICAL.exec(body.content);
  const answer = m
    ? { code: '200', message: 'success', data: { share_id: m[1] as string, share_pwd: m[2] ?? '' }, resultCode: '200' }
    : { code: '400', message: 'no share link found in content', resultCode: '400' };
  return ok(answer);
}

export const shareLinkRoutes: Route[] = [
  { method: 'POST', path: '/adrive/v3/share_link/list', handle: list },
  { method: 'POST', path: '/adrive/v2/share_link/get', handle: get },
  { method: 'POST', path: '/adrive/v2/share_link/get_share_msg', handle: shareMsg },
  { method: 'POST', path: '/adrive/v2/share_link/update', handle: update },
  { method: 'POST', path: '/adrive/v2/share_link/cancel', handle: cancel },
  { method: 'POST', path: '/adrive/v2/share_link/create', handle: create },
  { method: 'POST', path: '/adrive/v2/share_link/check_available', handle: checkAvailable },
  { method: 'POST', path: '/adrive/v2/share_link/extract_code', handle: extractCode },
];
