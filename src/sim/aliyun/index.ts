/**
 * The Aliyun Drive simulator: a real HTTP server serving the api, auth and passport paths on
 * one port, faithful to ../../../../shared/aliyun-api.md, with an in-memory world that tests,
 * the demo and the bench drive through the handle returned by `startAliyunSimulator`.
 */
import { buildCatalogue, type Catalogue } from './catalogue.js';
import { settleTask } from './copy.js';
import { ROOT, type TreeSpec } from './drive.js';
import { FaultInjector, type FaultSpec } from './faults.js';
import type { SimKnobs } from './knobs.js';
import { QrDesk, type QrStatus } from './qr.js';
import { accountRoutes, userHostRoutes } from './routes/account.js';
import { copyRoutes } from './routes/copy.js';
import { fileRoutes } from './routes/files.js';
import { qrRoutes } from './routes/qr.js';
import { shareLinkRoutes } from './routes/share-links.js';
import { shareRoutes } from './routes/share.js';
import { taskRoutes } from './routes/tasks.js';
import { startHttp, type SimLogger } from './server.js';
import { World, type ShareState } from './state.js';
import { StatsRecorder, type SimCall, type SimStats } from './stats.js';
import { fullShareMsgOf, shareUrlOf } from './wire.js';

export type { Catalogue, CatalogueEntry } from './catalogue.js';
export type { FileSpec, FolderSpec, TreeSpec } from './drive.js';
export type { FaultSpec } from './faults.js';
export type { SimKnobs } from './knobs.js';
export type { SimLogger } from './server.js';
export type { SimCall, SimStats } from './stats.js';
export type { ShareState } from './state.js';

export interface AliyunSimulatorOptions extends Partial<SimKnobs> {
  /** 0 (default) = an ephemeral port. */
  port?: number;
  host?: string;
  /** Seeds ids, tokens and fault rolls (default 1). */
  seed?: number;
  /** Build the demo shares at start (default true). */
  catalogue?: boolean;
  logger?: SimLogger;
}

export interface SimAccount {
  userId: string;
  nickName: string;
  refreshToken: string;
  /** default = backup (as on the real service); resource is missing on old accounts. */
  driveIds: { default: string; resource?: string; backup?: string };
}

export interface SimShare {
  shareId: string;
  url: string;
  password: string;
  /** The canonical share text. */
  text: string;
}

export interface SimFile {
  fileId: string;
  parentId: string;
  name: string;
  type: 'file' | 'folder';
  size: number;
  path: string;
}

export interface AddShareSpec {
  name: string;
  files: TreeSpec;
  password?: string;
  state?: ShareState;
  /** Default: the catalogue's publisher (files go in a folder of their own in its drive). */
  ownerUserId?: string;
}

export interface AliyunSimulator {
  /** Base URL for ALIYUN_API_URL, ALIYUN_AUTH_URL and ALIYUN_PASSPORT_URL alike. */
  readonly url: string;
  /** Base URL for ALIYUN_USER_URL: the user host, whose `/v2/user/get` names the drives. */
  readonly userUrl: string;
  readonly catalogue: Catalogue;
  readonly qr: {
    /** The next generated QR code follows `sequence`; CONFIRMED logs in `forAccount` (default: the first account added). */
    script(sequence: QrStatus[], forAccount?: string | { userId: string }): void;
  };
  addAccount(spec: { nickName: string; quotaBytes?: number; withResourceDrive?: boolean }): SimAccount;
  /** Another login of an existing account (a new, independent refresh token). */
  issueRefreshToken(userId: string): string;
  addShare(spec: AddShareSpec): SimShare;
  /** Creates files in a drive (a user id means their save drive) under `parentPath`; returns the top items. */
  addFiles(userOrDriveId: string, files: TreeSpec, parentPath?: string): SimFile[];
  removeFile(userOrDriveId: string, fileId: string): void;
  setShareState(shareId: string, state: ShareState): void;
  /**
   * Adds items to a live share, as its owner uploading a new episode: under `sharePath`, a folder
   * path inside the share (`/` = the share's top level, `/剧名/Season 1` = folders in it).
   * Returns the items added at that level.
   */
  addToShare(shareId: string, files: TreeSpec, sharePath?: string): SimFile[];
  /** Renames an item inside a share (its file id stays), as the owner tidying up. */
  renameInShare(shareId: string, fileId: string, name: string): void;
  setQuota(userOrDriveId: string, bytes: number): void;
  usage(userOrDriveId: string): { usedBytes: number; quotaBytes: number };
  knobs(): SimKnobs;
  setKnobs(knobs: Partial<SimKnobs>): void;
  /** The next `count` calls to `path` ("*" = any) answer with this fault. */
  failNext(path: string, spec: FaultSpec, count?: number): void;
  clearFaults(): void;
  stats(): SimStats;
  /** The latest calls as they arrived (up to 100,000), oldest first. */
  calls(): SimCall[];
  resetStats(): void;
  /** Every folder path of the drive → number of files directly inside it. */
  tree(userOrDriveId: string): Record<string, number>;
  /** Every item of the drive, parents first. */
  files(userOrDriveId: string): SimFile[];
  findByName(userOrDriveId: string, name: string): SimFile[];
  /** Accepted copy requests (201/202) from a share, by everyone or by one user. */
  countCopiesOf(shareId: string, userId?: string): number;
  /** Moves the simulator's clock forward (expires tokens, device sessions, shares). */
  advanceTime(ms: number): void;
  expireDeviceSessions(userId?: string): void;
  /** Finishes every running async copy, as the real service eventually does without polls. */
  settleTasks(): void;
  close(): Promise<void>;
}

