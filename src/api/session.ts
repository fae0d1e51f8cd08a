/**
 * One linked account's API: every logged-in endpoint, plus the share-opening calls paced
 * through the account. Who the account is on the wire lives in account-auth.ts.
 */
import { AccountAuth, type AccountAuthContext, type AccountCredentials, type SessionHooks } from './account-auth.js';
import * as copy from './copy.js';
import { drivesOfUser, resolveDrives, saveDriveOf, type DriveIds } from './drives.js';
import { AliyunError } from './errors.js';
import * as files from './files.js';
import { userInfoSchema, type AsyncTask, type FileListResponse, type TokenResponse, type UserInfo } from './schemas.js';
import {
  fetchAllShareFiles,
  fetchShareFilesPage,
  fetchShareInfo,
  fetchShareInfoV3,
  fetchShareToken,
  withShareToken,
  type SharePageOptions,
  type ShareTokenSource,
} from './share.js';
import type { ShareTokenCache } from './share-token-cache.js';
import * as links from './share-links.js';
import type { Caller } from './transport.js';

export type { AccountCredentials, SessionHooks } from './account-auth.js';

/** Shared machinery a session needs from its client. */
export interface SessionContext extends AccountAuthContext {
  shareTokens: ShareTokenCache;
}

/** A logged-in account. Get one with `AliyunClient.session`. */
export class AccountSession {
  private key: string;
  private readonly auth: AccountAuth;
  /** Logged-in calls. */
  private readonly call: Caller;
  /** Anonymous calls paced through this account. */
  private readonly anonymousCall: Caller;
  private user: Promise<UserInfo> | undefined;
  private drives: Promise<DriveIds> | undefined;

  constructor(
    creds: AccountCredentials,
    hooks: SessionHooks,
    private readonly ctx: SessionContext,
  ) {
    this.key = creds.accountKey;
    this.auth = new AccountAuth(creds, hooks, ctx);
    this.call = this.auth.call;
    this.anonymousCall = this.auth.anonymousCall;
  }

  /** The client's cache key of this session. */
  get accountKey(): string {
    return this.key;
  }

  /** Files the session under another key (see `AliyunClient.moveSession`); logs follow. */
  rename(accountKey: string): void {
    this.key = accountKey;
    this.auth.rename(accountKey);
  }

  /** True once the refresh token was found dead. */
  get isDead(): boolean {
    return this.auth.isDead;
  }

  /** Signs as another device from now on (see `AccountAuth.useDevice`). */
  useDevice(device: { deviceId: string; privateKeyHex: string }): void {
    this.auth.useDevice(device);
  }

  /** The account's pace: how many calls it could send now, and when the next one could leave. */
  get pace(): AccountAuth['pace'] {
    return this.auth.pace;
  }

  /** Whether `creds` describe this session (same device, and a refresh token of its chain). */
  matches(creds: AccountCredentials): boolean {
    return this.auth.matches(creds);
  }

  /**
   * Exchanges the refresh token now and returns the answer (the bot validates a pasted token
   * with it). The rotated token goes to `onRefreshToken` before anything uses the new access token.
   */
  refresh(): Promise<TokenResponse> {
    return this.auth.refresh();
  }

  private shareTokenSource(shareId: string, password: string): ShareTokenSource {
    return this.ctx.shareTokens.source(shareId, password, () => fetchShareToken(this.anonymousCall, shareId, password));
  }

  // ---- account -------------------------------------------------------------------------------

  /**
   * The account's user info from the user host (cached for the session), or from the API host
   * when asked (`host: 'api'`, not cached), which has named no drive since mid-2025.
   */
  getUser(host: 'user' | 'api' = 'user'): Promise<UserInfo> {
    if (host === 'api') return this.call({ path: 'v2/user/get', body: {}, schema: userInfoSchema });
    this.user ??= this.call({ host: 'user', path: 'v2/user/get', body: {}, schema: userInfoSchema }).catch((err: unknown) => {
      this.user = undefined;
      throw err;
    });
    return this.user;
  }

