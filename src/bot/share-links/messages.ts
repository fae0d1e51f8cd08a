/**
 * Messages of /myshares and /share (HTML; string parameters arrive escaped). Kept here rather
 * than in the core dictionaries, as the i18n module suggests for features.
 */
import { shortPath } from '../folder-path.js';
import { createTranslator, type SameShape } from '../i18n/index.js';

type P<T> = (params: T) => string;
type Count = P<{ n: number }>;

const zh = {
  // ── shared ──────────────────────────────────────────────────────────────────
  cmdMyshares: '我的分享链接：查看、修改、取消',
  cmdShare: '为网盘里的文件创建分享链接',
  groupHint: ((p) => `🔒 ${p.command} 只能在与我的私聊中使用。`) as P<{ command: string }>,
  loginNeeded: '🔐 请先登录阿里云盘。点按钮扫码登录（或发送 <code>/login refresh_token</code>），然后再试一次。',
  notYours: '🙏 这些按钮属于别人，你不能操作。',
  busy: '⏳ 阿里云盘现在有点忙，请过一分钟再试。',
  otherError: ((p) => `❌ 阿里云盘拒绝了这个操作（<code>${p.code}</code>）。`) as P<{ code: string }>,
  menuGone: '这个菜单已经失效了。',
  expDays: ((p) => `${p.n} 天`) as Count,
  expNever: '永久有效',
  btnE1: '1 天',
  btnE7: '7 天',
  btnE30: '30 天',
  btnE0: '永久',
  btnCancel: '✖️ 取消',

  // ── /myshares list ─────────────────────────────────────────────────────────
  filterValid: '有效',
  filterInactive: '已过期或已取消',
  filterAll: '全部',
  listTitle: ((p) => `🔗 <b>我的分享</b> · ${p.filter}（${p.count}）`) as P<{ filter: string; count: number }>,
  listPage: ((p) => `第 ${p.page}/${p.pages} 页`) as P<{ page: number; pages: number }>,
  listEmpty: ((p) => `这里没有${p.filter}的分享链接。`) as P<{ filter: string }>,
  listTruncated: ((p) => `（只显示最新的 ${p.n} 个）`) as Count,
  listHint: '点编号查看和管理该分享。',
  stateUntil: ((p) => `⏰ ${p.date} 到期`) as P<{ date: string }>,
  stateNever: '♾ 永久有效',
  stateExpired: '⌛ 已过期',
  stateCancelled: '🚫 已取消',
  stateForbidden: '⛔ 已被屏蔽',
  counters: ((p) => `👁 ${p.views} · 💾 ${p.saves} · ⬇️ ${p.downloads}`) as P<{ views: number; saves: number; downloads: number }>,
  btnValid: '✅ 有效',
  btnInactive: '⌛ 过期/取消',
  btnAll: '📋 全部',
  btnRefresh: '🔄 刷新',

  // ── card ───────────────────────────────────────────────────────────────────
  cardPassword: ((p) => `🔑 提取码：<code>${p.password}</code>`) as P<{ password: string }>,
  cardNoPassword: '🔓 无提取码',
  cardExpires: ((p) => `⏰ ${p.date} 到期（还剩 ${p.left}）`) as P<{ date: string; left: string }>,
  cardNever: '⏰ 永久有效',
  cardExpired: ((p) => `⌛ 已于 ${p.date} 过期`) as P<{ date: string }>,
  cardCancelled: '🚫 已取消，链接不再可用',
  cardForbidden: '⛔ 已被阿里云屏蔽（违规）',
  cardCreated: ((p) => `📅 创建于 ${p.date}`) as P<{ date: string }>,
  cardCounters: ((p) => `👁 浏览 ${p.views} · 💾 保存 ${p.saves} · ⬇️ 下载 ${p.downloads}`) as P<{
    views: number;
    saves: number;
    downloads: number;
  }>,
  leftDays: ((p) => `${p.n} 天`) as Count,
  leftHours: ((p) => `${p.n} 小时`) as Count,
  leftMinutes: ((p) => `${p.n} 分钟`) as Count,
  btnText: '📋 分享文字',
  btnExpiry: '⏰ 有效期',
  btnPassword: '🔑 提取码',
  btnCancelLink: '🗑 取消分享',
  btnBack: '↩ 返回',
  expiryAsk: ((p) => `⏰ 「${p.name}」从现在起的有效期：`) as P<{ name: string }>,
  passwordAsk: ((p) => `🔑 「${p.name}」的提取码：${p.current}`) as P<{ name: string; current: string }>,
  passwordNone: '无',
  btnRandom: '🎲 随机生成',
  btnType: '⌨️ 自己输入',
  btnRemove: '🔓 去掉提取码',
  cancelAsk: ((p) => `🗑 取消分享「${p.name}」？取消后任何人都无法再打开或保存，且无法恢复。`) as P<{ name: string }>,
  btnCancelYes: '是的，取消分享',
  btnCancelNo: '不，保留',
  doneExpiry: ((p) => `⏰ 有效期：${p.expiry}`) as P<{ expiry: string }>,
  donePassword: ((p) => `🔑 新提取码：${p.password}`) as P<{ password: string }>,
  donePasswordRemoved: '🔓 已去掉提取码',
  doneCancelled: '🗑 分享已取消',
  doneTextSent: '📋 已发送在下方',
  staleGone: '这个分享已经不存在了（可能已在别处删除）。',
  staleCancelled: '这个分享已经被取消了（可能在 App 里）。',
  staleForbidden: '这个分享已被阿里云屏蔽，无法再修改。',
  staleExpired: '这个分享已过期，请先设置新的有效期。',
  typeAsk: ((p) => `⌨️ 请发送「${p.name}」的新提取码：4 位字母或数字。发送 /cancel 放弃。`) as P<{ name: string }>,
  typeInvalid: '提取码必须是 4 位字母或数字（例如 <code>ab12</code>）。请重新发送，或 /cancel。',
  typeDone: ((p) => `✅ 「${p.name}」的提取码已改为 <code>${p.password}</code>。`) as P<{ name: string; password: string }>,

  // ── /share ─────────────────────────────────────────────────────────────────
  browseTitle: ((p) => `📂 <b>${p.path}</b>`) as P<{ path: string }>,
  browseSearch: ((p) => `🔍 “${p.query}” 的搜索结果（${p.count}）`) as P<{ query: string; count: number }>,
  browseHelp: ((p) => `点 ☐ 选择（已选 ${p.picked} 项），点文件夹打开，或直接发送名字搜索。`) as P<{ picked: number }>,
  browseEmpty: '（空文件夹）',
  browseNoResults: '（没有找到）',
  browseInBackup: ((p) =>
    `ℹ️ 在你的备份盘里找到 ${p.n} 项匹配，但只有资源库里的文件才能创建分享链接。请先在阿里云盘 App 里把它移到资源库。`) as Count,
  btnUp: '⬆️ 上一级',
  btnBackToFolder: '↩ 返回文件夹',
  btnDone: ((p) => `✅ 完成（${p.n}）`) as Count,
  pickFirst: '请先选择至少一项。',
  browseCancelled: '已取消，没有创建分享。',
  picked: ((p) => `已选择：${p.list}`) as P<{ list: string }>,
  andMore: ((p) => `…以及另外 ${p.n} 项`) as Count,
  refusedTitle: '⚠️ 这些不能分享：',
  refusedLine: ((p) => `• 「${p.name}」：${p.why}`) as P<{ name: string; why: string }>,
  whyBackup: '它在备份盘里，只有资源库里的文件才能创建分享链接（请在 App 里移到资源库）',
  whyType: '阿里云盘不允许分享这种类型的文件',
  whyOther: '阿里云盘不允许分享它',
  btnShareRest: ((p) => `➡️ 分享其余 ${p.n} 项`) as Count,
  nothingLeft: '没有可以分享的内容了。',
  optionsTitle: ((p) => `🔗 分享 ${p.what}\n⏰ 有效期：${p.expiry}\n🔑 提取码：${p.password}`) as P<{
    what: string;
    expiry: string;
    password: string;
  }>,
  whatOne: ((p) => `「${p.name}」`) as P<{ name: string }>,
  whatMany: ((p) => `「${p.name}」等 ${p.n} 项`) as P<{ name: string; n: number }>,
  btnCreate: '✅ 创建链接',
  btnNoPassword: '🔓 不要提取码',
  optionsType: '⌨️ 请发送提取码：4 位字母或数字。',
  creating: '⏳ 正在创建分享链接…',
  created: ((p) => `✅ 分享链接已创建（${p.expiry}）：\n\n<code>${p.text}</code>`) as P<{ expiry: string; text: string }>,
  createdPanel: ((p) => `✅ 已为 ${p.what} 创建分享链接。`) as P<{ what: string }>,
  btnOpen: '🔗 打开',
  btnShareIt: '🔗 分享它',
  btnManage: '⚙️ 管理',
  errNotAllowed: ((p) => `❌ 阿里云盘拒绝分享：${p.why}。`) as P<{ why: string }>,
  errDailyLimit: '❌ 今天创建分享链接的次数已达阿里云盘的上限，请明天再试。',
  errFileGone: '❌ 文件已经不在了（被移动或删除了？）。',
  pathNotFound: ((p) => `❌ 你的资源库里没有 <code>${p.path}</code>。`) as P<{ path: string }>,
  pathInBackup: ((p) =>
    `❌ <code>${p.path}</code> 在你的备份盘里。只有资源库里的文件才能创建分享链接：请先在阿里云盘 App 里把它移到资源库，再试一次。`) as P<{ path: string }>,
  savedGone: '❌ 找不到这次保存的文件了（被移动或删除了？）。',
  savedOtherAccount: '❌ 这次保存进的是另一个阿里云盘账号，不是你现在登录的这个。',
  savedOtherAliyunUser: '❌ 这次保存进的是另一个阿里云盘账号：之后你用 /login 换了账号，这些文件不在现在这个网盘里。',
};

