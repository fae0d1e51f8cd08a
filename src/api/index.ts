/**
 * The Aliyun Drive client: public API.
 */
export { AliyunClient, type AliyunClientOptions } from './client.js';
export { AccountSession, type AccountCredentials, type SessionHooks } from './session.js';
export { generateDevice, publicKeyHex, signDevice, signatureMessage, warmDeviceKeys, type DeviceIdentity } from './device.js';
export {
  AliyunError,
  isAliyunError,
  isAccessTokenExpired,
  isAlreadyExists,
  isDeviceOffline,
  isDeviceRefused,
  isDeviceSessionLost,
  isDriveFull,
  isDriveFullMessage,
  isFileNotFound,
  isForbiddenFile,
  isNotUnderstood,
  isShareNotAllowed,
  shareGoneReason,
  type ShareGoneReason,
  isRateLimited,
  isReloginNeeded,
  isShareDailyLimit,
  isShareGone,
  isShareTokenInvalid,
  isTooManyDevices,
  isUnreachable,
  isWrongPassword,
  type AliyunErrorInit,
} from './errors.js';
export { MAX_BATCH_ITEMS, taskPhase, type TaskPhase, type CopyBatchInput, type CopyBatchNotice, type CopyItemResult, type CopyTarget } from './copy.js';
export { folderSegments, nameMatchQuery, type PageOptions } from './files.js';
export { drivesOfUser, mergeDrives, resolveDrives, saveDriveOf, type DriveIds, type DriveSource } from './drives.js';
export type { ShareFileRef, ShareLinkCreate, ShareLinkListOptions, ShareLinkUpdate } from './share-links.js';
export type { SharePageOptions } from './share.js';
export { decodeBizExt, refreshTokenFromBizExt, type QrCode, type QrQueryResult } from './qr.js';
export { DEFAULT_PACE, TokenBucket, type PaceOptions } from './pace.js';
export { collectPages } from './listing.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
export { redactObject, scrubSecrets } from './redact.js';
export type { ApiLogger } from './logger.js';
export { shapeOf, type Shape } from './shape.js';
export type { HostUrls } from './transport.js';
export type * from './schemas.js';
