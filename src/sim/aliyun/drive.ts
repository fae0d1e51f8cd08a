/**
 * One drive's in-memory file tree: nodes by id, children by parent, bytes used against a quota.
 * The root folder is a real node with the literal id "root".
 */
import { SimError, simErrors } from './errors.js';
import type { IdFactory, SimClock } from './ids.js';

export type DriveKind = 'default' | 'resource';

export interface FileNode {
  fileId: string;
  driveId: string;
  parentId: string;
  name: string;
  type: 'file' | 'folder';
  size: number;
  contentHash: string;
  createdAt: string;
  updatedAt: string;
  /** Set on copies made from a share: which share and which source file. */
  origin?: { shareId: string; sourceFileId: string };
}

/** A tree to create: a file (`size` in bytes, default 1 MiB) or a folder with children. */
export type TreeSpec = ReadonlyArray<FileSpec | FolderSpec>;
export interface FileSpec {
  name: string;
  size?: number;
}
export interface FolderSpec {
  name: string;
  children: TreeSpec;
}

export const ROOT = 'root';

export class Drive {
  private readonly nodes = new Map<string, FileNode>();
  private readonly childIds = new Map<string, Set<string>>();
  usedBytes = 0;

  constructor(
    readonly driveId: string,
    readonly ownerUserId: string,
    readonly kind: DriveKind,
    public quotaBytes: number,
    createdAt: string,
  ) {
    const root: FileNode = {
      fileId: ROOT, driveId, parentId: '', name: '', type: 'folder', size: 0, contentHash: '', createdAt, updatedAt: createdAt,
    };
    this.nodes.set(ROOT, root);
    this.childIds.set(ROOT, new Set());
  }

  get(fileId: string): FileNode | undefined {
    return this.nodes.get(fileId);
  }

  /** The node, or 404 `NotFound.File`. */
  require(fileId: string): FileNode {
    const node = this.nodes.get(fileId);
    if (!node) throw simErrors.fileNotFound();
    return node;
  }

  /** A folder to put things in, or 404 `NotFound.File` (a file is not a parent). */
  requireFolder(fileId: string): FileNode {
    const node = this.require(fileId);
    if (node.type !== 'folder') throw simErrors.fileNotFound();
    return node;
  }

  children(parentId: string): FileNode[] {
    const ids = this.childIds.get(parentId);
    if (!ids) return [];
    return [...ids].map((id) => this.nodes.get(id)).filter((n): n is FileNode => n !== undefined);
  }

  childNamed(parentId: string, name: string): FileNode | undefined {
    return this.children(parentId).find((n) => n.name === name);
  }

  freeBytes(): number {
    return Math.max(0, this.quotaBytes - this.usedBytes);
  }

  fits(bytes: number): boolean {
    return bytes <= this.freeBytes();
  }

  /** Adds a node under a folder (no name or quota checks: callers decide those). */
  add(
    ids: IdFactory,
    clock: SimClock,
    fields: Omit<FileNode, 'fileId' | 'driveId' | 'createdAt' | 'updatedAt' | 'contentHash'> & { contentHash?: string; fileId?: string },
  ): FileNode {
    this.requireFolder(fields.parentId);
    const now = clock.iso();
    const node: FileNode = {
      ...fields,
      fileId: fields.fileId ?? ids.fileId(),
      driveId: this.driveId,
      contentHash: fields.contentHash ?? (fields.type === 'file' ? ids.contentHash() : ''),
      createdAt: now,
      updatedAt: now,
    };
    this.nodes.set(node.fileId, node);
    this.childIds.get(node.parentId)?.add(node.fileId);
    if (node.type === 'folder') this.childIds.set(node.fileId, new Set());
    this.usedBytes += node.size;
    this.require(node.parentId).updatedAt = now;
    return node;
  }

  /** Creates a tree spec under `parentId`; returns the top-level nodes created. */
  addTree(ids: IdFactory, clock: SimClock, parentId: string, spec: TreeSpec): FileNode[] {
    return spec.map((item) => {
      if ('children' in item) {
        const folder = this.add(ids, clock, { parentId, name: item.name, type: 'folder', size: 0 });
        this.addTree(ids, clock, folder.fileId, item.children);
        return folder;
      }
      return this.add(ids, clock, { parentId, name: item.name, type: 'file', size: item.size ?? 1024 * 1024 });
    });
  }

  /** Removes a node and everything under it (e.g. a source that vanishes mid-copy). */
  remove(fileId: string): void {
    if (fileId === ROOT) throw new SimError(400, 'InvalidParameter.FileId', 'the root folder cannot be removed');
    for (const node of this.subtree(fileId).reverse()) {
      this.nodes.delete(node.fileId);
      this.childIds.delete(node.fileId);
      this.childIds.get(node.parentId)?.delete(node.fileId);
      this.usedBytes -= node.size;
    }
  }

  /** The node and all its descendants, parents before children. */
  subtree(fileId: string): FileNode[] {
    const top = this.nodes.get(fileId);
    if (!top) return [];
    const out: FileNode[] = [];
    const stack: FileNode[] = [top];
    while (stack.length > 0) {
      const node = stack.pop() as FileNode;
      out.push(node);
      stack.push(...this.children(node.fileId).reverse());
    }
    return out;
  }

  /** Is `fileId` one of `ancestorIds` or somewhere below one of them? */
  isWithin(fileId: string, ancestorIds: ReadonlySet<string>): boolean {
    for (let node = this.nodes.get(fileId); node; node = this.nodes.get(node.parentId)) {
      if (ancestorIds.has(node.fileId)) return true;
    }
    return false;
  }

  /** "/a/b/c" for a node ("/" for the root). */
  pathOf(fileId: string): string {
    const names: string[] = [];
    for (let node = this.nodes.get(fileId); node && node.fileId !== ROOT; node = this.nodes.get(node.parentId)) {
      names.unshift(node.name);
    }
    return '/' + names.join('/');
  }

  /** The node at "/a/b" (or the root for "/"), if any. */
  resolvePath(path: string): FileNode | undefined {
    let node = this.nodes.get(ROOT);
    for (const part of path.split('/').filter((p) => p !== '')) {
      node = node ? this.childNamed(node.fileId, part) : undefined;
    }
    return node;
  }

  /** Every node except the root. */
  all(): FileNode[] {
    return [...this.nodes.values()].filter((n) => n.fileId !== ROOT);
  }

  /**
   * The name `auto_rename` picks: the name itself when free, else "name(1)", "name(2)"… for
   * folders and "base(1).ext" for files (the extension stays last, as the real service does).
   */
  freeName(parentId: string, name: string, type: FileNode['type']): string {
    const taken = new Set(this.children(parentId).map((n) => n.name));
    if (!taken.has(name)) return name;
    const dot = name.lastIndexOf('.');
    const [base, ext] = type === 'file' && dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    for (let n = 1; ; n++) {
      const candidate = `${base}(${n})${ext}`;
      if (!taken.has(candidate)) return candidate;
    }
  }
}
