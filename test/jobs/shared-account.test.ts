/**
 * The bot and `npm run worker` share one SQLite file and so one account. When the bot rotates
 * the refresh token while the worker is in the middle of a save, the worker's session holds a
 * token Aliyun has killed: at its next refresh it must take the stored token, finish the save,
 * and leave the account logged in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccounts } from '../../src/accounts.js';
import { AliyunClient } from '../../src/api/index.js';
import { createAccountsRepo } from '../../src/db/accounts.repo.js';
import { createSavesRepo } from '../../src/db/saves.repo.js';
import { saveJobId } from '../../src/jobs/save-share.job.js';
import { FAST, startRig, testLogger, waitFor, type Rig } from './harness.js';

describe('one account used by the bot and a worker process', () => {
  let rig: Rig;
  /** Another process's client on the same simulator. */
  const otherClient = () => new AliyunClient({ apiUrl: rig.sim.url, authUrl: rig.sim.url, passportUrl: rig.sim.url, userUrl: rig.sim.userUrl, ...FAST.client, logger: testLogger });

  beforeAll(async () => {
    rig = await startRig('embedded');
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('a save running while the other process rotates the token finishes, and nobody is asked to log in again', async () => {
    const lea = await rig.link('lea');
    const accounts = createAccountsRepo(rig.database.db, rig.secretKey);
    const share = rig.sim.addShare({ name: 'Long Copy', files: [{ name: 'Long Copy', children: [{ name: 'part-1.mkv', size: 10 }, { name: 'part-2.mkv', size: 10 }] }] });
    rig.sim.setKnobs({ asyncTaskPolls: 100_000 }); // the copy runs until we let it end
    try {
      const job = rig.job(lea, { shareId: share.shareId });
      const jobId = saveJobId(job);
      await rig.save(job);
      const saves = createSavesRepo(rig.database.db);
      await waitFor(() => saves.items(jobId).some((item) => item.state === 'accepted'), 10_000, 'the copy to be accepted');

      // The bot process (its own client) uses the account: the worker's refresh token dies.
      const botClient = otherClient();
      const tokenBefore = accounts.getById(lea.id)?.refreshToken;
      await createAccounts({ client: botClient, db: rig.database.db, secretKey: rig.secretKey }).session(lea.id).refresh();
      expect(accounts.getById(lea.id)?.refreshToken).not.toBe(tokenBefore);

      // Two hours later every access token has expired: the worker must refresh mid-poll.
      rig.sim.advanceTime(2 * 60 * 60_000 + 60_000);
      rig.sim.setKnobs({ asyncTaskPolls: 2 });

      expect(await rig.notifier.outcome1(jobId)).toMatchObject({ kind: 'saved', shareName: 'Long Copy', items: 1 });
      expect(accounts.getById(lea.id)?.needsRelogin).toBe(false);
      expect(rig.sim.tree(lea.sim.userId)['/Saves/Long Copy']).toBe(2);

      // What is stored still works for whoever comes next.
      const nextClient = otherClient();
      await expect(createAccounts({ client: nextClient, db: rig.database.db, secretKey: rig.secretKey }).session(lea.id).refresh()).resolves.toMatchObject({
        user_id: lea.sim.userId,
      });
    } finally {
      rig.sim.setKnobs({ asyncTaskPolls: 2 });
    }
  });

  it('a session of an earlier login neither takes the new login\'s token nor flags the account', async () => {
    const max = await rig.link('max');
    const accounts = createAccountsRepo(rig.database.db, rig.secretKey);
    const old = createAccounts({ client: otherClient(), db: rig.database.db, secretKey: rig.secretKey }).session(max.id);
    // Another process uses the account (the old session's token dies), then the user logs in anew.
    await createAccounts({ client: otherClient(), db: rig.database.db, secretKey: rig.secretKey }).session(max.id).refresh();
    await createAccounts({ client: rig.client, db: rig.database.db, secretKey: rig.secretKey }).link(max.telegramUserId, rig.sim.issueRefreshToken(max.sim.userId));
    const newLogin = accounts.getById(max.id);

    await expect(old.refresh()).rejects.toMatchObject({ code: 'InvalidParameter.RefreshToken' });
    expect(accounts.getById(max.id)).toMatchObject({ needsRelogin: false, refreshToken: newLogin?.refreshToken, deviceId: newLogin?.deviceId });
  });
});
