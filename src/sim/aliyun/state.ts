/**
 * The simulated service's whole state: accounts with their drives, shares, async copy tasks,
 * tokens and device sessions, the clock and the seeded randomness.
 */
import { AuthStore } from './auth.js';
import { Drive, ROOT, type FileNode, type TreeSpec } from './drive.js';
import { simErrors } from './errors.js';
import { IdFactory, SeededRandom, SimClock } from './ids.js';
import { defaultKnobs, type SimKnobs } from './knobs.js';
import type { CopyTask } from './copy.js';

export interface Account {
  userId: string;
  nickName: string;
  /** Masked phone, as `user_name` shows it. */
  userName: string;
  /** Stable per account, reported as `device_id` by the token endpoint. */
  webDeviceId: string;
  createdAt: string;
  /** default = the backup drive (same id, as on the real service); resource is missing on old accounts. */
  driveIds: { default: string; resource?: string; backup?: string };
  /** Share links created per UTC day, for the daily limit. */
  sharesCreatedOn: Map<string, number>;
}

export type ShareState = 'ok' | 'cancelled' | 'expired' | 'forbidden';

export interface Share {
  shareId: string;
  name: string;
  description: string;
  password: string;
  /** "" = never. */
  expiration: string;
  cancelled: boolean;
  forbidden: boolean;
  ownerUserId: string;
  driveId: string;
  fileIds: string[];
  createdAt: string;
  updatedAt: string;
  previewCount: number;
  saveCount: number;
  downloadCount: number;
  /** Accepted copy requests per user. */
  copiesByUser: Map<string, number>;
}

export interface AddAccountSpec {
  nickName: string;
  /** Per drive, default 100 GiB. */
  quotaBytes?: number;
  /** false models an old account that has only its default drive. */
  withResourceDrive?: boolean;
}

export class World {
  readonly clock = new SimClock();
  readonly ids: IdFactory;
  /** A separate stream for faults, so injected errors never shift ids. */
  readonly faultRandom: SeededRandom;
  readonly auth: AuthStore;
  readonly accounts = new Map<string, Account>();
  readonly drives = new Map<string, Drive>();
  readonly shares = new Map<string, Share>();
  readonly tasks = new Map<string, CopyTask>();
  knobs: SimKnobs;

  constructor(seed: number, knobs: Partial<SimKnobs>) {
    this.ids = new IdFactory(new SeededRandom(seed));
    this.faultRandom = new SeededRandom(seed ^ 0x5eed5eed);
    this.knobs = { ...defaultKnobs, ...knobs };
    this.auth = new AuthStore(this.ids, this.clock, () => this.knobs);
  }

  addAccount(spec: AddAccountSpec): Account {
    const userId = this.ids.userId();
    const quota = spec.quotaBytes ?? 100 * 1024 ** 3;
    const now = this.clock.iso();
    const newDrive = (kind: Drive['kind']): string => {
      const drive = new Drive(this.ids.driveId(), userId, kind, quota, now);
      this.drives.set(drive.driveId, drive);
      return drive.driveId;
    };
    const defaultId = newDrive('default');
    const withResource = spec.withResourceDrive ?? true;
    const account: Account = {
      userId,
      nickName: spec.nickName,
      userName: `1${this.ids.random.chars('3456789', 2)}****${this.ids.random.chars('0123456789', 4)}`,
      webDeviceId: this.ids.uuid(),
      createdAt: now,
      driveIds: withResource ? { default: defaultId, backup: defaultId, resource: newDrive('resource') } : { default: defaultId },
      sharesCreatedOn: new Map(),
    };
    this.accounts.set(userId, account);
    return account;
  }

  account(userId: string): Account {
    const account = this.accounts.get(userId);
    if (!account) throw simErrors.accessTokenInvalid();
    return account;
  }

  /** Where saves go: the resource drive when the account has one, else the default drive. */
  saveDriveOf(account: Account): Drive {
    return this.driveById(account.driveIds.resource ?? account.driveIds.default);
  }

  driveById(driveId: string): Drive {
    const drive = this.drives.get(driveId);
    if (!drive) throw simErrors.forbiddenFile('drive');
    return drive;
  }

