/**
 * QR login: each generated code walks a status sequence, one step per query (the last status
 * sticks). On CONFIRMED the answer carries `bizExt` = base64(JSON {pds_login_result}) with a new
 * refresh token for the scripted (or default) account.
 */
import type { World } from './state.js';

/** The statuses a QR code goes through, as passport.aliyundrive.com spells them. */
export type QrStatus = 'NEW' | 'SCANED' | 'CONFIRMED' | 'EXPIRED' | 'CANCELED';

interface QrSession {
  ck: string;
  sequence: QrStatus[];
  step: number;
  userId?: string;
  bizExt?: string;
}

const DEFAULT_SEQUENCE: QrStatus[] = ['NEW', 'NEW', 'SCANED', 'CONFIRMED'];

export class QrDesk {
  private readonly sessions = new Map<number, QrSession>();
  private scripted: Array<{ sequence: QrStatus[]; userId?: string }> = [];
  private lastT = 0;
  /** Who a CONFIRMED code logs in when no script names an account (default: the first account added by hand). */
  defaultUserId: string | undefined;

  constructor(private readonly world: World) {}

  /** The next generated QR code follows `sequence` and, on CONFIRMED, logs in `userId`. */
  script(sequence: QrStatus[], userId?: string): void {
    if (sequence.length === 0) throw new Error('a QR status sequence needs at least one status');
    this.scripted.push({ sequence: [...sequence], userId });
  }

  generate(): { t: number; ck: string } {
    const t = Math.max(this.world.clock.now(), this.lastT + 1);
    this.lastT = t;
    const next = this.scripted.shift();
    const ck = this.world.ids.hex(64);
    this.sessions.set(t, { ck, sequence: next?.sequence ?? DEFAULT_SEQUENCE, step: 0, userId: next?.userId });
    return { t, ck };
  }

  /** The code's next status (unknown t/ck → EXPIRED), with bizExt once CONFIRMED. */
  query(t: number, ck: string): { status: QrStatus; bizExt?: string } {
    const session = this.sessions.get(t);
    if (!session || session.ck !== ck) return { status: 'EXPIRED' };
    const status = session.sequence[Math.min(session.step, session.sequence.length - 1)] as QrStatus;
    session.step++;
    if (status !== 'CONFIRMED') return { status };
    session.bizExt ??= this.login(session.userId);
    return { status, bizExt: session.bizExt };
  }

  private login(scriptedUserId: string | undefined): string {
    const world = this.world;
    const userId = scriptedUserId ?? this.defaultUserId ?? world.addAccount({ nickName: '扫码用户' }).userId;
    const account = world.account(userId);
    const refreshToken = world.auth.issueRefreshToken(userId);
    const access = world.auth.issueAccessToken(userId);
    const bizExt = {
      pds_login_result: {
        role: 'user',
        isFirstLogin: false,
        needLink: false,
        loginType: 'normal',
        nickName: account.nickName,
        needRpVerify: false,
        avatar: '',
        accessToken: access.accessToken,
        userName: account.userName,
        userId,
        defaultDriveId: account.driveIds.default,
        existLink: [],
        expiresIn: access.expiresIn,
        expireTime: world.clock.iso(access.expiresAtMs),
        requestId: world.ids.uuid(),
        dataPinSetup: true,
        state: '',
        tokenType: 'Bearer',
        dataPinSaved: true,
        refreshToken,
        status: 'enabled',
      },
    };
    return Buffer.from(JSON.stringify(bizExt), 'utf8').toString('base64');
  }
}