  /**
   * The account's drives, from the user host, then the token answer, then the API host (see
   * drives.ts). Cached once a drive is known; a source that fails is passed over.
   */
  driveIds(): Promise<DriveIds> {
    this.drives ??= resolveDrives(
      [
        { name: 'user host v2/user/get', read: async () => drivesOfUser(await this.getUser('user')) },
        { name: 'token answer', read: async () => (await this.auth.accessToken(), { default: this.auth.tokenDefaultDriveId }) },
        { name: 'api host v2/user/get', read: async () => drivesOfUser(await this.getUser('api')) },
      ],
      this.auth.log,
    ).then(
      (drives) => {
        if (!saveDriveOf(drives)) this.drives = undefined;
        return drives;
      },
      (err: unknown) => {
        this.drives = undefined;
        throw err;
      },
    );
    return this.drives;
  }

  /**
   * Where saves go: the resource drive when the account has one, else the default drive.
   * @throws AliyunError `NoDriveId` when no source names a drive.
   */
  async targetDriveId(): Promise<string> {
    const driveId = saveDriveOf(await this.driveIds());
    if (driveId) return driveId;
    throw new AliyunError({
      status: 0,
      code: 'NoDriveId',
      message: 'neither the user host, the token answer nor the API host named a drive of this account',
      endpoint: 'v2/user/get',
      retryable: false,
    });
  }

  private async knownUserId(): Promise<string> {
    await this.auth.accessToken();
    return this.auth.userId ?? (await this.getUser()).user_id ?? '';
  }

  // ---- opening shares (anonymous, paced) -----------------------------------------------------

  /** Share info, paced through this account. */
  getShareInfo(shareId: string): ReturnType<typeof fetchShareInfo> {
    return fetchShareInfo(this.anonymousCall, shareId);
  }

  /** Share info (v3), paced through this account. */
  getShareInfoV3(shareId: string): ReturnType<typeof fetchShareInfoV3> {
    return fetchShareInfoV3(this.anonymousCall, shareId);
  }

  /** A share token (cached per share and password), paced through this account. */
  getShareToken(shareId: string, password = ''): Promise<string> {
    return this.shareTokenSource(shareId, password).token();
  }

  /** One page of a share folder, paced through this account. */
  listShareFilesPage(shareId: string, password = '', page: SharePageOptions = {}): Promise<FileListResponse> {
    return withShareToken(this.shareTokenSource(shareId, password), (token) =>
      fetchShareFilesPage(this.anonymousCall, shareId, token, page),
    );
  }

  /** Every item of a share folder, paced through this account. */
  listShareFiles(shareId: string, password = '', parentFileId = 'root'): ReturnType<typeof fetchAllShareFiles> {
    return fetchAllShareFiles(this.anonymousCall, shareId, this.shareTokenSource(shareId, password), parentFileId);
  }

  // ---- copying -------------------------------------------------------------------------------

  /** Copies ≤ 100 items in one request; every item's own result. */
  copyBatch(input: copy.CopyBatchInput): Promise<copy.CopyItemResult[]> {
    return copy.copyBatch(this.call, this.shareTokenSource(input.shareId, input.password ?? ''), input);
  }

  /** Copies any number of items in batches of ≤ 100, calling `onBatch` after each. */
  copyAll(input: Parameters<typeof copy.copyAll>[2]): Promise<copy.CopyItemResult[]> {
    return copy.copyAll(this.call, this.shareTokenSource(input.shareId, input.password ?? ''), input);
  }

  /** Copies one item with the single-copy endpoint. */
  copyOne(input: copy.CopyTarget & { fileId: string }): Promise<copy.CopyItemResult> {
    return copy.copyOne(this.call, this.shareTokenSource(input.shareId, input.password ?? ''), input);
  }

  /** The state of a background copy. */
  getAsyncTask(asyncTaskId: string): Promise<AsyncTask> {
    return copy.fetchAsyncTask(this.call, asyncTaskId);
  }

  // ---- own files -----------------------------------------------------------------------------

