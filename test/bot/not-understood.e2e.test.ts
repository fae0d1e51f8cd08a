/**
 * Aliyun answers in a shape this version does not understand (a changed service): the user is
 * told so in words, the operators (ADMIN_USER_IDS) get one message per endpoint a day, and the
 * log names the endpoint and the answer's shape — never its values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, queueKinds, startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

const kinds = await queueKinds();
const ADMIN_ID = 4_900_001;
const NOT_UNDERSTOOD = 'Aliyun answered in a way this version does not understand; the operator has been told.';
/** An answer of the batch endpoint in a shape no version knows; the value is a canary for the log. */
const BROKEN_BATCH = { responses: 'SECRET-VALUE-not-a-list', next: null };

describe.each(kinds)('an Aliyun answer not understood (%s queue)', (queue) => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue, env: { ADMIN_USER_IDS: String(ADMIN_ID) }, app: { savePoll: { firstMs: 20, maxMs: 100 } } });
    // The operator has talked to the bot, so it may write to them.
    e2e.tg.sendMessage({ from: { id: ADMIN_ID, first_name: 'Op', language_code: 'en' }, text: '/start' });
    await e2e.tg.waitForBotMessage(ADMIN_ID, () => true, { timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const adminAlerts = (endpoint: string) => e2e.tg.botMessages(ADMIN_ID).filter((m) => m.plainText.includes(endpoint));

  async function saveAndWait(u: TestUser, text: string): Promise<string> {
    const sent = e2e.tg.sendMessage({ from: u.user, text });
    const status = await e2e.tg.waitFor(
      () => e2e.tg.botMessages(u.chatId).find((m) => m.replyToMessageId === sent.message_id && /^(✅|⚠️|❌|🔑|ℹ️)/u.test(m.plainText)),
      { timeoutMs: 20_000, description: `the outcome of message ${sent.message_id}` },
    );
    return status.plainText;
  }

  it('a save whose batch answer is not understood: the user gets words, the operator one message a day', async () => {
    const { sim } = e2e;
    const u = await e2e.loggedInUser();
    sim.failNext('/adrive/v4/batch', { answer: BROKEN_BATCH });
    expect(await saveAndWait(u, sim.catalogue.singleFile.text)).toBe(`❌ 「${sim.catalogue.singleFile.name}」 was not saved: ${NOT_UNDERSTOOD}`);

    await eventually(() => adminAlerts('adrive/v4/batch').length === 1, 5_000, 'the operator alert');
    const alert = adminAlerts('adrive/v4/batch')[0]?.plainText ?? '';
    // The shape, not the values.
    expect(alert).toContain('"responses": "string"');
    expect(alert).not.toContain('SECRET-VALUE');
    const logged = e2e.logLines.filter((line) => line.includes('aliyun answer not understood'));
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('\n')).toContain('adrive/v4/batch');
    expect(logged.join('\n')).not.toContain('SECRET-VALUE');

    // The same failure again the same day (another user): words again, no second operator message.
    const other = await e2e.loggedInUser();
    sim.failNext('/adrive/v4/batch', { answer: BROKEN_BATCH });
    expect(await saveAndWait(other, sim.catalogue.folder.text)).toBe(`❌ 「${sim.catalogue.folder.name}」 was not saved: ${NOT_UNDERSTOOD}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(adminAlerts('adrive/v4/batch')).toHaveLength(1);
  });

  it('a batch answer without the items\' results: the user gets words, the operator hears of it', async () => {
    const { sim } = e2e;
    const u = await e2e.loggedInUser();
    sim.failNext('/adrive/v4/batch', { answer: { responses: [] } });
    expect(await saveAndWait(u, sim.catalogue.singleFile.text)).toBe(`❌ 「${sim.catalogue.singleFile.name}」 was not saved: ${NOT_UNDERSTOOD}`);
    await eventually(() => adminAlerts('adrive/v4/batch /file/copy').length === 1, 5_000, 'the operator alert for the batch items');
  });

  it('/folder whose answer is not understood: words for the user, and the operator hears of this endpoint too', async () => {
    const { sim, tg } = e2e;
    const u = await e2e.loggedInUser();
    sim.failNext('/v2/file/get_by_path', { answer: ['SECRET-VALUE'] }, 5);
    tg.sendMessage({ from: u.user, text: '/folder /Changed/Service' });
    const reply = await tg.waitForBotMessage(u.chatId, (m) => m.plainText.startsWith('❌'), { timeoutMs: 10_000 });
    expect(reply.plainText).toBe(`❌ ${NOT_UNDERSTOOD}`);
    await eventually(() => adminAlerts('v2/file/get_by_path').length === 1, 5_000, 'the operator alert for get_by_path');
  });

  it('/myshares whose list answer is not understood: words for the user', async () => {
    const { sim, tg } = e2e;
    const u = await e2e.loggedInUser();
    sim.failNext('/adrive/v3/share_link/list', { answer: { items: 'SECRET-VALUE' } }, 5);
    tg.sendMessage({ from: u.user, text: '/myshares' });
    const reply = await tg.waitForBotMessage(u.chatId, (m) => m.plainText.startsWith('❌'), { timeoutMs: 10_000 });
    expect(reply.plainText).toBe(`❌ ${NOT_UNDERSTOOD}`);
    await eventually(() => adminAlerts('share_link/list').length === 1, 5_000, 'the operator alert for the share list');
  });
});
