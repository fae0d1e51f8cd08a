/**
 * `npm run demo`: the whole bot against the Aliyun Drive simulator and the Telegram fake —
 * no account, no token — playing one private chat, then printing it as the user saw it.
 *
 * Script: /start (the welcome) → QR login from its button → a share with a password (first
 * without it, then the code) → a folder share (with its progress) → a big share stopped with ✖
 * and saved with 🔁 → a dead link → /history; then a group: the greeting when the bot is added,
 * /bind, and autosave switched on from the confirmation's button (which becomes the settings panel).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startAliyunSimulator } from '../src/sim/aliyun/index.js';
import { startTelegramFake, type MessageView } from '../src/sim/telegram/index.js';
import { simulatorEnv } from '../src/sim/env.js';

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

const sim = await startAliyunSimulator({ port: 0, asyncTaskPolls: 6 });
const tg = await startTelegramFake({ port: 0 });
const dataDir = mkdtempSync(join(tmpdir(), 'asb-demo-'));
const config = loadConfig({
  ...simulatorEnv(sim, tg),
  DATA_DIR: dataDir,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  ALIYUN_CALLS_PER_SECOND: '50',
  // No REDIS_URL: the embedded queue in the demo's own SQLite file.
});
const app = createApp(config, {
  logger: createLogger(config.LOG_LEVEL, process.stderr),
  qrPollIntervalMs: 400,
  statusEditIntervalMs: 0,
  progressIntervalMs: 0,
  savePoll: { firstMs: 250, maxMs: 400 },
});

const alice = sim.addAccount({ nickName: 'Alice 爱丽丝' });
const user = { id: 424242, first_name: 'Alice', language_code: 'zh-hans' };
const chatId = user.id;
const { catalogue } = sim;

/** Waits for a bot message replying to `messageId` whose text passes `done`. */
function replyTo(messageId: number, done: (m: MessageView) => boolean, what: string): Promise<MessageView> {
  return tg.waitFor(() => tg.botMessages(chatId).find((m) => m.replyToMessageId === messageId && done(m)), {
    timeoutMs: 30_000,
    description: what,
  });
}
const isFinal = (m: MessageView) => /^(✅|⚠️|❌|🔑|ℹ️|✖|🔐)/u.test(m.plainText);

let exitCode = 0;
try {
  await app.start();

  tg.sendMessage({ from: user, text: '/start' });
  const welcome = await tg.waitForBotMessage(chatId, '三步');

  // QR login from the welcome's button: the simulator walks the code through NEW → SCANED → CONFIRMED for Alice.
  sim.qr.script(['NEW', 'SCANED', 'SCANED', 'CONFIRMED'], alice.userId);
  tg.clickButton(chatId, welcome.messageId, { text: '📱 扫码登录' });
  await tg.waitForBotMessage(chatId, '已登录阿里云盘', { timeoutMs: 30_000 });

  // A share with a password, sent without it; then just the code.
  const withoutPassword = tg.sendMessage({ from: user, text: `朋友发的资料 ${catalogue.password.url}` });
  await replyTo(withoutPassword.message_id, isFinal, 'the password question');
  const code = tg.sendMessage({ from: user, text: catalogue.password.password });
  await replyTo(code.message_id, isFinal, 'the password share to be saved');

  // A folder share, copied as an async task: the status message shows the progress.
  const folder = tg.sendMessage({ from: user, text: catalogue.folder.text });
  const folderStatus = await replyTo(folder.message_id, isFinal, 'the folder share to be saved');

  // A big share on a slow Aliyun: stopped with ✖ while it copies, then saved with 🔁.
  // Slow enough that the 📥 progress edit gets its turn at Telegram's pace (about one message a second in a chat).
  sim.setKnobs({ latencyMs: 700 });
  const big = tg.sendMessage({ from: user, text: catalogue.many.text });
  const copying = await replyTo(big.message_id, (m) => m.plainText.startsWith('📥'), 'the big share copying');
  tg.clickButton(chatId, copying.messageId, { text: '✖ 停止' });
  const stopped = await replyTo(big.message_id, (m) => m.plainText.startsWith('✖'), 'the big share stopped');
  sim.setKnobs({ latencyMs: 0 });
  tg.clickButton(chatId, stopped.messageId, { text: '🔁 重试' });
  const bigStatus = await replyTo(big.message_id, (m) => m.plainText.startsWith('✅'), 'the big share saved by the retry');

  // A dead link.
  const dead = tg.sendMessage({ from: user, text: catalogue.expired.text });
  await replyTo(dead.message_id, isFinal, 'the dead link');

  tg.sendMessage({ from: user, text: '/history' });
  await tg.waitForBotMessage(chatId, '最近的保存');

  // A group: the bot is added and greets; Alice binds it and turns autosave on with the button.
  const group = tg.addChat({ type: 'supergroup', title: '电影分享群', creator: user, botStatus: 'left' });
  tg.setMember(group.id, tg.botUser, 'administrator', { notify: true, by: user });
  await tg.waitForBotMessage(group.id, '大家好');
  tg.sendMessage({ from: user, chat: group.id, text: '/bind' });
  const bound = await tg.waitForBotMessage(group.id, '本群的分享将保存到');
  tg.clickButton(group.id, bound.messageId, { text: '✅ 开启自动保存' }, user);
  await tg.waitFor(() => tg.message(group.id, bound.messageId)?.plainText.startsWith('📊'), { timeoutMs: 10_000 });

  out('══════════ npm run demo — a private chat with the bot ══════════');
  out();
  for (const line of tg.transcript(chatId)) out(line);
  out();
  out('── what the folder share’s status message showed, edit by edit ──');
  for (const version of [...folderStatus.versions, folderStatus.plainText]) out(`  ${version.split('\n')[0]}`);
  out();
  out('── the big share’s status message: ✖ stop, then 🔁 retry ──');
  for (const version of [...bigStatus.versions, bigStatus.plainText]) out(`  ${version.split('\n')[0]}`);
  out();
  out('══════════ a group: the greeting, /bind, and its confirmation turned into the settings panel ══════════');
  for (const line of tg.transcript(group.id)) out(line);
  out('── /bind’s answer, before its button was pressed ──');
  for (const line of bound.plainText.split('\n')) out(`  ${line}`);
  out(`  ${bound.buttons.flat().map((b) => `[${b.text}]`).join(' ')}`);
  out();
  out('── Alice’s drive afterwards (folder → files) ──');
  for (const [path, files] of Object.entries(sim.tree(alice.userId))) out(`  ${path}  ${files}`);
} catch (error) {
  exitCode = 1;
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  await app.stop();
  await tg.close();
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
