/**
 * Who may use the bot, what operators see, help and the command menu, languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startE2E, type E2E } from '../helpers/e2e.js';

const ALLOWED = 6_100_001;
const ADMIN = 6_100_002;
const STRANGER = 6_100_003;

describe('access, /stats, /help and languages', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({
      queue: 'embedded',
      env: { ALLOWED_USER_IDS: String(ALLOWED), ADMIN_USER_IDS: String(ADMIN) },
    });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('someone not in ALLOWED_USER_IDS is refused politely, once', async () => {
    const { tg, sim } = e2e;
    const stranger = { id: STRANGER, first_name: 'Stranger', language_code: 'en' };
    tg.sendMessage({ from: stranger, text: '/start' });
    await tg.waitForBotMessage(STRANGER, 'only open to selected users');
    tg.sendMessage({ from: stranger, text: sim.catalogue.singleFile.text });
    tg.sendMessage({ from: stranger, text: '/login abc' });
    // The access filter logs every refused update: wait until all three were handled.
    const refusals = () => e2e.logLines.filter((l) => l.includes('not allowed') && l.includes(`"user_id":${STRANGER}`)).length;
    await eventually(() => refusals() === 3, 5000, 'three refused updates');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(tg.botMessages(STRANGER)).toHaveLength(1);
    expect(e2e.app.deps.accounts.getByTelegramUser(STRANGER)).toBeUndefined();
  });

  it('/start explains the bot, the login and gives an example; the menu exists in both languages', async () => {
    const { tg } = e2e;
    tg.sendMessage({ from: { id: ALLOWED, first_name: 'Friend', language_code: 'zh-hans' }, text: '/start' });
    const help = await tg.waitForBotMessage(ALLOWED, '阿里云盘分享');
    expect(help.plainText).toContain('/login');
    expect(help.plainText).toContain('https://www.alipan.com/s/');
    expect(help.plainText).toContain('/来自分享');
    expect(tg.commands(undefined, '').map((c) => c.command)).toContain('login');
    expect(tg.commands(undefined, '').find((c) => c.command === 'folder')?.description).toContain('文件夹');
    expect(tg.commands(undefined, 'en').find((c) => c.command === 'folder')?.description).toContain('save folder');
  });

  it('/language switches the chat to the chosen language', async () => {
    const { tg } = e2e;
    const friend = { id: ALLOWED, first_name: 'Friend', language_code: 'en' };
    tg.sendMessage({ from: friend, text: '/language' });
    const choose = await tg.waitForBotMessage(ALLOWED, 'Choose a language');
    tg.clickButton(ALLOWED, choose.messageId, 'lang:zh');
    await tg.waitForBotMessage(ALLOWED, '已切换为中文');
    tg.sendMessage({ from: friend, text: 'hello' });
    await tg.waitForBotMessage(ALLOWED, '没有找到阿里云盘分享链接');
    tg.sendMessage({ from: friend, text: '/language en' });
    await tg.waitForBotMessage(ALLOWED, 'Switched to English');
  });

  it('/stats answers operators with users, accounts, queue and today’s failures; others get nothing special', async () => {
    const { tg, sim } = e2e;
    const admin = { id: ADMIN, first_name: 'Op', language_code: 'en' };
    const account = sim.addAccount({ nickName: 'Op 的云盘' });
    tg.sendMessage({ from: admin, text: `/login ${account.refreshToken}` });
    await tg.waitForBotMessage(ADMIN, 'Logged in');
    tg.sendMessage({ from: admin, text: `${sim.catalogue.singleFile.text}\n${sim.catalogue.notFound.url}` });
    await tg.waitFor(() => tg.botMessages(ADMIN).filter((m) => /^(✅|❌)/u.test(m.plainText)).length === 3);

    tg.sendMessage({ from: admin, text: '/stats' });
    const stats = await tg.waitForBotMessage(ADMIN, 'Status');
    expect(stats.plainText).toMatch(/Users: [1-9]/);
    expect(stats.plainText).toContain('Linked accounts: 1');
    expect(stats.plainText).toMatch(/Queue: \d+ waiting, \d+ active/);
    expect(stats.plainText).toContain('Today: 1 saved, 0 partial, 0 duplicate, 1 failed');
    expect(stats.plainText).toContain('share not found (not_found): 1');

    tg.sendMessage({ from: { id: ALLOWED, first_name: 'Friend', language_code: 'en' }, text: '/stats' });
    await tg.waitForBotMessage(ALLOWED, 'Unknown command');
  });
});
