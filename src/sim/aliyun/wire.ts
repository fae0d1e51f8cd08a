/**
 * Builds the service's objects from the simulator's state, written from the real answers (the
 * seed's captures and shared/aliyun-real-responses.json) — their keys, their nulls, their extra
 * fields — never from the client's schemas, so the simulator cannot share the client's blind spots.
 */
import { ROOT, type FileNode } from './drive.js';
import { extensionOf, fileTypeOf } from './file-types.js';
import type { Account, Share, World } from './state.js';

const DOMAIN_ID = 'bj29';
const SHARE_HOST = 'https://www.alipan.com';
const SHARE_TAIL = '点击链接保存，或者复制本段内容，打开「阿里云盘」APP ，无需下载极速在线查看，视频原画倍速播放。';

/** A file or folder as list/get answers carry it; `shareId` for items seen through a share. */
export function fileItemOf(world: World, node: FileNode, opts: { shareId?: string; baseUrl?: string } = {}): Record<string, unknown> {
  const common: Record<string, unknown> = {
    drive_id: node.driveId,
    domain_id: DOMAIN_ID,
    file_id: node.fileId,
    name: node.name,
    type: node.type,
    parent_file_id: node.parentId,
    created_at: node.createdAt,
    updated_at: node.updatedAt,
    trashed: false,
    hidden: false,
    starred: false,
    status: 'available',
    encrypt_mode: 'none',
    user_meta: '{"client":"web"}',
    revision_id: '',
    // One's own items name who changed them last (get_by_path, file/get); shared ones do not.
    ...(opts.shareId ? { share_id: opts.shareId } : { last_modifier_type: 'User', last_modifier_id: world.driveById(node.driveId).ownerUserId }),
  };
  // Items at the top of a share are listed under "root", the share's own root.
  if (opts.shareId) {
    const share = world.shares.get(opts.shareId);
    if (share?.fileIds.includes(node.fileId)) common.parent_file_id = ROOT;
  }
  if (node.type === 'folder') return common;
  const { category, mime } = fileTypeOf(node.name);
  const fakeUrl = `${opts.baseUrl ?? ''}/v2/redirect?id=${node.fileId}`;
  return {
    ...common,
    size: node.size,
    file_extension: extensionOf(node.name),
    mime_type: mime,
    mime_extension: extensionOf(node.name),
    category,
    content_type: 'application/oct-stream',
    content_hash: node.contentHash,
    content_hash_name: 'sha1',
    crc64_hash: String(parseInt(node.contentHash.slice(0, 12) || '0', 16)),
    punish_flag: 0,
    upload_id: node.contentHash.slice(0, 32),
    ...(category === 'image' || category === 'video' ? { thumbnail: fakeUrl } : {}),
    ...(category === 'image' ? { image_media_metadata: { height: 1080, width: 1920, image_quality: { overall_score: 0.65 } }, labels: [] } : {}),
    ...(opts.shareId ? {} : { download_url: fakeUrl, url: fakeUrl }),
  };
}

export function shareUrlOf(share: Share): string {
  return `${SHARE_HOST}/s/${share.shareId}`;
}

/** The server's canonical share text, exactly as the app copies it. */
export function fullShareMsgOf(share: Share): string {
  const pwd = share.password ? ` 提取码: ${share.password}` : '';
  return `「${share.name}」${shareUrlOf(share)}${pwd}\n${SHARE_TAIL}`;
}

function shareStatusOf(share: Share): string {
  if (share.forbidden) return 'forbidden';
  return share.cancelled ? 'disabled' : 'enabled';
}

/** One's own share link, with every key of the seed's list/get/update/create answers. */
export function shareLinkOf(world: World, share: Share, baseUrl?: string): Record<string, unknown> {
  const first = world.shareTop(share)[0];
  const popularity = share.previewCount + share.saveCount * 2 + share.downloadCount;
  return {
    popularity,
    share_id: share.shareId,
    share_msg: `「${share.name}」，${SHARE_TAIL}`,
    share_name: share.name,
    description: share.description,
    expiration: share.expiration,
    expired: world.isExpired(share),
    share_pwd: share.password,
    share_url: shareUrlOf(share),
    creator: share.ownerUserId,
    drive_id: share.driveId,
    file_id: share.fileIds[0] ?? '',
    file_id_list: [...share.fileIds],
    preview_count: share.previewCount,
    save_count: share.saveCount,
    download_count: share.downloadCount,
    status: shareStatusOf(share),
    created_at: share.createdAt,
    updated_at: share.updatedAt,
    ...(first ? { first_file: fileItemOf(world, first, { baseUrl }) } : {}),
    current_sync_status: 1,
    next_sync_status: 2,
    is_photo_collection: false,
    sync_to_homepage: false,
    full_share_msg: fullShareMsgOf(share),
    popularity_str: String(popularity),
    display_name: share.name,
  };
}

/** "霸***组": first and last character of the nick name. */
function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? `${name}***` : `${chars[0]}***${chars[chars.length - 1]}`;
}

/** The anonymous share info (v2 keys as in the seed; v3 adds `share_title` and `has_pwd`). */
export function shareInfoOf(world: World, share: Share, owner: Account | undefined, version: 2 | 3): Record<string, unknown> {
  const top = world.shareTop(share);
  const info = {
    creator_id: share.ownerUserId,
    creator_name: maskName(owner?.nickName ?? '用户'),
    creator_phone: owner ? owner.userName.replace('****', '***') : '',
    expiration: share.expiration,
    updated_at: share.updatedAt,
    vip: 'non-vip',
    avatar: `https://ccp-bj29-bj-1592982087.oss-cn-beijing.aliyuncs.com/avatar/${share.ownerUserId}.png`,
    share_name: share.name,
    file_count: top.length,
    allow_subscribe: false,
    is_creator_followable: true,
    is_following_creator: false,
    display_name: share.name,
    file_infos: top.map((n) => ({ type: n.type, file_id: n.fileId, file_name: n.name })),
  };
  return version === 3 ? { ...info, share_title: share.name, has_pwd: share.password !== '' } : info;
}