const en: SameShape<typeof zh> = {
  cmdMyshares: 'My share links: view, change, cancel',
  cmdShare: 'Create a share link for files in your drive',
  groupHint: ((p) => `🔒 ${p.command} works in a private chat with me.`) as P<{ command: string }>,
  loginNeeded: '🔐 Log in to Aliyun Drive first: tap the button to log in with a QR code (or send <code>/login refresh_token</code>), then try again.',
  notYours: '🙏 Sorry, these buttons belong to someone else.',
  busy: '⏳ Aliyun Drive is busy right now, please try again in a minute.',
  otherError: ((p) => `❌ Aliyun Drive refused that (<code>${p.code}</code>).`) as P<{ code: string }>,
  menuGone: 'This menu is no longer active.',
  expDays: ((p) => (p.n === 1 ? '1 day' : `${p.n} days`)) as Count,
  expNever: 'never expires',
  btnE1: '1 day',
  btnE7: '7 days',
  btnE30: '30 days',
  btnE0: 'Never',
  btnCancel: '✖️ Cancel',

  filterValid: 'valid',
  filterInactive: 'expired or cancelled',
  filterAll: 'all',
  listTitle: ((p) => `🔗 <b>My share links</b> · ${p.filter} (${p.count})`) as P<{ filter: string; count: number }>,
  listPage: ((p) => `page ${p.page}/${p.pages}`) as P<{ page: number; pages: number }>,
  listEmpty: ((p) => `No ${p.filter} share links here.`) as P<{ filter: string }>,
  listTruncated: ((p) => `(showing the newest ${p.n})`) as Count,
  listHint: 'Tap a number to see and manage that share.',
  stateUntil: ((p) => `⏰ until ${p.date}`) as P<{ date: string }>,
  stateNever: '♾ no expiry',
  stateExpired: '⌛ expired',
  stateCancelled: '🚫 cancelled',
  stateForbidden: '⛔ blocked',
  counters: ((p) => `👁 ${p.views} · 💾 ${p.saves} · ⬇️ ${p.downloads}`) as P<{ views: number; saves: number; downloads: number }>,
  btnValid: '✅ Valid',
  btnInactive: '⌛ Expired/cancelled',
  btnAll: '📋 All',
  btnRefresh: '🔄 Refresh',

  cardPassword: ((p) => `🔑 Password: <code>${p.password}</code>`) as P<{ password: string }>,
  cardNoPassword: '🔓 No password',
  cardExpires: ((p) => `⏰ Expires ${p.date} (in ${p.left})`) as P<{ date: string; left: string }>,
  cardNever: '⏰ Never expires',
  cardExpired: ((p) => `⌛ Expired ${p.date}`) as P<{ date: string }>,
  cardCancelled: '🚫 Cancelled: the link no longer works',
  cardForbidden: '⛔ Blocked by Aliyun (rule violation)',
  cardCreated: ((p) => `📅 Created ${p.date}`) as P<{ date: string }>,
  cardCounters: ((p) => `👁 ${p.views} views · 💾 ${p.saves} saves · ⬇️ ${p.downloads} downloads`) as P<{
    views: number;
    saves: number;
    downloads: number;
  }>,
  leftDays: ((p) => (p.n === 1 ? '1 day' : `${p.n} days`)) as Count,
  leftHours: ((p) => (p.n === 1 ? '1 hour' : `${p.n} hours`)) as Count,
  leftMinutes: ((p) => `${p.n} min`) as Count,
  btnText: '📋 Share text',
  btnExpiry: '⏰ Expiry',
  btnPassword: '🔑 Password',
  btnCancelLink: '🗑 Cancel link',
  btnBack: '↩ Back',
  expiryAsk: ((p) => `⏰ How long should 「${p.name}」 stay valid, from now?`) as P<{ name: string }>,
  passwordAsk: ((p) => `🔑 Password of 「${p.name}」: ${p.current}`) as P<{ name: string; current: string }>,
  passwordNone: 'none',
  btnRandom: '🎲 Random',
  btnType: '⌨️ Type one',
  btnRemove: '🔓 Remove',
  cancelAsk: ((p) => `🗑 Cancel 「${p.name}」? Nobody will be able to open or save it any more. This cannot be undone.`) as P<{
    name: string;
  }>,
  btnCancelYes: 'Yes, cancel the link',
  btnCancelNo: 'No, keep it',
  doneExpiry: ((p) => `⏰ Now: ${p.expiry}`) as P<{ expiry: string }>,
  donePassword: ((p) => `🔑 New password: ${p.password}`) as P<{ password: string }>,
  donePasswordRemoved: '🔓 Password removed',
  doneCancelled: '🗑 Link cancelled',
  doneTextSent: '📋 Sent below',
  staleGone: 'This share no longer exists (deleted elsewhere?).',
  staleCancelled: 'This share was cancelled (in the app?).',
  staleForbidden: 'Aliyun has blocked this share; it cannot be changed.',
  staleExpired: 'This share has expired; give it a new expiry first.',
  typeAsk: ((p) => `⌨️ Send the new password for 「${p.name}」: exactly 4 letters or digits. /cancel to stop.`) as P<{ name: string }>,
  typeInvalid: 'A password is exactly 4 letters or digits (like <code>ab12</code>). Send another, or /cancel.',
  typeDone: ((p) => `✅ 「${p.name}」 now has the password <code>${p.password}</code>.`) as P<{ name: string; password: string }>,

  browseTitle: ((p) => `📂 <b>${p.path}</b>`) as P<{ path: string }>,
  browseSearch: ((p) => `🔍 Results for “${p.query}” (${p.count})`) as P<{ query: string; count: number }>,
  browseHelp: ((p) => `Tap ☐ to pick (${p.picked} picked), a folder to open it, or send a name to search.`) as P<{ picked: number }>,
  browseEmpty: '(empty folder)',
  browseNoResults: '(nothing found)',
  browseInBackup: ((p) =>
    `ℹ️ ${p.n} match(es) found in your backup drive, but only files in the resource drive can get share links. Move them to the resource drive in the Aliyun Drive app first.`) as Count,
  btnUp: '⬆️ Up',
  btnBackToFolder: '↩ Back to folder',
  btnDone: ((p) => `✅ Done (${p.n})`) as Count,
  pickFirst: 'Pick at least one item first.',
  browseCancelled: 'Cancelled, nothing was shared.',
  picked: ((p) => `Picked: ${p.list}`) as P<{ list: string }>,
  andMore: ((p) => `… and ${p.n} more`) as Count,
  refusedTitle: '⚠️ These cannot be shared:',
  refusedLine: ((p) => `• 「${p.name}」: ${p.why}`) as P<{ name: string; why: string }>,
  whyBackup:
    'it is in your backup drive, and only files in the resource drive can get share links (move it there in the Aliyun Drive app)',
  whyType: 'Aliyun Drive does not allow sharing this type of file',
  whyOther: 'Aliyun Drive does not allow sharing it',
  btnShareRest: ((p) => `➡️ Share the other ${p.n}`) as Count,
  nothingLeft: 'Nothing left to share.',
  optionsTitle: ((p) => `🔗 Share ${p.what}\n⏰ Valid for: ${p.expiry}\n🔑 Password: ${p.password}`) as P<{
    what: string;
    expiry: string;
    password: string;
  }>,
  whatOne: ((p) => `「${p.name}」`) as P<{ name: string }>,
  whatMany: ((p) => `「${p.name}」 and ${p.n - 1} more`) as P<{ name: string; n: number }>,
  btnCreate: '✅ Create link',
  btnNoPassword: '🔓 No password',
  optionsType: '⌨️ Send the password: exactly 4 letters or digits.',
  creating: '⏳ Creating the share link…',
  created: ((p) => `✅ Share link created (${p.expiry}):\n\n<code>${p.text}</code>`) as P<{ expiry: string; text: string }>,
  createdPanel: ((p) => `✅ Share link created for ${p.what}.`) as P<{ what: string }>,
  btnOpen: '🔗 Open',
  btnShareIt: '🔗 Share it',
  btnManage: '⚙️ Manage',
  errNotAllowed: ((p) => `❌ Aliyun Drive refused to share: ${p.why}.`) as P<{ why: string }>,
  errDailyLimit: '❌ You have reached Aliyun Drive’s daily limit for creating share links. Please try again tomorrow.',
  errFileGone: '❌ The file is gone (moved or deleted?).',
  pathNotFound: ((p) => `❌ There is nothing at <code>${p.path}</code> in your resource drive.`) as P<{ path: string }>,
  pathInBackup: ((p) =>
    `❌ <code>${p.path}</code> is in your backup drive. Only files in the resource drive can get share links: move it there in the Aliyun Drive app, then try again.`) as P<{
    path: string;
  }>,
  savedGone: '❌ I cannot find the saved files any more (moved or deleted?).',
  savedOtherAccount: '❌ That save went into another Aliyun Drive account than the one you are logged in with now.',
  savedOtherAliyunUser: '❌ This was saved into another Aliyun account: you have logged in to a different one since, so these files are not in this drive.',
};

const translate = createTranslator({ zh, en });

/** Translates a /myshares or /share message; a `path` is shortened for display (a folder path may be any length). */
export const st: typeof translate = (lang, key, ...args) => {
  const params = args[0] as { path?: unknown } | undefined;
  if (typeof params?.path !== 'string') return translate(lang, key, ...args);
  return translate(lang, key, ...([{ ...params, path: shortPath(params.path) }] as unknown as typeof args));
};
