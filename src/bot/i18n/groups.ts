/**
 * What the group features say, in both languages (zh is the source of truth for
 * keys). Parameters are escaped by the translator; pass `raw()` for built HTML.
 */
import type { SameShape } from './index.js';

type P<T> = (params: T) => string;

/** Post status lines that are only emoji, names and numbers: the same in every language. */
const WORDLESS_LINES = {
  'line.queued': ((p) => `⏳ <code>${p.shareId}</code>`) as P<{ shareId: string }>,
  'line.opening': ((p) => `🔍 <code>${p.shareId}</code>`) as P<{ shareId: string }>,
  'line.copying': ((p) => `📥 「${p.name}」 ${p.done}/${p.total}`) as P<{ name: string; done: number; total: number }>,
  'line.saved': ((p) => `✅ 「${p.name}」 → <code>${p.path}</code>`) as P<{ name: string; path: string }>,
};

export const zh = {
  'group.cmd.bind': '把本群绑定到你的阿里云盘',
  'group.cmd.unbind': '解除本群的绑定',
  'group.cmd.status': '本群的绑定、开关与用量',
  'group.cmd.autosave': '自动保存开关：on / off',
  'group.cmd.quiet': '安静模式开关：on / off',
  'group.cmd.members': '允许成员 /save：on / off',
  'group.cmd.save': '回复一条消息，保存其中的分享',
  'group.cmd.folder': '查看或设置本群的保存文件夹',
  'group.cmd.limit': '每小时保存上限',
  'group.cmd.bindchannel': '绑定频道，自动保存频道里的分享',
  'group.cmd.unbindchannel': '解除频道绑定',
  'group.cmd.language': '切换本群语言 / Language',

  'help.intro': '👋 我把群里发的<b>阿里云盘分享</b>保存到绑定本群的管理员的网盘。',
  'help.everyone': '<b>所有人</b>',
  'help.admins': '<b>管理员</b>',
  'help.private': '想保存到你自己的网盘？私聊我发送 /login。',

  on: '开',
  off: '关',

  'refuse.notAdmin': '⛔ 只有群管理员可以使用这个命令。',
  'refuse.anonymousBind':
    '🕶 你正以匿名管理员身份发言，我无法知道该用谁的阿里云盘。请暂时关闭管理员权限里的“匿名发言”，发送 /bind 后再打开。',
  'refuse.anonymousOwner':
    '🕶 你正以匿名管理员身份发言，我无法确认你是不是绑定者或群主。请暂时关闭“匿名发言”后再试。',
  'refuse.binderOrCreator': '⛔ 只有绑定本群的管理员或群主可以这样做。',
  'refuse.membersOff': '⛔ 这里只有管理员可以保存。管理员可以用 /members on 允许成员使用 /save。',

  'groupOnly': ((p) => `/${p.command} 只能在群组里使用。`) as P<{ command: string }>,
  'bind.privateHint':
    '/bind 需要在群组里使用：把我拉进群，然后在群里发送 /bind。绑定频道请在这里发送 <code>/bindchannel @频道用户名</code>。',
  'bind.needLogin': ((p) =>
    `🔐 请先绑定你的阿里云盘：私聊 @${p.bot} 发送 /login，然后回到这里再发 /bind。`) as P<{ bot: string }>,
  'bind.needRelogin': ((p) =>
    `🔐 你的阿里云盘登录已失效：请私聊 @${p.bot} 发送 /login 重新登录，然后再发 /bind。`) as P<{ bot: string }>,
  'bind.takenBy': ((p) =>
    `本群已绑定到 <b>${p.nickname}</b> 的网盘。需要绑定者或群主先发送 /unbind。`) as P<{ nickname: string }>,
  'bind.done': ((p) =>
    [
      `✅ 本群的分享将保存到 <b>${p.nickname}</b> 的阿里云盘，文件夹 <code>${p.path}</code>。`,
      '• 点下面的「✅ 开启自动保存」，群里发的每个分享都会存下来',
      '• 或者回复一条消息发送 /save',
      '• /status 随时查看和修改设置',
    ].join('\n')) as P<{ nickname: string; path: string }>,
  'bind.failed': '❌ 暂时无法访问你的阿里云盘，请稍后再试。',
  'unbind.done': '✅ 已解除绑定，本群的分享不再保存。',
  'unbind.private.list': '绑定到你网盘的群组和频道（发送 <code>/unbind 群ID</code> 解除）：',
  'unbind.private.item': ((p) => `• ${p.title} — <code>/unbind ${p.id}</code>`) as P<{ title: string; id: string }>,
  'unbind.private.none': '没有群组或频道绑定到你的网盘。',
  'unbind.private.notYours': ((p) =>
    `<code>${p.ref}</code> 不是你绑定的群组或频道。发送 /unbind 查看你绑定的列表。`) as P<{ ref: string }>,
  'unbind.private.done': ((p) => `✅ 已解除「${p.title}」的绑定，那里的分享不再保存到你的网盘。`) as P<{ title: string }>,
  notBound: '本群还没有绑定网盘。已在私聊中用 /login 登录的管理员发送 /bind 即可。',

  'switch.show': ((p) =>
    `${p.name}：<b>${p.state}</b>。用 <code>/${p.command} on</code> 或 <code>/${p.command} off</code> 切换。`) as P<{
    name: string;
    command: string;
    state: string;
  }>,
  'autosave.name': '自动保存',
  'quiet.name': '安静模式',
  'members.name': '成员可用 /save',
  'autosave.on': '✅ 自动保存已开启：群里发送或转发的每个分享都会被保存。',
  'autosave.notBound': '（本群还没有绑定网盘：需要管理员先发送 /bind。）',
  'autosave.cannotSee':
    '⚠️ 我现在看不到群里的普通消息：请把我设为管理员，或在 @BotFather 里用 /setprivacy 关闭隐私模式后重新把我拉进群。',
  'autosave.off': '⏹ 自动保存已关闭。管理员仍可回复一条消息发送 /save。',
  'quiet.on': '🤫 安静模式已开启：保存成功时我只点 👍，失败仍会简短回复。',
  'quiet.off': '💬 安静模式已关闭：我会回复每条分享的保存进度。',
  'members.on': '👥 现在成员也可以回复消息发送 /save 了。',
  'members.off': '👤 现在只有管理员可以使用 /save。',
  'limit.show': ((p) => `每小时最多保存 <b>${p.limit}</b> 个分享，最近一小时已用 ${p.used} 个。修改：<code>/limit 30</code>`) as P<{
    limit: number;
    used: number;
  }>,
  'limit.set': ((p) => `✅ 本群每小时最多保存 ${p.limit} 个分享。`) as P<{ limit: number }>,
  'limit.usage': ((p) => `用法：<code>/limit 30</code>（1–${p.max}），或 <code>/limit default</code> 恢复默认。`) as P<{ max: number }>,
  'limit.reached': ((p) =>
    `⏸ 本群最近一小时已保存 ${p.limit} 个分享，达到上限；现在发的分享不会保存，大约 ${p.time} 后恢复。`) as P<{
    limit: number;
    time: string;
  }>,

  'status.title': '📊 <b>本群的保存设置</b>',
  'status.drive': ((p) => `网盘：<b>${p.nickname}</b>`) as P<{ nickname: string }>,
  'status.driveRelogin': ((p) => `网盘：<b>${p.nickname}</b> ⚠️ 登录已失效，保存已暂停`) as P<{ nickname: string }>,
  'status.driveLoggedOut': '网盘：⚠️ 绑定者已退出登录，保存已暂停，请管理员重新 /bind',
  'status.notBound': '网盘：未绑定（管理员发送 /bind）',
  'status.folder': ((p) => `文件夹：<code>${p.path}</code>`) as P<{ path: string }>,
  'status.switches': ((p) => `自动保存：${p.autosave} · 安静模式：${p.quiet} · 成员可 /save：${p.members}`) as P<{
    autosave: string;
    quiet: string;
    members: string;
  }>,
  'status.usage': ((p) => `最近一小时：${p.used}/${p.limit} 次保存`) as P<{ used: number; limit: number }>,

  'group.folder.current': ((p) => `📁 本群保存到：<code>${p.path}</code>\n管理员可修改：<code>/folder /电影/2024</code>`) as P<{ path: string }>,
  'group.folder.set': ((p) => `📁 本群以后保存到：<code>${p.path}</code>`) as P<{ path: string }>,
  'group.folder.failed': '❌ 无法在绑定的网盘里创建这个文件夹，请稍后再试。',

  'save.usage': '请<b>回复</b>一条带阿里云盘分享链接的消息发送 /save。',
  'group.save.noLink': '那条消息里没有找到阿里云盘分享链接。',

  'paused.relogin': ((p) =>
    `⏸ 保存已暂停：<b>${p.nickname}</b> 的阿里云盘登录已失效。请该管理员私聊我发送 /login 重新登录，或由其他已登录的管理员在这里发送 /bind。`) as P<{
    nickname: string;
  }>,
  'paused.loggedOut': '⏸ 保存已暂停：绑定本群的管理员已退出登录。请已登录的管理员在这里重新发送 /bind。',

  ...WORDLESS_LINES,
  'line.partial': ((p) => `⚠️ 「${p.name}」 ${p.copied}/${p.total} → <code>${p.path}</code>：网盘空间不足`) as P<{
    name: string;
    copied: number;
    total: number;
    path: string;
  }>,
  'line.someFailed': ((p) => `⚠️ 「${p.name}」 ${p.copied}/${p.total} → <code>${p.path}</code>：${p.failed}`) as P<{
    name: string;
    copied: number;
    total: number;
    path: string;
    failed: string;
  }>,
  'failed.count': ((p) => `${p.n} 项没能保存${p.names ? `（${p.names}${p.more > 0 ? '等' : ''}）` : ''}`) as P<{
    n: number;
    names: string;
    more: number;
  }>,
  'failed.some': '部分项目没能保存',
  'line.duplicate': ((p) => `ℹ️ 「${p.name}」 之前已保存到 <code>${p.path}</code>`) as P<{ name: string; path: string }>,
  'line.inProgress': ((p) => `⏳ 「${p.name}」 正在保存到 <code>${p.path}</code>，不会重复保存`) as P<{ name: string; path: string }>,
  'line.failed': ((p) => `❌ ${p.subject}：${p.reason}`) as P<{ subject: string; reason: string }>,
  'line.already': ((p) => `⏳ <code>${p.shareId}</code> 已在保存中`) as P<{ shareId: string }>,
  'line.enqueueFailed': ((p) => `❌ <code>${p.shareId}</code>：暂时无法排队，请稍后再发`) as P<{ shareId: string }>,
  'subject.named': ((p) => `「${p.name}」`) as P<{ name: string }>,
  'subject.share': ((p) => `<code>${p.shareId}</code>`) as P<{ shareId: string }>,

};

