/** What may be shared, and the password/expiration rules of share links. */
import type { Drive, FileNode } from './drive.js';
import { simErrors } from './errors.js';
import { extensionOf } from './file-types.js';
import type { Account, World } from './state.js';

/** Only the resource drive can hold shared files (the default drive on old accounts without one). */
export function isShareableDrive(account: Account, drive: Drive): boolean {
  return drive.driveId === (account.driveIds.resource ?? account.driveIds.default);
}

/** Why a file cannot be shared, or undefined when it can. */
export function whyNotShareable(world: World, account: Account, drive: Drive, node: FileNode): string | undefined {
  if (!isShareableDrive(account, drive)) return 'files in the backup drive cannot be shared, move them to the resource drive';
  if (node.type === 'file' && world.knobs.unshareableExtensions.includes(extensionOf(node.name))) {
    return `files of type .${extensionOf(node.name)} cannot be shared`;
  }
  return undefined;
}

/** Empty, or exactly 4 letters/digits; else `InvalidParameter.SharePwd`. */
export function checkSharePwd(pwd: string | undefined): void {
  if (pwd !== undefined && pwd !== '' && !/^[A-Za-z0-9]{4}$/.test(pwd)) {
    throw simErrors.invalidParameter('share_pwd', 'share_pwd must be empty or 4 letters or digits');
  }
}

/** Slack for the client's clock and the request's travel time. */
const MIN_AHEAD_MS = 2 * 60_000 - 5_000;

/** `""` (never), or a time at least ~2 min ahead; else `InvalidParameter.Expiration`. */
export function checkExpiration(world: World, expiration: string | undefined): void {
  if (expiration === undefined || expiration === '') return;
  const at = Date.parse(expiration);
  if (Number.isNaN(at) || at < world.clock.now() + MIN_AHEAD_MS) {
    throw simErrors.invalidParameter('expiration', 'expiration must be at least 2 minutes ahead');
  }
}
