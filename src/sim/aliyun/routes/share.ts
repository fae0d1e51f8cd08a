/** Opening a share: anonymous info, share token, listing inside it, download/preview URLs. */
import { z } from 'zod';
import {
  listShareFilesRequestSchema,
  shareFileRequestSchema,
  shareIdRequestSchema,
  shareTokenRequestSchema,
} from '../../../api/schemas.js';
import { ROOT } from '../drive.js';
import { simErrors } from '../errors.js';
import { fileTypeOf } from '../file-types.js';
import { paginate, sortNodes } from '../paging.js';
import { ok, parseBody, type Reply, type Route, type RouteContext } from '../route.js';
import { fileItemOf, shareInfoOf } from '../wire.js';

function shareInfo(version: 2 | 3) {
  return (ctx: RouteContext): Reply => {
    // v3 takes the id from the query string (`?share_id=`); the body is accepted too.
    const fromQuery = version === 3 ? ctx.query.get('share_id') : null;
    const shareId = fromQuery ?? parseBody(shareIdRequestSchema, ctx.body).share_id;
    const share = ctx.world.openShare(shareId);
    return ok(shareInfoOf(ctx.world, share, ctx.world.accounts.get(share.ownerUserId), version));
  };
}

/** A missing `share_pwd` is a wrong password, not a malformed request. */
const tokenRequest = shareTokenRequestSchema.extend({ share_pwd: z.string().optional().default('') });

function shareToken(ctx: RouteContext) {
  const body = parseBody(tokenRequest, ctx.body);
  const share = ctx.world.openShare(body.share_id);
  if (share.password !== '' && body.share_pwd !== share.password) throw simErrors.sharePwdInvalid();
  share.previewCount++;
  const { shareToken: token, expiresIn, expiresAtMs } = ctx.world.auth.issueShareToken(share.shareId, share.ownerUserId);
  const answer = { share_token: token, expire_time: ctx.world.clock.iso(expiresAtMs), expires_in: expiresIn };
  return ok(answer);
}

/** Lists a folder of a share (or its top level for "root"), paged by `next_marker`, ≤ 200 a page. */
export function listShareFiles(ctx: RouteContext): Reply {
  const body = parseBody(listShareFilesRequestSchema, ctx.body);
  const share = ctx.tokenShare(body.share_id);
  const { world } = ctx;
  let nodes;
  if (body.parent_file_id === ROOT) nodes = world.shareTop(share);
  else {
    const parent = world.shareNode(share, body.parent_file_id);
    nodes = parent.type === 'folder' ? world.shareDrive(share).children(parent.fileId) : [];
  }
  const sorted = sortNodes(nodes, body.order_by, body.order_direction);
  const { page, nextMarker } = paginate(sorted, body.marker, body.limit ?? 100);
  const answer = {
    items: page.map((n) => fileItemOf(world, n, { shareId: share.shareId })),
    next_marker: nextMarker,
    punished_file_count: 0,
  };
  return ok(answer);
}

function downloadUrl(ctx: RouteContext) {
  ctx.user();
  const body = parseBody(shareFileRequestSchema, ctx.body);
  const share = ctx.tokenShare(body.share_id);
  const node = ctx.world.shareNode(share, body.file_id);
  if (node.type === 'folder') throw simErrors.invalidParameter('file_id', 'a folder has no download url');
  // The real service has refused this call for shares since 2024: save, then download your copy.
  if (!ctx.world.knobs.shareDownloadUrlAllowed) throw simErrors.paramFlow();
  share.downloadCount++;
  const url = `${ctx.baseUrl}/v2/redirect?id=${node.fileId}`;
  const expireSec = body.expire_sec ?? 600;
  const answer = {
    download_url: url,
    url,
    thumbnail: url,
    expiration: ctx.world.clock.iso(ctx.world.clock.now() + expireSec * 1000),
  };
  return ok(answer);
}

function videoPreview(ctx: RouteContext) {
  ctx.user();
  const body = parseBody(shareFileRequestSchema, ctx.body);
  const share = ctx.tokenShare(body.share_id);
  const node = ctx.world.shareNode(share, body.file_id);
  if (node.type !== 'file' || fileTypeOf(node.name).category !== 'video') {
    throw simErrors.invalidParameter('file_id', 'the file is not a video');
  }
  const url = `${ctx.baseUrl}/v2/redirect?id=${node.fileId}`;
  const answer = {
    share_id: share.shareId,
    file_id: node.fileId,
    video_preview_play_info: {
      category: body.category ?? 'live_transcoding',
      meta: { duration: 1464.669, width: 1280, height: 720, live_transcoding_meta: { ts_segment: 10, ts_total_count: 147, ts_pre_count: 3 } },
      live_transcoding_task_list: ['SD', 'HD'].map((template) => ({
        template_id: template,
        template_name: `pds${template}`,
        status: 'finished',
        stage: 'stage_none',
        url,
        ...(body.get_preview_url ? { preview_url: url } : {}),
        keep_original_resolution: true,
      })),
    },
  };
  return ok(answer);
}

function subscriptionUpdate(ctx: RouteContext) {
  ctx.user();
  const body = parseBody(shareIdRequestSchema, ctx.body);
  if (!ctx.world.shares.has(body.share_id)) throw simErrors.shareNotFound();
  return ok({});
}

/** Where the URLs handed out above lead: a short text standing for the file's bytes. */
function redirect(ctx: RouteContext): Reply {
  const id = ctx.query.get('id') ?? '';
  for (const drive of ctx.world.drives.values()) {
    const node = drive.get(id);
    if (node?.type === 'file') return { status: 200, text: `simulated content of ${node.name} (${node.size} bytes)\n` };
  }
  throw simErrors.fileNotFound();
}

export const shareRoutes: Route[] = [
  { method: 'POST', path: '/adrive/v2/share_link/get_share_by_anonymous', handle: shareInfo(2) },
  { method: 'POST', path: '/adrive/v3/share_link/get_share_by_anonymous', handle: shareInfo(3) },
  { method: 'POST', path: '/v2/share_link/get_share_token', handle: shareToken },
  { method: 'POST', path: '/adrive/v2/file/list_by_share', handle: listShareFiles },
  { method: 'POST', path: '/v2/file/get_share_link_download_url', handle: downloadUrl },
  { method: 'POST', path: '/v2/file/get_share_link_video_preview_play_info', handle: videoPreview },
  { method: 'POST', path: '/adrive/v1/share_link/subscription/update', handle: subscriptionUpdate },
  { method: 'GET', path: '/v2/redirect', handle: redirect },
];