  /** A drive of the calling user, or 403 `ForbiddenNoPermission.File`. */
  ownDrive(userId: string, driveId: string): Drive {
    const drive = this.drives.get(driveId);
    if (!drive || drive.ownerUserId !== userId) throw simErrors.forbiddenFile('drive');
    return drive;
  }

  /** A drive by its id, or the save drive of a user id. */
  resolveDrive(userOrDriveId: string): Drive {
    const account = this.accounts.get(userOrDriveId);
    return account ? this.saveDriveOf(account) : this.driveById(userOrDriveId);
  }

  /** Creates a share over existing files of an owner's drive. */
  createShare(fields: { ownerUserId: string; driveId: string; fileIds: string[]; name: string; password?: string; expiration?: string; description?: string }): Share {
    const now = this.clock.iso();
    const share: Share = {
      shareId: this.ids.shareId(),
      name: fields.name,
      description: fields.description ?? '',
      password: fields.password ?? '',
      expiration: fields.expiration ?? '',
      cancelled: false,
      forbidden: false,
      ownerUserId: fields.ownerUserId,
      driveId: fields.driveId,
      fileIds: fields.fileIds,
      createdAt: now,
      updatedAt: now,
      previewCount: 0,
      saveCount: 0,
      downloadCount: 0,
      copiesByUser: new Map(),
    };
    this.shares.set(share.shareId, share);
    return share;
  }

  /** Creates a tree in an owner's drive and shares its top-level items. */
  shareTree(owner: Account, spec: { name: string; files: TreeSpec; password?: string; container?: boolean }): Share {
    const drive = this.saveDriveOf(owner);
    // Built-in publishers keep each share's files in a folder of its own, so names never clash.
    const parentId = spec.container
      ? drive.add(this.ids, this.clock, { parentId: ROOT, name: `share-${drive.children(ROOT).length + 1}`, type: 'folder', size: 0 }).fileId
      : ROOT;
    const top = drive.addTree(this.ids, this.clock, parentId, spec.files);
    return this.createShare({
      ownerUserId: owner.userId,
      driveId: drive.driveId,
      fileIds: top.map((n) => n.fileId),
      name: spec.name,
      password: spec.password,
    });
  }

  /** Moves a share into a state (cancelled, expired, forbidden, or back to ok). */
  setShareState(shareId: string, state: ShareState): void {
    const share = this.shares.get(shareId);
    if (!share) throw simErrors.shareNotFound();
    share.cancelled = state === 'cancelled';
    share.forbidden = state === 'forbidden';
    if (state === 'expired') share.expiration = this.clock.iso(this.clock.now() - 60_000);
    else if (this.isExpired(share)) share.expiration = '';
    share.updatedAt = this.clock.iso();
  }

  isExpired(share: Share): boolean {
    return share.expiration !== '' && Date.parse(share.expiration) <= this.clock.now();
  }

  /** A share anyone may open, or its error: NotFound.ShareLink, ShareLink.Cancelled|Forbidden|Expired. */
  openShare(shareId: string): Share {
    const share = this.shares.get(shareId);
    if (!share) throw simErrors.shareNotFound();
    if (share.cancelled) throw simErrors.shareCancelled();
    if (share.forbidden) throw simErrors.shareForbidden();
    if (this.isExpired(share)) throw simErrors.shareExpired();
    return share;
  }

  shareDrive(share: Share): Drive {
    return this.driveById(share.driveId);
  }

  /** The share's top-level items that still exist. */
  shareTop(share: Share): FileNode[] {
    const drive = this.shareDrive(share);
    return share.fileIds.map((id) => drive.get(id)).filter((n): n is FileNode => n !== undefined);
  }

  /** A node inside the share; outside → 403, missing → 404 `NotFound.File`. */
  shareNode(share: Share, fileId: string): FileNode {
    const drive = this.shareDrive(share);
    const node = drive.require(fileId);
    if (!drive.isWithin(fileId, new Set(share.fileIds))) throw simErrors.forbiddenFile();
    return node;
  }
}
