/**
 * Which drives an account has, from wherever the service names them. No single source is
 * reliable: the user host's `/v2/user/get` names the resource drive, the token answer only the
 * default drive, and the API host's `/v2/user/get` named drives before mid-2025 (and none since).
 * Sources are asked in order until the resource drive is known; a source that fails or names
 * nothing is passed over, never a reason to fail.
 */
import { isAliyunError, isReloginNeeded } from './errors.js';
import type { ApiLogger } from './logger.js';
import type { UserInfo } from './schemas.js';

/** An account's drive ids, as far as they are known. */
export interface DriveIds {
  /** The old "backup" drive every account has. */
  default?: string | undefined;
  /** The "resource" drive (missing on old accounts); only its files can get share links. */
  resource?: string | undefined;
  backup?: string | undefined;
}

/** One place that may name drives: its name (for logs) and how to ask it. */
export interface DriveSource {
  name: string;
  read(): Promise<DriveIds | undefined>;
}

/** Drive ids named in a `/v2/user/get` answer. */
export function drivesOfUser(user: UserInfo): DriveIds {
  return { default: user.default_drive_id, resource: user.resource_drive_id, backup: user.backup_drive_id };
}

/** `known` with the gaps filled from `more`; what `known` names wins. */
export function mergeDrives(known: DriveIds, more: DriveIds | undefined): DriveIds {
  return {
    default: known.default || more?.default || undefined,
    resource: known.resource || more?.resource || undefined,
    backup: known.backup || more?.backup || undefined,
  };
}

/** Where saves go: the resource drive when the account has one, else the default drive. */
export function saveDriveOf(drives: DriveIds): string | undefined {
  return drives.resource || drives.default || undefined;
}

/**
 * Asks the sources in order until one names the resource drive, filling gaps from each.
 * A failing source is logged and passed over — except a dead refresh token, which every other
 * source would meet too.
 */
export async function resolveDrives(sources: readonly DriveSource[], log: ApiLogger): Promise<DriveIds> {
  let drives: DriveIds = {};
  for (const source of sources) {
    if (drives.resource) break;
    try {
      drives = mergeDrives(drives, await source.read());
    } catch (err) {
      if (!isAliyunError(err) || isReloginNeeded(err)) throw err;
      log.warn({ source: source.name, code: err.code, status: err.status }, 'a drive-id source failed; trying the next');
    }
  }
  return drives;
}