/** Starts the simulator; close it with `sim.close()`. */
export async function startAliyunSimulator(options: AliyunSimulatorOptions = {}): Promise<AliyunSimulator> {
  const { port = 0, host = '127.0.0.1', seed = 1, catalogue: withCatalogue = true, logger, ...knobs } = options;
  const world = new World(seed, knobs);
  const catalogue = withCatalogue ? buildCatalogue(world) : emptyCatalogue();
  const desk = new QrDesk(world);
  const faults = new FaultInjector(world.faultRandom, () => world.knobs);
  const stats = new StatsRecorder();
  const routes = [...accountRoutes, ...fileRoutes, ...shareRoutes, ...copyRoutes, ...taskRoutes, ...shareLinkRoutes, ...qrRoutes(desk)];
  const http = await startHttp({ world, routes, faults, stats, logger }, port, host);
  // The user host on a port of its own, as it is a host of its own: a client that asks the API
  // host for drives finds none, as on the real service since mid-2025.
  const userHost = await startHttp({ world, routes: userHostRoutes, faults, stats, logger }, 0, host).catch(async (err: unknown) => {
    await http.close();
    throw err;
  });

  const accountOf = (userId: string) => {
    const account = world.accounts.get(userId);
    if (!account) throw new Error(`no simulated account ${userId}`);
    return account;
  };
  // Shares added without an owner belong to the catalogue's publisher (made on demand without a catalogue).
  let publisherId = catalogue.ownerUserId;
  const publisher = () => {
    publisherId ||= world.addAccount({ nickName: '资源分享君', quotaBytes: Number.MAX_SAFE_INTEGER }).userId;
    return accountOf(publisherId);
  };
  const simFile = (driveRef: string, fileId: string): SimFile => {
    const drive = world.resolveDrive(driveRef);
    const n = drive.require(fileId);
    return { fileId: n.fileId, parentId: n.parentId, name: n.name, type: n.type, size: n.size, path: drive.pathOf(n.fileId) };
  };
  const files = (ref: string): SimFile[] => world.resolveDrive(ref).subtree(ROOT).slice(1).map((n) => simFile(ref, n.fileId));

  return {
    url: http.url,
    userUrl: userHost.url,
    catalogue,
    qr: {
      script: (sequence, forAccount) => desk.script(sequence, typeof forAccount === 'string' ? forAccount : forAccount?.userId),
    },
    addAccount(spec) {
      const account = world.addAccount(spec);
      desk.defaultUserId ??= account.userId;
      return { userId: account.userId, nickName: account.nickName, refreshToken: world.auth.issueRefreshToken(account.userId), driveIds: { ...account.driveIds } };
    },
    issueRefreshToken: (userId) => world.auth.issueRefreshToken(accountOf(userId).userId),
    addShare(spec) {
      const owner = spec.ownerUserId === undefined ? publisher() : accountOf(spec.ownerUserId);
      const share = world.shareTree(owner, { name: spec.name, files: spec.files, password: spec.password, container: spec.ownerUserId === undefined });
      if (spec.state && spec.state !== 'ok') world.setShareState(share.shareId, spec.state);
      return { shareId: share.shareId, url: shareUrlOf(share), password: share.password, text: fullShareMsgOf(share) };
    },
    addFiles(ref, spec, parentPath = '/') {
      const drive = world.resolveDrive(ref);
      const parent = drive.resolvePath(parentPath);
      if (!parent) throw new Error(`no folder ${parentPath} in drive ${drive.driveId}`);
      return drive.addTree(world.ids, world.clock, parent.fileId, spec).map((n) => simFile(drive.driveId, n.fileId));
    },
    removeFile: (ref, fileId) => world.resolveDrive(ref).remove(fileId),
    setShareState: (shareId, state) => world.setShareState(shareId, state),
    addToShare(shareId, spec, sharePath = '/') {
      const share = world.shares.get(shareId);
      if (!share) throw new Error(`no simulated share ${shareId}`);
      const drive = world.resolveDrive(share.driveId);
      const top = share.fileIds.map((id) => drive.require(id));
      const parts = sharePath.split('/').filter((part) => part !== '');
      if (parts.length === 0) {
        // New top-level items sit beside the shared ones and join the share.
        const parentId = top[0]?.parentId ?? ROOT;
        const added = drive.addTree(world.ids, world.clock, parentId, spec);
        share.fileIds.push(...added.map((n) => n.fileId));
        return added.map((n) => simFile(drive.driveId, n.fileId));
      }
      let folder = top.find((n) => n.name === parts[0] && n.type === 'folder');
      for (const part of parts.slice(1)) folder = folder && drive.children(folder.fileId).find((n) => n.name === part && n.type === 'folder');
      if (!folder) throw new Error(`no folder ${sharePath} in share ${shareId}`);
      return drive.addTree(world.ids, world.clock, folder.fileId, spec).map((n) => simFile(drive.driveId, n.fileId));
    },
    renameInShare(shareId, fileId, name) {
      const share = world.shares.get(shareId);
      if (!share) throw new Error(`no simulated share ${shareId}`);
      world.resolveDrive(share.driveId).require(fileId).name = name;
    },
    setQuota(ref, bytes) {
      world.resolveDrive(ref).quotaBytes = bytes;
    },
    usage(ref) {
      const drive = world.resolveDrive(ref);
      return { usedBytes: drive.usedBytes, quotaBytes: drive.quotaBytes };
    },
    knobs: () => ({ ...world.knobs }),
    setKnobs(next) {
      world.knobs = { ...world.knobs, ...next };
    },
    failNext: (path, spec, count = 1) => faults.failNext(path, spec, count),
    clearFaults: () => faults.clear(),
    stats: () => stats.snapshot(faults.injected),
    calls: () => stats.calls(),
    resetStats() {
      stats.reset();
      faults.injected = { rateLimited: 0, serverErrors: 0, scripted: 0 };
    },
    tree(ref) {
      const drive = world.resolveDrive(ref);
      const out: Record<string, number> = {};
      for (const node of drive.subtree(ROOT)) {
        if (node.type === 'folder') out[drive.pathOf(node.fileId)] = drive.children(node.fileId).filter((c) => c.type === 'file').length;
      }
      return out;
    },
    files,
    findByName: (ref, name) => files(ref).filter((f) => f.name === name),
    countCopiesOf(shareId, userId) {
      const share = world.shares.get(shareId);
      if (!share) return 0;
      if (userId !== undefined) return share.copiesByUser.get(userId) ?? 0;
      return [...share.copiesByUser.values()].reduce((a, b) => a + b, 0);
    },
    advanceTime: (ms) => world.clock.advance(ms),
    expireDeviceSessions: (userId) => world.auth.expireDeviceSessions(userId),
    settleTasks() {
      for (const task of world.tasks.values()) settleTask(world, task);
    },
    close: async () => {
      await Promise.all([http.close(), userHost.close()]);
    },
  };
}

function emptyCatalogue(): Catalogue {
  const none = { shareId: '', name: '', password: '', state: 'missing' as const, url: '', text: '' };
  return { ownerUserId: '', singleFile: none, folder: none, password: none, cancelled: none, expired: none, forbidden: none, many: none, bigFolder: none, htmlName: none, notFound: none };
}
