/**
 * Through the bot, as the real service answers: a dead refresh token (the auth host's
 * `InvalidParameter.RefreshToken`, `requestId: null`) asks the user to /login and flags the
 * account; a device Aliyun keeps refusing (`UserDeviceIllegality`, after a new device session
 * too) is explained in words, not "something went wrong".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountsRepo } from '../../src/db/accounts.repo.js';
import { queueKinds, startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

const kinds = await queueKinds();

describe.each(kinds)('logins Aliyun stops accepting (%s queue)', (queue) => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue, app: { savePoll: { firstMs: 20, maxMs: 100 } } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  async function saveAndWait(u: TestUser, text: string): Promise<string> {
    const sent = e2e.tg.sendMessage({ from: u.user, text });
    const status = await e2e.tg.waitFor(
      () => e2e.tg.botMessages(u.chatId).find((m) => m.replyToMessageId === sent.message_id && /^(✅|⚠️|❌|🔑|🔐|ℹ️)/u.test(m.plainText)),
      { timeoutMs: 20_000, description: `the outcome of message ${sent.message_id}` },
    );
    return status.plainText;
  }

  it('a dead refresh token: the save asks for /login, the account is flagged, and nothing is copied', async () => {
    const { sim, app } = e2e;
    const u = await e2e.loggedInUser();
    const account = app.deps.accounts.getByTelegramUser(u.user.id);
    expect(account?.needsRelogin).toBe(false);
    // Aliyun no longer knows the stored token (the user signed out of all devices), and the
    // access token has expired: the next call must refresh, and the auth host says no.
    createAccountsRepo(app.core.database.db, app.core.secretKey).updateRefreshToken(account?.id ?? 0, 'dead0000000000000000000000000000');
    sim.advanceTime(3 * 60 * 60_000);
    const answer = await fetch(`${sim.url}/v2/account/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'dead0000000000000000000000000000' }),
    });
    // What the bot is about to meet is the real dead-token answer.
    expect(await answer.json()).toMatchObject({ code: 'InvalidParameter.RefreshToken', requestId: null });

    sim.resetStats();
    const status = await saveAndWait(u, sim.catalogue.singleFile.text);
    // The onboarding pass: the bot keeps the link and saves it right after the next login.
    expect(status).toBe(
      `🔐 Your Aliyun Drive login has expired, so 「${sim.catalogue.singleFile.name}」 is not saved yet. Tap the button (or send /login) to log in again; I save it right after.`,
    );
    expect(app.deps.accounts.getByTelegramUser(u.user.id)?.needsRelogin).toBe(true);
    expect(sim.stats().byPath['/adrive/v4/batch'] ?? 0).toBe(0);
    expect(sim.findByName(u.account.userId, sim.catalogue.singleFile.name)).toHaveLength(0);
  });

  it('a device Aliyun refuses again after a new device session: the user is told what to do', async () => {
    const { sim, app } = e2e;
    const u = await e2e.loggedInUser();
    sim.resetStats();
    // Refused, a new device session, refused again.
    sim.failNext('/adrive/v4/batch', { status: 400, code: 'UserDeviceIllegality', message: 'illegal device' }, 2);
    const status = await saveAndWait(u, sim.catalogue.singleFile.text);
    expect(status).toBe(
      `❌ 「${sim.catalogue.singleFile.name}」 was not saved: Aliyun Drive refuses this bot's device for your account (too many devices signed in, or this one is blocked). Remove devices you no longer use in the Aliyun Drive app, or send /login again, then send the link again.`,
    );
    expect(sim.stats().byPath['/users/v1/users/device/create_session']).toBe(1);
    // Not a dead login: the account is not flagged, and the next save works.
    expect(app.deps.accounts.getByTelegramUser(u.user.id)?.needsRelogin).toBe(false);
    expect(await saveAndWait(u, sim.catalogue.folder.text)).toMatch(/^✅/u);
  });

  it('a device refused once only: a new device session, and the save goes through', async () => {
    const { sim } = e2e;
    const u = await e2e.loggedInUser();
    sim.failNext('/adrive/v4/batch', { status: 400, code: 'UserDeviceIllegality', message: 'illegal device' }, 1);
    expect(await saveAndWait(u, sim.catalogue.singleFile.text)).toMatch(/^✅/u);
    expect(sim.findByName(u.account.userId, sim.catalogue.singleFile.name)).toHaveLength(1);
  });
});
