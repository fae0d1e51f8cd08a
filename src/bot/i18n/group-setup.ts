/**
 * Setting up groups and channels without typing: the greeting when the bot joins a group, the
 * settings panel, a password answered in a group, the channel picker, and /history's "open"
 * button. zh is the source of truth for keys.
 */
import type { SameShape } from './index.js';

type P<T> = (params: T) => string;

export const zh = {
  'greet.text': ((p) =>
    [
      '👋 大家好！我会把群里发的<b>阿里云盘分享</b>存进网盘。',
      '',
      '1️⃣ 管理员点下面的按钮，在私聊里登录阿里云盘',
      '2️⃣ 回到群里发送 /bind，以后的分享就存进这位管理员的网盘',
      '3️⃣ 发送 /status 打开设置：自动保存、安静模式等',
      ...(p.needsAdmin ? ['', '⚠️ 想让我自动保存每条分享，需要把我设为管理员（我现在只看得到命令和回复我的消息）。'] : []),
    ].join('\n')) as P<{ needsAdmin: number }>,
  'greet.loginButton': '🔐 私聊登录阿里云盘',
  'welcome.bindHint': '👥 登录后回到群里发送 /bind，群里的分享就会存进你的网盘。',

  'bind.autosaveButton': '✅ 开启自动保存',
  'bind.settingsButton': '⚙️ 本群设置',

  'panel.hint': '管理员点下面的按钮即可切换。',
  'panel.button': ((p) => `${p.on ? '✅' : '⬜'} ${p.name}：${p.state}`) as P<{ on: number; name: string; state: string }>,
  'panel.changed': ((p) => `${p.name}：${p.state}`) as P<{ name: string; state: string }>,
  'panel.adminsOnly': '⛔ 只有管理员可以修改这些设置。',
  'panel.folderButton': '📁 换文件夹',
  'panel.folderAsk': ((p) => `📁 ${p.name}，回复这条消息，写上新的文件夹路径，例如 <code>/电影/2024</code>。`) as P<{ name: string }>,
  'panel.binderOnly': '⛔ 这一项只有绑定本群的管理员或群主可以修改。',

  'line.password': ((p) => `🔑 ${p.subject}：${p.reason}`) as P<{ subject: string; reason: string }>,
  'group.password.ask': '↩️ 发链接的人或管理员回复这条消息、写上提取码，我就再试一次。',
  'group.password.retry': '↩️ 提取码不对？回复这条消息写上正确的提取码，我再试一次。',
  'group.password.notYours': '⛔ 只有发链接的人或管理员可以回复提取码。',
  'group.password.unclear': '🔑 没认出提取码。请回复那条消息，只写 4 位提取码，例如 <code>ab12</code>。',

  'channelPick.prompt': [
    '📢 绑定哪个频道？点下面的「📢 选择频道」，或者把频道里任意一条帖子转发给我。',
    '先把我设为频道管理员。公开频道也可以直接发送 <code>/bindchannel @频道用户名</code>。',
  ].join('\n'),
  'channelPick.button': '📢 选择频道',
  'channelPick.offer': ((p) => `📢 这条帖子来自频道「${p.title}」。要绑定这个频道吗？绑定后，频道里发的分享会自动存进你的网盘。`) as P<{
    title: string;
  }>,
  'channelPick.bindButton': ((p) => `📢 绑定「${p.title}」`) as P<{ title: string }>,
  'channelPick.notMember': ((p) => `⚠️ 我不在频道「${p.title}」里：请先把我设为频道管理员，然后再转发一次。`) as P<{ title: string }>,
  'channelPick.gone': '这个按钮已过期，请重新发送 /bindchannel。',

  'history.openButton': ((p) => `📂 打开「${p.name}」`) as P<{ name: string }>,
};

export const en: SameShape<typeof zh> = {
  'greet.text': ((p) =>
    [
      '👋 Hello! I save the <b>Aliyun Drive shares</b> posted here into a drive.',
      '',
      '1️⃣ An admin taps the button below and logs in to Aliyun Drive in a private chat with me',
      '2️⃣ Back here, that admin sends /bind: shares are then saved into their drive',
      '3️⃣ /status opens the settings: autosave, quiet mode and more',
      ...(p.needsAdmin
        ? ['', '⚠️ To save every share posted here, make me an admin (for now I only see commands and replies to me).']
        : []),
    ].join('\n')) as P<{ needsAdmin: number }>,
  'greet.loginButton': '🔐 Log in privately',
  'welcome.bindHint': '👥 Once logged in, go back to the group and send /bind: its shares are then saved into your drive.',

  'bind.autosaveButton': '✅ Turn autosave on',
  'bind.settingsButton': '⚙️ Group settings',

  'panel.hint': 'Admins switch these with the buttons below.',
  'panel.button': ((p) => `${p.on ? '✅' : '⬜'} ${p.name}: ${p.state}`) as P<{ on: number; name: string; state: string }>,
  'panel.changed': ((p) => `${p.name}: ${p.state}`) as P<{ name: string; state: string }>,
  'panel.adminsOnly': '⛔ Only admins can change these settings.',
  'panel.folderButton': '📁 Change folder',
  'panel.folderAsk': ((p) => `📁 ${p.name}, reply to this message with the new folder path, e.g. <code>/Movies/2024</code>.`) as P<{ name: string }>,
  'panel.binderOnly': '⛔ Only the admin who bound this group, or its owner, can change this one.',

  'line.password': ((p) => `🔑 ${p.subject}: ${p.reason}`) as P<{ subject: string; reason: string }>,
  'group.password.ask': '↩️ Whoever posted the link, or an admin: reply to this message with the code and I will try again.',
  'group.password.retry': '↩️ Wrong code? Reply to this message with the right one and I will try again.',
  'group.password.notYours': '⛔ Only whoever posted the link, or an admin, can answer with the code.',
  'group.password.unclear': "🔑 I couldn't find a code there. Reply to that message with just the 4-character code, e.g. <code>ab12</code>.",

  'channelPick.prompt': [
    '📢 Which channel? Tap “📢 Choose a channel” below, or forward me any post from the channel.',
    'Make me an admin of the channel first. For a public channel you can also send <code>/bindchannel @channel</code>.',
  ].join('\n'),
  'channelPick.button': '📢 Choose a channel',
  'channelPick.offer': ((p) =>
    `📢 This post is from the channel “${p.title}”. Bind the channel? Shares posted there are then saved into your drive.`) as P<{
    title: string;
  }>,
  'channelPick.bindButton': ((p) => `📢 Bind “${p.title}”`) as P<{ title: string }>,
  'channelPick.notMember': ((p) => `⚠️ I am not in the channel “${p.title}”: make me an admin there first, then forward the post again.`) as P<{
    title: string;
  }>,
  'channelPick.gone': 'This button has expired; send /bindchannel again.',

  'history.openButton': ((p) => `📂 Open “${p.name}”`) as P<{ name: string }>,
};