  /** One page of a folder. */
  listFiles(driveId: string, parentFileId: string, page?: files.PageOptions): ReturnType<typeof files.listFiles> {
    return files.listFiles(this.call, driveId, parentFileId, page);
  }

  /** Every item of a folder. */
  listAllFiles(driveId: string, parentFileId: string): ReturnType<typeof files.listAllFiles> {
    return files.listAllFiles(this.call, driveId, parentFileId);
  }

  /** The item at a path, or null. */
  getByPath(driveId: string, path: string): ReturnType<typeof files.getByPath> {
    return files.getByPath(this.call, driveId, path);
  }

  /** Creates a folder (or finds the existing one of that name). */
  createFolder(driveId: string, parentFileId: string, name: string): ReturnType<typeof files.createFolder> {
    return files.createFolder(this.call, driveId, parentFileId, name);
  }

  /** Renames a file (a taken name: 409 `AlreadyExist.File`). */
  renameFile(driveId: string, fileId: string, name: string): ReturnType<typeof files.renameFile> {
    return files.renameFile(this.call, driveId, fileId, name);
  }

  /** The id of the folder at a path, created as needed. */
  ensureFolderPath(driveId: string, path: string): Promise<string> {
    return files.ensureFolderPath(this.call, driveId, path);
  }

  /** Files whose name matches. */
  searchFiles(driveId: string, name: string, limit?: number): ReturnType<typeof files.searchFiles> {
    return files.searchFiles(this.call, driveId, name, limit);
  }

  // ---- share links ---------------------------------------------------------------------------

  /** One page of this account's share links. */
  async listShareLinks(options?: links.ShareLinkListOptions): ReturnType<typeof links.listShareLinks> {
    return links.listShareLinks(this.call, await this.knownUserId(), options);
  }

  /** All of this account's share links. */
  async listAllShareLinks(options?: Omit<links.ShareLinkListOptions, 'marker'>): ReturnType<typeof links.listAllShareLinks> {
    return links.listAllShareLinks(this.call, await this.knownUserId(), options);
  }

  /** One share link. */
  getShareLink(shareId: string): ReturnType<typeof links.getShareLink> {
    return links.getShareLink(this.call, shareId);
  }

  /** The text to paste for a share link. */
  getShareMsg(shareId: string): ReturnType<typeof links.getShareMsg> {
    return links.getShareMsg(this.call, shareId);
  }

  /** Changes a share link. */
  updateShareLink(update: links.ShareLinkUpdate): ReturnType<typeof links.updateShareLink> {
    return links.updateShareLink(this.call, update);
  }

  /** Cancels a share link. */
  cancelShareLink(shareId: string): Promise<void> {
    return links.cancelShareLink(this.call, shareId);
  }

  /** Creates a share link. */
  createShareLink(input: links.ShareLinkCreate): ReturnType<typeof links.createShareLink> {
    return links.createShareLink(this.call, input);
  }

  /** The files that cannot be shared. */
  checkAvailable(driveId: string, fileIds: readonly string[]): ReturnType<typeof links.checkAvailable> {
    return links.checkAvailable(this.call, driveId, fileIds);
  }

  /** Aliyun's parser for canonical share text. */
  extractCode(text: string): ReturnType<typeof links.extractCode> {
    return links.extractCode(this.call, text);
  }

  /** Marks a subscribed share as seen. */
  subscriptionUpdate(shareId: string): Promise<void> {
    return links.subscriptionUpdate(this.call, shareId);
  }

  /** A download URL for a file inside a share (429 on the real service since 2024). */
  getShareDownloadUrl(ref: links.ShareFileRef & { expireSec?: number }): ReturnType<typeof links.getShareDownloadUrl> {
    return links.getShareDownloadUrl(this.call, this.shareTokenSource(ref.shareId, ref.password ?? ''), ref);
  }

  /** Video preview streams for a file inside a share. */
  getShareVideoPreview(ref: links.ShareFileRef): ReturnType<typeof links.getShareVideoPreview> {
    return links.getShareVideoPreview(this.call, this.shareTokenSource(ref.shareId, ref.password ?? ''), ref);
  }
}
