/** The user's own files: list, get, get_by_path, createWithFolders, search. */
import {
  createWithFoldersRequestSchema,
  getByPathRequestSchema,
  getFileRequestSchema,
  listOwnFilesRequestSchema,
  renameFileRequestSchema,
  searchFilesRequestSchema,
} from '../../../api/schemas.js';
import type { Drive, FileNode } from '../drive.js';
import { simErrors } from '../errors.js';
import { extensionOf, fileTypeOf } from '../file-types.js';
import { paginate, sortNodes } from '../paging.js';
import { ok, parseBody, type Route, type RouteContext } from '../route.js';
import { fileItemOf } from '../wire.js';
import { listShareFiles } from './share.js';

function listOwn(ctx: RouteContext) {
  const account = ctx.user();
  const body = parseBody(listOwnFilesRequestSchema, ctx.body);
  const drive = ctx.world.ownDrive(account.userId, body.drive_id);
  drive.requireFolder(body.parent_file_id);
  const sorted = sortNodes(drive.children(body.parent_file_id), body.order_by, body.order_direction);
  const { page, nextMarker } = paginate(sorted, body.marker, body.limit ?? 100);
  const answer = {
    items: page.map((n) => fileItemOf(ctx.world, n, { baseUrl: ctx.baseUrl })),
    next_marker: nextMarker,
    punished_file_count: 0,
  };
  return ok(answer);
}

/** `/adrive/v3/file/list` serves both: a share's files (with `share_id`) and one's own. */
function listV3(ctx: RouteContext) {
  const body = ctx.body;
  if (typeof body === 'object' && body !== null && 'share_id' in body) return listShareFiles(ctx);
  return listOwn(ctx);
}

function getByPath(ctx: RouteContext) {
  const account = ctx.user();
  const body = parseBody(getByPathRequestSchema, ctx.body);
  const drive = ctx.world.ownDrive(account.userId, body.drive_id);
  const node = drive.resolvePath(body.file_path);
  if (!node) throw simErrors.fileNotFound();
  return ok(fileItemOf(ctx.world, node, { baseUrl: ctx.baseUrl }));
}

function getFile(ctx: RouteContext) {
  const account = ctx.user();
  const body = parseBody(getFileRequestSchema, ctx.body);
  const drive = ctx.world.ownDrive(account.userId, body.drive_id);
  return ok(fileItemOf(ctx.world, drive.require(body.file_id), { baseUrl: ctx.baseUrl }));
}

/**
 * Creates a folder, and the folders on the way when `name` has slashes ("a/b/c").
 * `refuse` answers with an existing item of that name (`exist: true`); `auto_rename` makes
 * "name(1)"; `ignore` creates a second item of the same name.
 */
function createWithFolders(ctx: RouteContext) {
  const account = ctx.user();
  const body = parseBody(createWithFoldersRequestSchema, ctx.body);
  const drive = ctx.world.ownDrive(account.userId, body.drive_id);
  drive.requireFolder(body.parent_file_id);
  const parts = body.name.split('/').filter((p) => p !== '');
  if (parts.length === 0) throw simErrors.invalidParameter('name');
  let parentId = body.parent_file_id;
  for (const part of parts.slice(0, -1)) {
    const existing = drive.childNamed(parentId, part);
    parentId = existing?.type === 'folder' ? existing.fileId : newFolder(ctx, drive, parentId, drive.freeName(parentId, part, 'folder')).fileId;
  }
  const name = parts[parts.length - 1] as string;
  const existing = drive.childNamed(parentId, name);
  let node: FileNode;
  let exist = false;
  if (existing && body.check_name_mode === 'refuse') {
    node = existing;
    exist = true;
  } else {
    node = newFolder(ctx, drive, parentId, body.check_name_mode === 'auto_rename' ? drive.freeName(parentId, name, 'folder') : name);
  }
  const answer = {
    parent_file_id: node.parentId,
    type: node.type,
    file_id: node.fileId,
    domain_id: 'bj29',
    drive_id: drive.driveId,
    file_name: node.name,
    encrypt_mode: 'none',
    ...(exist ? { exist: true } : {}),
  };
  return { status: exist ? 200 : 201, body: answer };
}

/**
 * `/v3/file/update` as a rename: answers with the file item as it is afterwards (aligo reads it
 * as a `BaseFile`; no real sample in aliyun-real-responses.json, so the shape is the file item of
 * `/v2/file/get`, which the real service also answers with). `refuse` on a taken name: 409
 * `AlreadyExist.File` (aliyun-api.md error table); `auto_rename` picks `name(1)`.
 */
