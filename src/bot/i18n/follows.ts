/** 追更: /follow, /follows, the 🔔 button and the notices of checks. */
import type { SameShape } from './index.js';

type P<T> = (params: T) => string;

export const zh = {
  'cmd.follow': '追更：分享有新内容时自动保存',
  'cmd.follows': '我的追更',
  'follow.button': '🔔 追更',
  'follow.usage': '用法：<code>/follow 分享链接</code>（也可以粘贴整段分享文字）。分享有新内容时，我会自动保存到第一次保存的文件夹里。',
  'follow.folderLink': '请追更整个分享的链接（不要用子文件夹链接）。',
  'follow.needLogin': '请先用 /login 登录阿里云盘。',
  'follow.started': ((p) => `🔔 已追更「${p.name}」：新内容会保存到 <code>${p.path}</code>。用 /follows 管理。`) as P<{ name: string; path: string }>,
  'follow.startedAfterSave': ((p) => `🔔 先保存这个分享，保存完成后开始追更「${p.name}」。用 /follows 管理。`) as P<{ name: string }>,
  'follow.already': ((p) => `🔔 你已经在追更「${p.name}」了。用 /follows 管理。`) as P<{ name: string }>,
  'follow.failed': '❌ 没能开始追更，请稍后再试。',
  'follow.found': ((p) => `🆕 「${p.name}」: ${p.names} → <code>${p.path}</code>`) as P<{ name: string; names: string; path: string }>,
  'follow.notRenamed': ((p) => `⚠️ ${p.name} 保留原名（${p.wanted} 已存在）`) as P<{ name: string; wanted: string }>,
  'follow.stopped.cancelled': ((p) => `🔕 「${p.name}」的分享已被取消，追更已暂停。`) as P<{ name: string }>,
  'follow.stopped.expired': ((p) => `🔕 「${p.name}」的分享已过期，追更已暂停。`) as P<{ name: string }>,
  'follow.stopped.forbidden': ((p) => `🔕 「${p.name}」的分享因违规被屏蔽，追更已暂停。`) as P<{ name: string }>,
  'follow.stopped.not_found': ((p) => `🔕 「${p.name}」的分享不存在了，追更已暂停。`) as P<{ name: string }>,
  'follow.stopped.wrong_password': ((p) => `🔕 「${p.name}」的提取码不对了，追更已暂停。`) as P<{ name: string }>,
  'follow.stopped.relogin': ((p) => `🔕 阿里云盘登录已失效，「${p.name}」的追更已暂停。请 /login 后在 /follows 里恢复。`) as P<{ name: string }>,
  'follow.stopped.save_failed': ((p) => `🔕 「${p.name}」第一次保存没有成功，没有开始追更。`) as P<{ name: string }>,
  'follows.empty': '你还没有追更任何分享。发送 <code>/follow 分享链接</code> 开始追更。',
  'follows.title': ((p) => `🔔 我的追更（${p.total}）`) as P<{ total: number }>,
  'follows.line': ((p) => `<b>${p.n}. 「${p.name}」</b> ${p.state}\n   上次检查：${p.checked}　最近更新：${p.latest}`) as P<{
    n: number;
    name: string;
    state: string;
    checked: string;
    latest: string;
  }>,
  'follows.never': '无',
  'follows.state.active': '✅ 追更中',
  'follows.state.waiting': '⏳ 等待首次保存',
  'follows.state.paused': '⏸ 已暂停',
  'follows.btn.check': '🔄 检查',
  'follows.btn.pause': '⏸ 暂停',
  'follows.btn.resume': '▶️ 恢复',
  'follows.btn.delete': '🗑 删除',
  'follows.btn.prev': '⬅️ 上一页',
  'follows.btn.next': '下一页 ➡️',
  'follows.checking': '正在检查…',
  'follows.paused': '已暂停',
  'follows.resumed': '已恢复',
  'follows.deleted': '已删除',
  'follows.gone': '这个追更已经不存在了。',
};

export const en: SameShape<typeof zh> = {
  'cmd.follow': 'Follow a share: save what is added to it',
  'cmd.follows': 'Your followed shares',
  'follow.button': '🔔 Follow',
  'follow.usage': 'Usage: <code>/follow share link</code> (or paste the whole share text). When the share gets new items I save them into the folder the first save created.',
  'follow.folderLink': 'Please follow the link of the whole share, not of a sub-folder.',
  'follow.needLogin': 'Please log in to Aliyun Drive with /login first.',
  'follow.started': ((p) => `🔔 Following 「${p.name}」: new items go to <code>${p.path}</code>. Manage with /follows.`) as P<{ name: string; path: string }>,
  'follow.startedAfterSave': ((p) => `🔔 Saving the share first; 「${p.name}」 is followed once it is saved. Manage with /follows.`) as P<{ name: string }>,
  'follow.already': ((p) => `🔔 You follow 「${p.name}」 already. Manage with /follows.`) as P<{ name: string }>,
  'follow.failed': '❌ Could not start following, please try again later.',
  'follow.found': ((p) => `🆕 「${p.name}」: ${p.names} → <code>${p.path}</code>`) as P<{ name: string; names: string; path: string }>,
  'follow.notRenamed': ((p) => `⚠️ ${p.name} kept its name (${p.wanted} exists already)`) as P<{ name: string; wanted: string }>,
  'follow.stopped.cancelled': ((p) => `🔕 The share 「${p.name}」 was cancelled; following is paused.`) as P<{ name: string }>,
  'follow.stopped.expired': ((p) => `🔕 The share 「${p.name}」 expired; following is paused.`) as P<{ name: string }>,
  'follow.stopped.forbidden': ((p) => `🔕 The share 「${p.name}」 was blocked by Aliyun; following is paused.`) as P<{ name: string }>,
  'follow.stopped.not_found': ((p) => `🔕 The share 「${p.name}」 no longer exists; following is paused.`) as P<{ name: string }>,
  'follow.stopped.wrong_password': ((p) => `🔕 The password of 「${p.name}」 no longer works; following is paused.`) as P<{ name: string }>,
  'follow.stopped.relogin': ((p) => `🔕 Your Aliyun Drive login expired; following 「${p.name}」 is paused. /login, then resume it in /follows.`) as P<{ name: string }>,
  'follow.stopped.save_failed': ((p) => `🔕 The first save of 「${p.name}」 failed, so it is not followed.`) as P<{ name: string }>,
  'follows.empty': 'You follow no shares yet. Send <code>/follow share link</code> to start.',
  'follows.title': ((p) => `🔔 Followed shares (${p.total})`) as P<{ total: number }>,
  'follows.line': ((p) => `<b>${p.n}. 「${p.name}」</b> ${p.state}\n   Last check: ${p.checked}　Last new: ${p.latest}`) as P<{
    n: number;
    name: string;
    state: string;
    checked: string;
    latest: string;
  }>,
  'follows.never': 'never',
  'follows.state.active': '✅ following',
  'follows.state.waiting': '⏳ waiting for the first save',
  'follows.state.paused': '⏸ paused',
  'follows.btn.check': '🔄 Check',
  'follows.btn.pause': '⏸ Pause',
  'follows.btn.resume': '▶️ Resume',
  'follows.btn.delete': '🗑 Delete',
  'follows.btn.prev': '⬅️ Previous',
  'follows.btn.next': 'Next ➡️',
  'follows.checking': 'Checking…',
  'follows.paused': 'Paused',
  'follows.resumed': 'Resumed',
  'follows.deleted': 'Deleted',
  'follows.gone': 'This follow no longer exists.',
};
