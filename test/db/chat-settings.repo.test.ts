import { afterEach, describe, expect, it } from 'vitest';
import { createAccountsRepo } from '../../src/db/accounts.repo.js';
import { createChatSettingsRepo } from '../../src/db/chat-settings.repo.js';
import { loadSecretKey } from '../../src/secret-box.js';
import { tempDatabase } from './temp-db.js';

let db: ReturnType<typeof tempDatabase> | undefined;
afterEach(() => {
  db?.dispose();
  db = undefined;
});

describe('chat settings repository', () => {
  it('an unknown chat has no settings; recording it gives the defaults', () => {
    db = tempDatabase();
    const chats = createChatSettingsRepo(db.db);
    expect(chats.get(-1009)).toBeUndefined();
    expect(chats.upsert(-1009, { chatType: 'supergroup', title: 'Films' })).toMatchObject({
      chatId: -1009,
      chatType: 'supergroup',
      title: 'Films',
      saveFolder: null,
      language: null,
      boundAccountId: null,
      autosave: false,
      quiet: false,
      membersCanSave: false,
      hourlyLimit: null,
    });
  });

  it('upsert refreshes the title but keeps the settings', () => {
    db = tempDatabase();
    const chats = createChatSettingsRepo(db.db);
    chats.upsert(5, { chatType: 'private' });
    chats.patch(5, { language: 'en', autosave: true, hourlyLimit: 10 });
    expect(chats.upsert(5, { chatType: 'private', title: 'Renamed' })).toMatchObject({ title: 'Renamed', language: 'en', autosave: true, hourlyLimit: 10 });
  });

  it('changing the save folder forgets the cached folder id of the old path', () => {
    db = tempDatabase();
    const chats = createChatSettingsRepo(db.db);
    chats.upsert(5, { chatType: 'private' });
    chats.patch(5, { saveFolder: '/Saves', saveFolderId: 'fid-1', saveFolderDriveId: '11' });
    expect(chats.get(5)).toMatchObject({ saveFolder: '/Saves', saveFolderId: 'fid-1', saveFolderDriveId: '11' });
    expect(chats.patch(5, { quiet: true })).toMatchObject({ saveFolderId: 'fid-1', quiet: true });
    expect(chats.patch(5, { saveFolder: '/Movies' })).toMatchObject({ saveFolder: '/Movies', saveFolderId: null, saveFolderDriveId: null });
  });

  it('counts the private chats it has seen (the bot’s users), not groups or channels', () => {
    db = tempDatabase();
    const chats = createChatSettingsRepo(db.db);
    expect(chats.countPrivateChats()).toBe(0);
    chats.upsert(5, { chatType: 'private' });
    chats.upsert(6, { chatType: 'private' });
    chats.upsert(5, { chatType: 'private' });
    chats.upsert(-1001, { chatType: 'supergroup', title: 'Club' });
    chats.upsert(-1002, { chatType: 'channel', title: 'News' });
    expect(chats.countPrivateChats()).toBe(2);
  });

  it('patching a chat that was never recorded changes nothing', () => {
    db = tempDatabase();
    const chats = createChatSettingsRepo(db.db);
    expect(chats.patch(77, { quiet: true })).toBeUndefined();
    expect(chats.get(77)).toBeUndefined();
  });
});

describe('chat settings after the account behind them changed drives', () => {
  it('forgets the cached folder ids of the private chat and of the chats bound to the account, and only those', () => {
    db = tempDatabase();
    const key = loadSecretKey({ secretKey: 'b'.repeat(64), dataDir: '/nonexistent' }).key;
    const accounts = createAccountsRepo(db.db, key);
    const base = { nickName: 'n', userName: 'u', refreshToken: 'r', deviceId: 'd', loginId: null, devicePrivateKeyHex: 'aa', defaultDriveId: '1', resourceDriveId: null, backupDriveId: null };
    const mine = accounts.upsertOnLink({ ...base, telegramUserId: 501, aliyunUserId: 'old' });
    const other = accounts.upsertOnLink({ ...base, telegramUserId: 502, aliyunUserId: 'x' });
    const chats = createChatSettingsRepo(db.db);
    const cached = { saveFolder: '/Saves', saveFolderId: 'fid', saveFolderDriveId: 'drv' };
    for (const [chatId, type, bound] of [
      [501, 'private', null],
      [-1001, 'supergroup', mine.id],
      [-1002, 'channel', mine.id],
      [-1003, 'supergroup', other.id],
      [502, 'private', null],
    ] as const) {
      chats.upsert(chatId, { chatType: type });
      chats.patch(chatId, { ...cached, boundAccountId: bound });
    }

    chats.forgetSaveFoldersOf(501, mine.id);
    for (const chatId of [501, -1001, -1002]) {
      expect(chats.get(chatId)).toMatchObject({ saveFolder: '/Saves', saveFolderId: null, saveFolderDriveId: null });
    }
    for (const chatId of [-1003, 502]) expect(chats.get(chatId)).toMatchObject(cached);
    expect(chats.countBoundTo(mine.id)).toBe(2);
    expect(chats.countBoundTo(other.id)).toBe(1);
  });
});
