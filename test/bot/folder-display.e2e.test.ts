/**
 * A long save folder is kept whole (in the drive and in the settings) but shown by its end,
 * after a "…", wherever the bot names it: /folder in private and in a group, /status, /bind.
 * End to end: Telegram fake ↔ grammY ↔ app ↔ Aliyun simulator, embedded queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shortPath } from '../../src/bot/folder-path.js';
import { startE2E, type E2E } from '../helpers/e2e.js';

/** Four 40-character folders, then "Season 1": 173 characters, within what /folder accepts. */
const segments = [...Array.from({ length: 4 }, (_, i) => `${i}-${'Documentaries & Films '.repeat(2)}`.slice(0, 40).trim()), 'Season 1'];
const LONG_PATH = `/${segments.join('/')}`;

/** The path as a line of the bot's message shows it, after `prefix`. */
function shownPath(text: string, prefix: string): string {
  const line = text.split('\n').find((l) => l.includes(prefix));
  expect(line, `a line with "${prefix}" in: ${text}`).toBeDefined();
  return line!.slice(line!.indexOf(prefix) + prefix.length).trim();
}

/** The end of LONG_PATH after a "…", at most 60 characters. */
function expectShortened(shown: string): void {
  expect(shown).toMatch(/^…\/.*\/Season 1$/);
  expect([...shown].length).toBeLessThanOrEqual(60);
  expect(LONG_PATH.endsWith(shown.slice(1))).toBe(true);
}

describe('long folder paths on display', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue: 'embedded' });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('shortPath keeps short paths and shows the end of long ones', () => {
    expect(shortPath('/电影/2024')).toBe('/电影/2024');
    expectShortened(shortPath(LONG_PATH));
    expect(shortPath(`/${'长'.repeat(300)}`)).toBe(`…${'长'.repeat(59)}`);
  });

  it('private /folder: the drive gets the whole path, the confirmation and /folder show its end', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    tg.sendMessage({ from: u.user, text: `/folder ${LONG_PATH}` });
    const set = await tg.waitForBotMessage(u.chatId, 'From now on saving into');
    expectShortened(shownPath(set.plainText, 'saving into:'));
    expect(sim.files(u.account.userId).some((f) => f.path === LONG_PATH && f.type === 'folder')).toBe(true);
    expect(e2e.app.deps.chatSettings.get(u.chatId)?.saveFolder).toBe(LONG_PATH);

    tg.sendMessage({ from: u.user, text: '/folder' });
    const current = await tg.waitFor(() => tg.botMessages(u.chatId).find((m) => m.plainText.startsWith('📁 Saving into')), {
      description: 'the answer to /folder',
    });
    expectShortened(shownPath(current.plainText, 'Saving into:'));
  });

  it('group /folder and /status show the end of a long path', async () => {
    const { tg } = e2e;
    const admin = await e2e.loggedInUser({ first_name: 'Ada' });
    const group = tg.addChat({ type: 'supergroup', title: 'Long paths', admins: [admin.user], botStatus: 'administrator' });
    tg.sendMessage({ from: admin.user, chat: group.id, text: '/bind' });
    await tg.waitForBotMessage(group.id, 'are saved into');

    tg.sendMessage({ from: admin.user, chat: group.id, text: `/folder ${LONG_PATH}` });
    const set = await tg.waitForBotMessage(group.id, 'this group saves into');
    expectShortened(shownPath(set.plainText, 'saves into:'));
    expect(e2e.app.deps.chatSettings.get(group.id)?.saveFolder).toBe(LONG_PATH);

    tg.sendMessage({ from: admin.user, chat: group.id, text: '/status' });
    const status = await tg.waitForBotMessage(group.id, "This group's saving");
    expectShortened(shownPath(status.plainText, 'Folder:'));
  });
});
