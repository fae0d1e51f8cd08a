/**
 * The read-only steps of `npm run doctor`, each against the configured hosts through the same
 * client the bot uses. Every step reports one {@link StepResult} as soon as it is known.
 * Nothing is created, copied or written here; a session's rotated refresh token goes wherever
 * its hooks put it.
 */
import {
  drivesOfUser,
  isAliyunError,
  isWrongPassword,
  type AccountSession,
  type AliyunClient,
  type UserInfo,
} from '../api/index.js';
import type { ShareRef } from '../share-text.js';
import { describeDrives, failed, passed, skipped, type StepResult } from './report.js';

export type Emit = (result: StepResult) => void;

export const STEP = {
  refresh: 'token refresh',
  device: 'device session',
  userHost: 'user info (user host)',
  apiHost: 'user info (API host)',
  saveFolder: 'save folder',
  shareInfo: 'share info',
  shareToken: 'share token',
  qr: 'QR login (generate)',
} as const;

/** The endpoint whose failure is the device step's (the first logged-in call makes the session). */
const CREATE_SESSION = 'users/v1/users/device/create_session';

export interface AccountCheck {
  session: AccountSession;
  /** The device the session signs as (shown shortened). */
  deviceId: string;
  /** The folder saves of this account go to (checked by path, never created). */
  saveFolder: string;
  /** Where the rotated refresh token went, for the refresh line. */
  rotatedTokenNote: string;
}

function nameOf(user: { nick_name?: string | undefined; user_name?: string | undefined }): string {
  return user.nick_name || user.user_name || '(no name)';
}

function describeUser(user: UserInfo): string {
  return `${nameOf(user)}; ${describeDrives(drivesOfUser(user))}`;
}

/**
 * Token refresh, device session, user info on both hosts, and the save folder by path — in
 * that order, each skipped when a step it needs failed.
 */
export async function checkAccount(check: AccountCheck, emit: Emit): Promise<void> {
  const { session } = check;
  const skipRest = (why: string, names: readonly string[]): void => names.forEach((name) => emit(skipped(name, why)));

  try {
    const token = await session.refresh();
    emit(passed(STEP.refresh, `${nameOf(token)}; ${check.rotatedTokenNote}`));
  } catch (err) {
    emit(failed(STEP.refresh, err));
    skipRest('needs an access token', [STEP.device, STEP.userHost, STEP.apiHost, STEP.saveFolder]);
    return;
  }

  // The session registers its device on the first logged-in call, as it does in the bot; a
  // failure of that call at create_session is the device step's.
  try {
    const user = await session.getUser('user');
    emit(passed(STEP.device, `device ${check.deviceId.slice(0, 8)}…`));
    emit(passed(STEP.userHost, describeUser(user)));
  } catch (err) {
    if (isAliyunError(err) && err.endpoint === CREATE_SESSION) {
      emit(failed(STEP.device, err));
      skipRest('needs a device session', [STEP.userHost, STEP.apiHost, STEP.saveFolder]);
      return;
    }
    emit(passed(STEP.device, `device ${check.deviceId.slice(0, 8)}…`));
    emit(failed(STEP.userHost, err));
  }

  try {
    const user = await session.getUser('api');
    // Since mid-2025 the API host reportedly names no drive: not a failure, the user host does.
    emit(passed(STEP.apiHost, describeUser(user)));
  } catch (err) {
    emit(failed(STEP.apiHost, err));
  }

  emit(await checkSaveFolder(session, check.saveFolder));
}

async function checkSaveFolder(session: AccountSession, path: string): Promise<StepResult> {
  try {
    const driveId = await session.targetDriveId();
    const drives = await session.driveIds();
    const drive = `${driveId === drives.resource ? 'resource' : 'default'} drive ${driveId}`;
    const item = await session.getByPath(driveId, path);
    if (!item) return passed(STEP.saveFolder, `${path} is not in the ${drive} yet (the first save creates it)`);
    if (item.type !== 'folder') return failed(STEP.saveFolder, `${path} in the ${drive} is a file, not a folder: saves will fail`);
    return passed(STEP.saveFolder, `${path} = ${item.file_id} in the ${drive}`);
  } catch (err) {
    return failed(STEP.saveFolder, err);
  }
}

/**
 * Share info (`get_share_by_anonymous`), then a share token with the link's password — or with
 * none when the link has none; a share that turns out to want one is then skipped, not failed.
 */
export async function checkShare(client: AliyunClient, share: ShareRef, emit: Emit): Promise<void> {
  try {
    const info = await client.getShareInfo(share.shareId);
    const files = info.file_count ?? info.file_infos.length;
    const by = info.creator_name ? ` by ${info.creator_name}` : '';
    emit(passed(STEP.shareInfo, `「${info.share_name || info.display_name || share.shareId}」, ${files} file${files === 1 ? '' : 's'}${by}`));
  } catch (err) {
    emit(failed(STEP.shareInfo, err));
    emit(skipped(STEP.shareToken, 'needs the share'));
    return;
  }
  try {
    await client.getShareToken(share.shareId, share.password ?? '');
    emit(passed(STEP.shareToken, share.password ? 'with the link’s password' : 'no password needed'));
  } catch (err) {
    if (!share.password && isWrongPassword(err)) {
      emit(skipped(STEP.shareToken, 'the share has a password: add it to the link (提取码: xxxx) to check this step'));
    } else {
      emit(failed(STEP.shareToken, err));
    }
  }
}

/** One `generate.do` on the passport host: can users still log in by QR code? */
export async function checkQrLogin(client: AliyunClient, emit: Emit): Promise<void> {
  try {
    await client.qrGenerate();
    emit(passed(STEP.qr, 'a login QR code came back'));
  } catch (err) {
    emit(failed(STEP.qr, err));
  }
}
