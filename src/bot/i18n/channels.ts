/** What the channel features say (/bindchannel, and notices sent privately to the binding admin). */
import type { SameShape } from './index.js';

type P<T> = (params: T) => string;

export const zh = {
  'channel.usage': '用法：<code>/bindchannel @频道用户名</code> 或 <code>/bindchannel -100频道ID</code>。先把我设为频道管理员。',
  'channel.unbindUsage': '用法：<code>/unbindchannel @频道用户名</code> 或 <code>/unbindchannel -100频道ID</code>。',
  'channel.privateOnly': '请在与我的私聊中发送这个命令。',
  'channel.notFound': ((p) => `找不到频道 <code>${p.ref}</code>。请检查用户名，并确认我已是该频道的管理员。`) as P<{ ref: string }>,
  'channel.notChannel': ((p) => `<code>${p.ref}</code> 不是频道。群组请在群里发送 /bind。`) as P<{ ref: string }>,
  'channel.userNotAdmin': ((p) => `⛔ 你不是频道「${p.title}」的管理员。`) as P<{ title: string }>,
  'channel.botNotAdmin': ((p) => `⚠️ 请先把我（@${p.bot}）设为频道「${p.title}」的管理员，然后再试。`) as P<{
    title: string;
    bot: string;
  }>,
  'channel.needLogin': '🔐 请先用 /login 登录阿里云盘，然后再发送 /bindchannel。',
  'channel.takenBy': ((p) => `频道「${p.title}」已由另一位管理员绑定。需要对方或频道创建者先发送 /unbindchannel。`) as P<{ title: string }>,
  'channel.bound': ((p) =>
    `✅ 频道「${p.title}」里带分享的帖子会自动保存到 <b>${p.nickname}</b> 的阿里云盘，文件夹 <code>${p.path}</code>。成功时我会点 👍，失败会私聊告诉你。`) as P<{
    title: string;
    nickname: string;
    path: string;
  }>,
  'channel.unbound': ((p) => `✅ 已解除频道「${p.title}」的绑定。`) as P<{ title: string }>,
  'channel.notBound': ((p) => `频道「${p.title}」没有绑定。`) as P<{ title: string }>,
  'channel.failure': ((p) => `📢 频道「${p.title}」的帖子没能保存：\n${p.line}`) as P<{ title: string; line: string }>,
  'channel.limit': ((p) =>
    `⏸ 频道「${p.title}」最近一小时已保存 ${p.limit} 个分享，达到上限；大约 ${p.time} 后恢复。`) as P<{
    title: string;
    limit: number;
    time: string;
  }>,
  'channel.paused': ((p) =>
    `⏸ 频道「${p.title}」的保存已暂停：你的阿里云盘登录已失效或已退出。发送 /login 后再发送 /bindchannel 即可恢复。`) as P<{ title: string }>,
};

export const en: SameShape<typeof zh> = {
  'channel.usage':
    'Usage: <code>/bindchannel @channel</code> or <code>/bindchannel -100…</code> (the channel id). Make me an admin of the channel first.',
  'channel.unbindUsage': 'Usage: <code>/unbindchannel @channel</code> or <code>/unbindchannel -100…</code>.',
  'channel.privateOnly': 'Please send this command to me in a private chat.',
  'channel.notFound': ((p) =>
    `I can't find the channel <code>${p.ref}</code>. Check the name, and make sure I am an admin there.`) as P<{ ref: string }>,
  'channel.notChannel': ((p) => `<code>${p.ref}</code> is not a channel. For a group, send /bind in the group.`) as P<{ ref: string }>,
  'channel.userNotAdmin': ((p) => `⛔ You are not an admin of the channel “${p.title}”.`) as P<{ title: string }>,
  'channel.botNotAdmin': ((p) => `⚠️ Make me (@${p.bot}) an admin of the channel “${p.title}” first, then try again.`) as P<{
    title: string;
    bot: string;
  }>,
  'channel.needLogin': '🔐 Log in to Aliyun Drive with /login first, then send /bindchannel again.',
  'channel.takenBy': ((p) =>
    `The channel “${p.title}” is bound by another admin. They or the channel's owner must /unbindchannel first.`) as P<{ title: string }>,
  'channel.bound': ((p) =>
    `✅ Posts with shares in the channel “${p.title}” are saved into <b>${p.nickname}</b>'s Aliyun Drive, folder <code>${p.path}</code>. I react 👍 when a save works and tell you here when one fails.`) as P<{
    title: string;
    nickname: string;
    path: string;
  }>,
  'channel.unbound': ((p) => `✅ The channel “${p.title}” is no longer bound.`) as P<{ title: string }>,
  'channel.notBound': ((p) => `The channel “${p.title}” is not bound.`) as P<{ title: string }>,
  'channel.failure': ((p) => `📢 A post in the channel “${p.title}” was not saved:\n${p.line}`) as P<{ title: string; line: string }>,
  'channel.limit': ((p) =>
    `⏸ The channel “${p.title}” saved ${p.limit} shares in the last hour, its limit. Saving resumes around ${p.time}.`) as P<{
    title: string;
    limit: number;
    time: string;
  }>,
  'channel.paused': ((p) =>
    `⏸ Saving from the channel “${p.title}” is paused: your Aliyun Drive login expired or you logged out. Send /login, then /bindchannel again.`) as P<{
    title: string;
  }>,
};
