/**
 * An Aliyun account holds about 10 devices. Every /login of one Aliyun user signs in as the same
 * device (kept in `aliyun_devices`), so the eleventh login still works and saves still run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccounts } from '../../src/accounts.js';
import { createAccountsRepo } from '../../src/db/accounts.repo.js';
import { startRig, type Rig } from './harness.js';

describe('one device per Aliyun user across logins', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig('embedded');
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('twelve /logins of one user (two Telegram users) use one device, and the account keeps working', async () => {
    rig.sim.setKnobs({ maxDevices: 10 });
    const first = await rig.link('ada');
    const deps = { client: rig.client, db: rig.database.db, secretKey: rig.secretKey };
    const accounts = createAccountsRepo(rig.database.db, rig.secretKey);
    const firstDevice = accounts.getById(first.id)?.deviceId;
    const logins = [];
    for (let n = 0; n < 11; n++) {
      const telegramUserId = n % 2 === 0 ? first.telegramUserId : 99_000_001;
      logins.push(await createAccounts(deps).link(telegramUserId, rig.sim.issueRefreshToken(first.sim.userId)));
    }
    expect(new Set(logins.map((login) => login.account.deviceId))).toEqual(new Set([firstDevice]));
    // Each login is still told apart from the last (a session of an earlier login stays its own).
    expect(new Set(logins.map((login) => login.account.loginId)).size).toBe(11);
    const session = createAccounts(deps).session(first.id);
    expect(await session.targetDriveId()).toBe(first.sim.driveIds.resource);
  });
});
