/**
 * The account a save copies with, and the Aliyun user (drive) it was linked to when the run
 * started. Looked at again before every batch and every round of polling, so /logout (or a
 * /login to another Aliyun account) stops a running save instead of leaving it copying with a
 * session held in memory.
 */
import { isSameLogin, type Accounts } from '../../accounts.js';
import type { AccountSession } from '../../api/index.js';
import type { LinkedAccount } from '../../db/accounts.repo.js';
import type { SaveDrive } from '../../db/saves.repo.js';
import { SaveFailure } from '../save-failure.js';

export class LinkedDrive {
  private current: AccountSession | undefined;
  private account: LinkedAccount | undefined;
  /** The login whose session this run copies with. */
  private login: Pick<LinkedAccount, 'deviceId' | 'loginId'> = { deviceId: '', loginId: null };

  constructor(private readonly accounts: Accounts) {}

  /** Starts with the account row read just now (no second read, nor decryption, of it). */
  open(account: LinkedAccount): AccountSession {
    this.account = account;
    this.login = { deviceId: account.deviceId, loginId: account.loginId };
    this.current = this.accounts.sessionOfRow(account);
    return this.current;
  }

  /** The account and the Aliyun user it was linked to when this run started. */
  get drive(): SaveDrive {
    if (!this.account) throw new Error('no account read yet');
    return { accountId: this.account.id, aliyunUserId: this.account.aliyunUserId };
  }

  get session(): AccountSession {
    if (!this.current) throw new Error('no account session yet');
    return this.current;
  }

  /** How long the account's pace asks its next call to wait. */
  paceWaitMs(): number {
    return this.accounts.paceOf(this.drive.accountId).readyInMs;
  }

  /**
   * Whether the account is still linked to the drive this run copies into. A new login of the
   * same Aliyun account goes on with the new login's session.
   * @throws SaveFailure `logged_out` when the account is gone or now another Aliyun user's.
   */
  checkStillLinked(): void {
    const drive = this.drive;
    const link = this.accounts.linkOf(drive.accountId);
    if (!link) throw new SaveFailure('logged_out', 'the account was logged out');
    if (link.aliyunUserId !== drive.aliyunUserId) throw new SaveFailure('logged_out', 'another account was linked');
    if (isSameLogin(link, this.login) || link.needsRelogin) return;
    // A new login: its whole row (and secrets) is read only now.
    const now = this.accounts.getById(drive.accountId);
    if (!now || now.aliyunUserId !== drive.aliyunUserId) throw new SaveFailure('logged_out', 'the account was logged out');
    if (now.needsRelogin) return;
    this.login = { deviceId: now.deviceId, loginId: now.loginId };
    this.current = this.accounts.sessionOfRow(now);
  }
}
