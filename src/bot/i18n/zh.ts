/**
 * Chinese (default) messages: the source of truth for keys and parameters. Every message is
 * HTML; string parameters arrive already escaped (see `createTranslator`).
 * Sections follow the feature files; a new feature may keep its own dictionary instead.
 */
type P<T> = (params: T) => string;

export const zh = {
  // ── commands menu (setMyCommands) ───────────────────────────────────────────
  'cmd.start': '开始使用',
  'cmd.help': '帮助与示例',
  'cmd.login': '扫码登录阿里云盘',
  'cmd.logout': '退出登录并删除凭据',
  'cmd.folder': '查看或设置保存文件夹',
  'cmd.history': '最近的保存记录',
  'cmd.cancel': '取消扫码登录、对话或正在进行的保存',
  'cmd.language': '切换语言 / Language',

  // ── start / help ────────────────────────────────────────────────────────────
  help: ((p) =>
    [
      '👋 我可以把<b>阿里云盘分享</b>直接转存到你自己的网盘。',
      '',
      '<b>1. 登录</b>：发送 /login，用阿里云盘 App 扫码。',
      '<b>2. 保存</b>：把分享文字粘贴或转发给我，例如：',
      `<blockquote>「电影合集」https://www.alipan.com/s/${p.exampleId} 提取码: ab12</blockquote>`,
      '我会回复一条状态消息，进度和结果都显示在里面。',
      '',
      '<b>命令</b>',
      '/login — 扫码登录',
      '/pick — 先看分享里有什么，只保存勾选的：<code>/pick 分享链接</code>',
      '/folder — 查看或设置保存文件夹（默认 <code>' + p.defaultFolder + '</code>），收藏常用文件夹',
      '/skip — 保存时跳过的文件：<code>/skip *.url</code>、<code>/skip *广告*</code>、<code>/skip &lt;1MB</code>',
      '/history — 最近 10 次保存',
      '/myshares — 我的分享链接：查看、改有效期或提取码、取消',
      '/share — 为网盘里的文件创建分享链接（<code>/share /路径</code> 或浏览挑选）',
      '/logout — 退出并删除保存的凭据',
      '/cancel — 取消扫码登录、对话或正在进行的保存',
      '/language — 切换语言 / Language',
      '',
      '<b>群组和频道</b>',
      '群组：把我拉进群，在群里发送 /bind，群里的分享就存进你的网盘。',
      '频道：把我设为频道管理员，然后发送 /bindchannel 选择频道（或者转发一条频道帖子给我），频道里的分享会自动保存。',
      '',
      '<b>进阶：用 refresh_token 登录</b>',
      '在电脑浏览器登录 www.alipan.com，按 F12 打开开发者工具 → Application（应用）→ Local Storage → <code>token</code>，复制其中的 <code>refresh_token</code>，然后在这里发送 <code>/login 你的refresh_token</code>（消息会被立即删除）。',
    ].join('\n')) as P<{ exampleId: string; defaultFolder: string }>,

  // ── access ─────────────────────────────────────────────────────────────────
  'access.denied': '🙏 抱歉，这个机器人目前只对指定用户开放。',

  // ── login ──────────────────────────────────────────────────────────────────
  'login.privateOnly': '请在与我的私聊中登录。',
  'login.checking': '🔐 正在验证登录信息…',
  'login.ok': ((p) => `✅ 已登录阿里云盘：<b>${p.nickname}</b>\n文件会保存到${p.drive}的 <code>${p.folder}</code>（用 /folder 修改）。`) as P<{
    nickname: string;
    drive: string;
    folder: string;
  }>,
  'login.switched': ((p) =>
    `ℹ️ 这是另一个阿里云盘账号：在旧账号里保存过的分享，这里会重新保存。${p.n > 0 ? `你绑定的 ${p.n} 个群组/频道也会改为保存到这个账号。` : ''}`) as P<{ n: number }>,
  'login.driveResource': '「资源库」',
  'login.driveBackup': '「备份盘」',
  'login.invalidToken':
    '❌ 这个 refresh_token 无效或已过期。请重新获取（见 /help），或直接发送 /login 扫码登录。',
  'login.failed': '❌ 暂时无法连接阿里云盘，请稍后再试。',
  'login.prompt':
    '🔐 先登录阿里云盘，我才能把分享保存到你的网盘。点下面的按钮扫码登录，登录后我会自动保存刚才的链接。',
  'login.promptButton': '📱 扫码登录',
  'login.bareToken':
    '🔐 这条消息看起来是 refresh_token，为了安全我已把它删除，并用它为你登录。以后请发送 <code>/login refresh_token</code>（同样会被立即删除）。',
  'login.resuming': ((p) => `📥 已登录，正在保存你之前发来的 ${p.count} 个链接，进度见各自的回复。`) as P<{ count: number }>,

  // ── QR login ───────────────────────────────────────────────────────────────
  'qr.caption':
    '📱 用<b>阿里云盘 App</b> 扫这个二维码登录（5 分钟内有效）。\n\n阿里云盘 App 就装在这台手机上？手机扫不了自己的屏幕：点「🔗 打开二维码链接」在手机上确认登录，或者在电脑、平板上打开 Telegram 显示这张二维码，再用手机扫。',
  'qr.scanned': '📲 已扫码，请在手机上的阿里云盘 App 里<b>确认登录</b>。',
  'qr.expired': '⌛ 二维码已过期。发送 /login 重新获取。',
  'qr.canceledOnPhone': '🚫 已在手机上取消登录。需要时再发送 /login。',
  'qr.timeout': '⌛ 5 分钟内没有完成扫码，已停止。发送 /login 重新开始。',
  'qr.cancelled': '已取消扫码登录。',
  'qr.failed': '❌ 获取二维码失败，请稍后再试（/help 里还有另一种登录方式）。',
  'cancel.nothing': '现在没有进行中的操作。',
  'cancel.done': '已取消。',

  // ── logout ─────────────────────────────────────────────────────────────────
  'logout.notLoggedIn': '你还没有登录。',
  'logout.confirm': ((p) =>
    `确定退出 <b>${p.nickname}</b> 吗？我会删除这里保存的登录信息。`) as P<{ nickname: string }>,
  'logout.yes': '是的，退出',
  'logout.no': '取消',
  'logout.done': '👋 已退出并删除凭据。需要时再发送 /login。',
  'logout.kept': '好的，保持登录。',

  // ── folder ─────────────────────────────────────────────────────────────────
  'folder.set': ((p) => `📁 以后保存到：<code>${p.path}</code>`) as P<{ path: string }>,
  'folder.invalid': '这个路径不能用：文件夹名不能为空、不能是 . 或 ..，也不能包含 \\ : * ? " &lt; &gt; |。',
  'folder.failed': '❌ 无法在网盘里创建这个文件夹，请稍后再试。',
  'folder.relogin': '❌ 登录已失效，请重新发送 /login。',

  // ── history ────────────────────────────────────────────────────────────────
  'history.empty': '还没有保存记录。把分享链接发给我试试。',
  'history.title': '🕘 <b>最近的保存</b>',

  // ── saving ─────────────────────────────────────────────────────────────────
  'save.queued': ((p) => `⏳ 排队中：<code>${p.shareId}</code>`) as P<{ shareId: string }>,
  'save.opening': ((p) => `🔍 正在打开分享 <code>${p.shareId}</code>…`) as P<{ shareId: string }>,
  'save.copying': ((p) => `📥 正在保存「${p.name}」：${p.done}/${p.total}`) as P<{
    name: string;
    done: number;
    total: number;
  }>,
  'save.saved': ((p) => `✅ 「${p.name}」已保存到 <code>${p.path}</code>（${p.count}）`) as P<{
    name: string;
    path: string;
    count: string;
  }>,
  'save.files': ((p) => `${p.n} 个文件`) as P<{ n: number }>,
  'save.items': ((p) => `${p.n} 项`) as P<{ n: number }>,
  'save.duplicate': ((p) =>
    `ℹ️ 「${p.name}」已在 ${p.date} 保存到 <code>${p.path}</code>，这次没有重复保存。`) as P<{
    name: string;
    date: string;
    path: string;
  }>,
  'save.againButton': '再保存一份',
  'save.againGone': '这个请求已过期，请重新发送链接。',
  'save.missingPassword': ((p) =>
    `🔑 ${p.subject}需要提取码。直接发给我 4 位提取码（或回复这条消息）就会重试。`) as P<{ subject: string }>,
  'save.wrongPassword': ((p) =>
    `🔑 ${p.subject}的提取码不对。把正确的 4 位提取码发给我（或回复这条消息）就会重试。`) as P<{
    subject: string;
  }>,
  'save.subjectNamed': ((p) => `「${p.name}」`) as P<{ name: string }>,
  'save.subjectShare': ((p) => `分享 <code>${p.shareId}</code> `) as P<{ shareId: string }>,
  'save.cancelled': ((p) => `❌ ${p.subject}已被分享者取消，无法保存。可以请对方重新分享。`) as P<{ subject: string }>,
  'save.expired': ((p) => `❌ ${p.subject}已过期，无法保存。可以请分享者重新分享。`) as P<{ subject: string }>,
  'save.forbidden': ((p) => `❌ ${p.subject}因违规被阿里云盘屏蔽，无法保存。`) as P<{ subject: string }>,
  'save.notFound': ((p) => `❌ ${p.subject}不存在，请检查链接是否完整。`) as P<{ subject: string }>,
  'save.driveFull': ((p) => `❌ 网盘空间不足，${p.subject}没有保存。清理空间后点「🔁 重试」。`) as P<{ subject: string }>,
  'save.relogin': ((p) =>
    `🔐 阿里云盘登录已失效，${p.subject}还没保存。点下面的按钮（或发送 /login）重新登录，登录后我会自动保存它。`) as P<{ subject: string }>,
  'save.loggedOut': ((p) =>
    `❌ 你已退出阿里云盘登录（或登录了另一个账号），${p.subject}的保存已停止。重新发送链接即可保存到当前登录的网盘。`) as P<{ subject: string }>,
  'save.busy': ((p) => `❌ 阿里云盘现在太忙，${p.subject}没有保存成功。过几分钟再点「🔁 重试」。`) as P<{ subject: string }>,
  'save.folderNotFound': (() =>
    '❌ 无法打开或创建保存文件夹。用 /folder 换一个文件夹后再试。') as P<{ subject: string }>,
  'save.interrupted': ((p) =>
    `❌ 保存${p.subject}时多次被中断（机器人中途重启或卡住），已停止重试。部分文件可能已在网盘里；点「🔁 重试」继续。`) as P<{ subject: string }>,
  'save.deviceRefused': ((p) =>
    `❌ ${p.subject}没有保存：阿里云盘拒绝了本机器人的登录设备（登录的设备太多，或这个设备被限制）。请在阿里云盘 App 里移除不用的登录设备，或重新发送 /login，然后再发一次链接。`) as P<{ subject: string }>,
  'save.notUnderstood': ((p) => `❌ ${p.subject}没有保存：阿里云盘的回答这个版本看不懂，已通知管理员。`) as P<{ subject: string }>,
  'save.unknown': ((p) => `❌ 保存${p.subject}时出错了。稍后点「🔁 重试」。`) as P<{ subject: string }>,
  'save.fastTransfer':
    '⚠️ 这是阿里云盘「快传」链接（/t/…），只能在阿里云盘 App 里由接收人保存，我无法转存。请让对方发普通分享链接（/s/…）。',
  'save.noLink':
    '🤔 没有找到阿里云盘分享链接。把分享文字粘贴或转发给我即可，例如：\n<code>https://www.alipan.com/s/xxxxxxxxxxx 提取码: ab12</code>',
  'save.tooMany': ((p) => `一条消息最多处理 ${p.max} 个链接，其余的请分开发送。`) as P<{ max: number }>,
  'save.alreadyQueued': ((p) => `⏳ 这个链接已经在处理中：<code>${p.shareId}</code>`) as P<{ shareId: string }>,
  'flood.skipped': '⏳ 消息太多太快：有些被跳过了，请稍后再发一次。',
  'save.enqueueFailed': '❌ 暂时无法加入队列，请稍后再发一次。',
  'save.queueFull': ((p) => `⏸ 你已有 ${p.max} 个转存在排队。这个链接没有加入队列：等其中一些完成后再发一次。`) as P<{ max: number }>,

  // ── stats (admins) ─────────────────────────────────────────────────────────
  'stats.title': '📊 <b>运行状态</b>',
  'stats.users': ((p) => `用户：${p.n}`) as P<{ n: number }>,
  'stats.accounts': ((p) => `已登录账号：${p.n}`) as P<{ n: number }>,
  'stats.queue': ((p) => `队列：等待 ${p.waiting}，进行中 ${p.active}，延迟 ${p.delayed}，失败 ${p.failed}`) as P<{
    waiting: number;
    active: number;
    delayed: number;
    failed: number;
  }>,
  'stats.today': ((p) => `今天：保存 ${p.saved}，部分 ${p.partial}，重复 ${p.duplicate}，失败 ${p.failed}`) as P<{
    saved: number;
    partial: number;
    duplicate: number;
    failed: number;
  }>,
  'stats.failuresTitle': '今天的失败原因：',
  'stats.noFailures': '今天没有失败。',

  // ── language ───────────────────────────────────────────────────────────────
  'language.set': '✅ 已切换为中文。',
  'language.choose': '选择语言 / Choose a language:',

  // ── unhandled ──────────────────────────────────────────────────────────────
  'unhandled.command': '没有这个命令。发送 /help 查看可用命令。',
  'unhandled.callback': '这个按钮已失效。',
  'error.generic': '❌ 出错了，请稍后再试。',

  // ── an Aliyun answer this version does not understand (src/bot/operator-alert.ts) ──
  'aliyun.deviceRefused':
    '❌ 阿里云盘拒绝了本机器人的登录设备（登录的设备太多，或这个设备被限制）。请在阿里云盘 App 里移除不用的登录设备，或重新发送 /login。',
  'aliyun.notUnderstood': '❌ 阿里云盘的回答这个版本看不懂，已通知管理员。',
  'operator.notUnderstood': ((p) =>
    `⚠️ 阿里云盘对 <code>${p.endpoint}</code> 的回答这个版本看不懂（阿里云盘可能改了接口）。今天这个接口不再提醒。回答的结构（只有键和类型）：\n<pre>${p.shape}</pre>\n请运行 <code>npm run doctor</code> 查看。`) as P<{
    endpoint: string;
    shape: string;
  }>,
  // ── welcome (/start) ───────────────────────────────────────────────────────
  welcome: ((p) =>
    [
      '👋 你好！我能把<b>阿里云盘分享</b>存进你自己的网盘，只要三步：',
      '',
      p.loggedIn ? '1️⃣ 登录阿里云盘 —— 已完成 ✅' : '1️⃣ 点下面的「📱 扫码登录」，用阿里云盘 App 扫码',
      '2️⃣ 把分享链接或整段分享文字发给我（转发也可以）',
      `3️⃣ 我存到 <code>${p.folder}</code>，进度和结果都回复给你`,
      '',
      p.loggedIn ? '现在就发一个分享链接试试吧。' : '还没登录也可以先发链接，登录后我会自动保存。',
      '全部用法：/help',
    ].join('\n')) as P<{ folder: string; loggedIn: number }>,
  'welcome.loggedInButton': ((p) => `✅ 已登录：${p.nickname}`) as P<{ nickname: string }>,
  'welcome.loggedInAlert': ((p) => `已登录阿里云盘：${p.nickname}。要退出请发送 /logout。`) as P<{ nickname: string }>,
  'login.waitingCount': ((p) => `已记下 ${p.n} 个链接，登录后一起保存。`) as P<{ n: number }>,
  // ── retry / stop ───────────────────────────────────────────────────────────
  'save.stopped': ((p) => `✖ 已停止保存${p.subject}。已经存进网盘的文件会留着。`) as P<{ subject: string }>,
  'save.retryButton': '🔁 重试',
  'save.stopButton': '✖ 停止',
  'save.stopping': '✖ 正在停止…',
  'save.stopGone': '这次保存已经结束了。',
  'cancel.runningSaves': ((p) => `📥 正在保存 ${p.n} 个分享。点按钮停止：`) as P<{ n: number }>,
  'cancel.stopAll': '✖ 全部停止',
  'cancel.stoppedAll': ((p) => `✖ 正在停止 ${p.n} 个保存。`) as P<{ n: number }>,
  'qr.openLink': '🔗 打开二维码链接',
  'qr.cancelButton': '✖ 取消登录',
  // ── other drives ───────────────────────────────────────────────────────────
  'save.otherDrive': ((p) =>
    `🤔 这是${p.drives}的链接。我只能保存<b>阿里云盘</b>的分享（alipan.com/s/… 或 aliyundrive.com/s/…）。`) as P<{ drives: string }>,
  'drive.baidu': '百度网盘',
  'drive.quark': '夸克网盘',
  'drive.115': '115 网盘',
  'drive.123': '123 云盘',
  'drive.189': '天翼云盘',
  'drive.xunlei': '迅雷云盘',
  'drive.uc': 'UC 网盘',
  'drive.lanzou': '蓝奏云',
  // ── private /status, commands in the wrong chat ────────────────────────────
  'cmd.status': '登录账号、保存位置和进行中的保存',
  'me.title': '📋 <b>我的状态</b>',
  'me.loggedIn': ((p) => `👤 已登录阿里云盘：<b>${p.nickname}</b>`) as P<{ nickname: string }>,
  'me.notLoggedIn': '🔐 还没登录阿里云盘，点下面的按钮扫码登录。',
  'me.relogin': '🔐 阿里云盘登录已失效，点下面的按钮重新登录。',
  'me.folder': ((p) => `📁 保存到：<code>${p.path}</code>（用 /folder 修改）`) as P<{ path: string }>,
  'me.idle': '💤 现在没有进行中的保存。',
  'me.running': ((p) => `📥 正在保存 ${p.n} 个分享：`) as P<{ n: number }>,
  'wrongChat.openPrivate': '💬 打开私聊',
  // ── dates, /history ────────────────────────────────────────────────────────
  'date.today': ((p) => `今天 ${p.time}`) as P<{ time: string }>,
  'date.yesterday': ((p) => `昨天 ${p.time}`) as P<{ time: string }>,
  'date.thisYear': ((p) => `${p.month}月${p.day}日 ${p.time}`) as P<{ month: number; day: number; time: string }>,
  'history.retryButton': ((p) => `🔁 重试「${p.name}」`) as P<{ name: string }>,
  'history.retrying': '🔁 正在重试，进度见原来的那条消息。',
};