function updateFile(ctx: RouteContext) {
  const account = ctx.user();
  const body = parseBody(renameFileRequestSchema, ctx.body);
  const drive = ctx.world.ownDrive(account.userId, body.drive_id);
  const node = drive.require(body.file_id);
  if (body.name.includes('/')) throw simErrors.invalidParameter('name');
  const clash = drive.childNamed(node.parentId, body.name);
  let name = body.name;
  if (clash && clash.fileId !== node.fileId) {
    if (body.check_name_mode === 'refuse') throw simErrors.alreadyExists(body.name);
    if (body.check_name_mode === 'auto_rename') name = drive.freeName(node.parentId, body.name, node.type);
  }
  node.name = name;
  node.updatedAt = ctx.world.clock.iso();
  return ok(fileItemOf(ctx.world, node, { baseUrl: ctx.baseUrl }));
}

function newFolder(ctx: RouteContext, drive: Drive, parentId: string, name: string): FileNode {
  return drive.add(ctx.world.ids, ctx.world.clock, { parentId, name, type: 'folder', size: 0 });
}

type Clause = { field: string; op: string; value: string };
const FIELDS: Record<string, (n: FileNode) => string> = {
  name: (n) => n.name,
  parent_file_id: (n) => n.parentId,
  type: (n) => n.type,
  file_extension: (n) => extensionOf(n.name),
  category: (n) => (n.type === 'folder' ? '' : fileTypeOf(n.name).category),
};

/** Parses `name match "x" and type = "folder"`: clauses joined by `and`, ops match / = / !=. */
export function parseSearchQuery(query: string): Clause[] {
  const clause = /^\s*(\w+)\s*(match|=|!=)\s*"((?:[^"\\]|\\.)*)"\s*/;
  const clauses: Clause[] = [];
  let rest = query;
  while (rest.trim() !== '') {
    const m = clause.exec(rest);
    if (!m || !FIELDS[m[1] as string]) throw simErrors.invalidParameter('query');
    clauses.push({ field: m[1] as string, op: m[2] as string, value: (m[3] as string).replace(/\\(.)/g, '$1') });
    rest = rest.slice(m[0].length);
    const and = /^and\s+/i.exec(rest);
    if (and) rest = rest.slice(and[0].length);
    else if (rest.trim() !== '') throw simErrors.invalidParameter('query');
  }
  if (clauses.length === 0) throw simErrors.invalidParameter('query');
  return clauses;
}

function matches(node: FileNode, c: Clause): boolean {
  const actual = (FIELDS[c.field] as (n: FileNode) => string)(node);
  if (c.op === 'match') return actual.toLowerCase().includes(c.value.toLowerCase());
  return c.op === '=' ? actual === c.value : actual !== c.value;
}

function search(ctx: RouteContext) {
  const account = ctx.user();
  const body = parseBody(searchFilesRequestSchema, ctx.body);
  const drive = ctx.world.ownDrive(account.userId, body.drive_id);
  const clauses = parseSearchQuery(body.query);
  const found = drive.all().filter((n) => clauses.every((c) => matches(n, c)));
  // order_by comes as "updated_at DESC" here.
  const [orderBy, direction] = (body.order_by ?? 'name ASC').split(/\s+/);
  const sorted = sortNodes(found, orderBy, direction?.toUpperCase() === 'DESC' ? 'DESC' : 'ASC');
  const { page, nextMarker } = paginate(sorted, body.marker, body.limit ?? 100);
  return ok({ items: page.map((n) => fileItemOf(ctx.world, n, { baseUrl: ctx.baseUrl })), next_marker: nextMarker, total_count: found.length });
}

export const fileRoutes: Route[] = [
  { method: 'POST', path: '/adrive/v3/file/list', handle: listV3 },
  { method: 'POST', path: '/adrive/v2/file/list', handle: listOwn },
  { method: 'POST', path: '/v2/file/get_by_path', handle: getByPath },
  { method: 'POST', path: '/v2/file/get', handle: getFile },
  { method: 'POST', path: '/adrive/v2/file/createWithFolders', handle: createWithFolders },
  { method: 'POST', path: '/adrive/v3/file/search', handle: search },
  { method: 'POST', path: '/v3/file/update', handle: updateFile },
];