export const en: SameShape<typeof zh> = {
  'group.cmd.bind': "Bind this group to your Aliyun Drive",
  'group.cmd.unbind': "Remove this group's binding",
  'group.cmd.status': 'Binding, switches and usage',
  'group.cmd.autosave': 'Save every share posted: on / off',
  'group.cmd.quiet': 'React instead of replying: on / off',
  'group.cmd.members': 'Let members use /save: on / off',
  'group.cmd.save': 'Reply to a message to save its shares',
  'group.cmd.folder': "Show or set the group's save folder",
  'group.cmd.limit': 'Saves per hour',
  'group.cmd.bindchannel': 'Bind a channel: its shares are saved automatically',
  'group.cmd.unbindchannel': 'Unbind a channel',
  'group.cmd.language': "Set the group's language / 切换语言",

  'help.intro': "👋 I save the <b>Aliyun Drive shares</b> posted here into the drive of the admin who bound this group.",
  'help.everyone': '<b>Everyone</b>',
  'help.admins': '<b>Admins</b>',
  'help.private': 'To save into your own drive, send me /login in a private chat.',

  on: 'on',
  off: 'off',

  'refuse.notAdmin': '⛔ Only group admins can use this command.',
  'refuse.anonymousBind':
    "🕶 You are posting as an anonymous admin, so I can't tell whose Aliyun Drive to use. Turn off “Remain anonymous” in your admin rights for a moment, send /bind, then turn it back on.",
  'refuse.anonymousOwner':
    "🕶 You are posting as an anonymous admin, so I can't tell whether you bound this group or own it. Turn off “Remain anonymous” for a moment and try again.",
  'refuse.binderOrCreator': '⛔ Only the admin who bound this group, or its owner, can do that.',
  'refuse.membersOff': '⛔ Only admins can save here. An admin can let members use /save with /members on.',

  groupOnly: ((p) => `/${p.command} only works in groups.`) as P<{ command: string }>,
  'bind.privateHint':
    '/bind works in a group: add me to the group and send /bind there. To bind a channel, send <code>/bindchannel @channel</code> here.',
  'bind.needLogin': ((p) =>
    `🔐 Link your Aliyun Drive first: open a private chat with @${p.bot} and send /login, then send /bind here again.`) as P<{
    bot: string;
  }>,
  'bind.needRelogin': ((p) =>
    `🔐 Your Aliyun Drive login has expired: send /login to @${p.bot} in private, then send /bind here again.`) as P<{
    bot: string;
  }>,
  'bind.takenBy': ((p) =>
    `This group already saves into <b>${p.nickname}</b>'s drive. That admin or the group's owner must /unbind first.`) as P<{
    nickname: string;
  }>,
  'bind.done': ((p) =>
    [
      `✅ Shares in this group are saved into <b>${p.nickname}</b>'s Aliyun Drive, folder <code>${p.path}</code>.`,
      '• tap “✅ Turn autosave on” below to save every share posted here',
      '• or reply /save to a message',
      '• /status shows and changes the settings any time',
    ].join('\n')) as P<{ nickname: string; path: string }>,
  'bind.failed': '❌ Your Aliyun Drive cannot be reached right now, please try again later.',
  'unbind.done': '✅ Unbound. Shares in this group are no longer saved.',
  'unbind.private.list': 'Groups and channels bound to your drive (send <code>/unbind id</code> to unbind one):',
  'unbind.private.item': ((p) => `• ${p.title} — <code>/unbind ${p.id}</code>`) as P<{ title: string; id: string }>,
  'unbind.private.none': 'No group or channel is bound to your drive.',
  'unbind.private.notYours': ((p) =>
    `<code>${p.ref}</code> is not a group or channel you bound. Send /unbind to see the ones you did.`) as P<{ ref: string }>,
  'unbind.private.done': ((p) => `✅ “${p.title}” is no longer bound: its shares are not saved into your drive any more.`) as P<{
    title: string;
  }>,
  notBound: 'This group is not bound to a drive yet. An admin who has logged in with me (/login in private) sends /bind.',

  'switch.show': ((p) =>
    `${p.name}: <b>${p.state}</b>. Use <code>/${p.command} on</code> or <code>/${p.command} off</code>.`) as P<{
    name: string;
    command: string;
    state: string;
  }>,
  'autosave.name': 'Autosave',
  'quiet.name': 'Quiet mode',
  'members.name': 'Members may /save',
  'autosave.on': '✅ Autosave on: every share posted or forwarded here is saved.',
  'autosave.notBound': '(Not bound to a drive yet: an admin must send /bind first.)',
  'autosave.cannotSee':
    "⚠️ I can't see ordinary messages here: make me an admin, or turn off my privacy mode with @BotFather (/setprivacy → Disable) and add me to the group again.",
  'autosave.off': '⏹ Autosave off. Admins can still reply /save to a message.',
  'quiet.on': '🤫 Quiet mode on: I react 👍 to saved posts instead of replying; failures are still reported briefly.',
  'quiet.off': "💬 Quiet mode off: I reply to each post with its save status.",
  'members.on': '👥 Members can now reply /save to messages.',
  'members.off': '👤 Only admins can use /save now.',
  'limit.show': ((p) =>
    `At most <b>${p.limit}</b> saves per hour; ${p.used} used in the last hour. Change it: <code>/limit 30</code>`) as P<{
    limit: number;
    used: number;
  }>,
  'limit.set': ((p) => `✅ This group saves at most ${p.limit} shares per hour.`) as P<{ limit: number }>,
  'limit.usage': ((p) => `Usage: <code>/limit 30</code> (1–${p.max}), or <code>/limit default</code>.`) as P<{ max: number }>,
  'limit.reached': ((p) =>
    `⏸ This group saved ${p.limit} shares in the last hour, its limit; shares posted now are not saved. Saving resumes around ${p.time}.`) as P<{
    limit: number;
    time: string;
  }>,

  'status.title': "📊 <b>This group's saving</b>",
  'status.drive': ((p) => `Drive: <b>${p.nickname}</b>`) as P<{ nickname: string }>,
  'status.driveRelogin': ((p) => `Drive: <b>${p.nickname}</b> ⚠️ login expired, saving paused`) as P<{ nickname: string }>,
  'status.driveLoggedOut': 'Drive: ⚠️ the binding admin logged out, saving paused; an admin please /bind again',
  'status.notBound': 'Drive: not bound (an admin sends /bind)',
  'status.folder': ((p) => `Folder: <code>${p.path}</code>`) as P<{ path: string }>,
  'status.switches': ((p) => `Autosave: ${p.autosave} · Quiet: ${p.quiet} · Members may /save: ${p.members}`) as P<{
    autosave: string;
    quiet: string;
    members: string;
  }>,
  'status.usage': ((p) => `Last hour: ${p.used}/${p.limit} saves`) as P<{ used: number; limit: number }>,

  'group.folder.current': ((p) =>
    `📁 This group saves into: <code>${p.path}</code>\nAdmins can change it: <code>/folder /Movies/2024</code>`) as P<{ path: string }>,
  'group.folder.set': ((p) => `📁 From now on this group saves into: <code>${p.path}</code>`) as P<{ path: string }>,
  'group.folder.failed': '❌ Could not create that folder in the bound drive, please try again later.',

  'save.usage': '<b>Reply</b> /save to a message that has an Aliyun Drive share link.',
  'group.save.noLink': 'I found no Aliyun Drive share link in that message.',

  'paused.relogin': ((p) =>
    `⏸ Saving is paused: <b>${p.nickname}</b>'s Aliyun Drive login has expired. That admin can send /login to me in private, or another admin who has logged in sends /bind here.`) as P<{
    nickname: string;
  }>,
  'paused.loggedOut': '⏸ Saving is paused: the admin who bound this group logged out. An admin who has logged in with me please send /bind here again.',

  ...WORDLESS_LINES,
  'line.partial': ((p) => `⚠️ 「${p.name}」 ${p.copied}/${p.total} → <code>${p.path}</code>: drive full`) as P<{
    name: string;
    copied: number;
    total: number;
    path: string;
  }>,
  'line.someFailed': ((p) => `⚠️ 「${p.name}」 ${p.copied}/${p.total} → <code>${p.path}</code>: ${p.failed}`) as P<{
    name: string;
    copied: number;
    total: number;
    path: string;
    failed: string;
  }>,
  'failed.count': ((p) =>
    `${p.n} item${p.n === 1 ? '' : 's'} could not be saved${p.names ? ` (${p.names}${p.more > 0 ? ` and ${p.more} more` : ''})` : ''}`) as P<{
    n: number;
    names: string;
    more: number;
  }>,
  'failed.some': 'some items could not be saved',
  'line.duplicate': ((p) => `ℹ️ 「${p.name}」 was saved to <code>${p.path}</code> before`) as P<{ name: string; path: string }>,
  'line.inProgress': ((p) => `⏳ 「${p.name}」 is being saved to <code>${p.path}</code> already; not copied twice`) as P<{
    name: string;
    path: string;
  }>,
  'line.failed': ((p) => `❌ ${p.subject}: ${p.reason}`) as P<{ subject: string; reason: string }>,
  'line.already': ((p) => `⏳ <code>${p.shareId}</code> is already being saved`) as P<{ shareId: string }>,
  'line.enqueueFailed': ((p) => `❌ <code>${p.shareId}</code>: could not be queued, send it again later`) as P<{ shareId: string }>,
  'subject.named': ((p) => `「${p.name}」`) as P<{ name: string }>,
  'subject.share': ((p) => `<code>${p.shareId}</code>`) as P<{ shareId: string }>,

};
