/** English messages: same keys and parameters as `zh.ts` (the compiler checks). */
import type { SameShape } from './index.js';
import type { zh } from './zh.js';

type P<T> = (params: T) => string;

export const en: SameShape<typeof zh> = {
  'cmd.start': 'Get started',
  'cmd.help': 'Help and examples',
  'cmd.login': 'Log in to Aliyun Drive with a QR code',
  'cmd.logout': 'Log out and forget the credentials',
  'cmd.folder': 'Show or set the save folder',
  'cmd.history': 'Recent saves',
  'cmd.cancel': 'Cancel a QR login, a dialog or a running save',
  'cmd.language': 'Language / 切换语言',

  help: ((p) =>
    [
      '👋 I save <b>Aliyun Drive (alipan) shares</b> straight into your own drive.',
      '',
      '<b>1. Log in</b>: send /login and scan the QR code with the Aliyun Drive app.',
      '<b>2. Save</b>: paste or forward a share text, for example:',
      `<blockquote>「Movies」https://www.alipan.com/s/${p.exampleId} 提取码: ab12</blockquote>`,
      'I answer with a status message that shows the progress and the result.',
      '',
      '<b>Commands</b>',
      '/login — log in with a QR code',
      '/pick — look inside a share and save only what you tick: <code>/pick share link</code>',
      '/folder — show or set the save folder (default <code>' + p.defaultFolder + '</code>), keep favourites',
      '/skip — files never to save: <code>/skip *.url</code>, <code>/skip *ad*</code>, <code>/skip &lt;1MB</code>',
      '/history — your last 10 saves',
      '/myshares — your share links: view, change expiry or password, cancel',
      '/share — create a share link for files in your drive (<code>/share /path</code>, or browse and pick)',
      '/logout — log out and delete the stored credentials',
      '/cancel — cancel a QR login, a dialog or a running save',
      '/language — Language / 切换语言',
      '',
      '<b>Groups and channels</b>',
      'Groups: add me to the group and send /bind there; its shares are then saved into your drive.',
      'Channels: make me an admin of the channel, then send /bindchannel and pick it (or forward me a post from it); shares posted there are saved automatically.',
      '',
      '<b>Advanced: log in with a refresh_token</b>',
      'Log in at www.alipan.com in a desktop browser, press F12 → Application → Local Storage → <code>token</code>, copy its <code>refresh_token</code>, and send <code>/login your_refresh_token</code> here (the message is deleted at once).',
    ].join('\n')) as P<{ exampleId: string; defaultFolder: string }>,

  'access.denied': '🙏 Sorry, this bot is only open to selected users.',

  'login.privateOnly': 'Please log in from a private chat with me.',
  'login.checking': '🔐 Checking your login…',
  'login.ok': ((p) =>
    `✅ Logged in to Aliyun Drive as <b>${p.nickname}</b>\nFiles go to the ${p.drive}, folder <code>${p.folder}</code> (change it with /folder).`) as P<{
    nickname: string;
    drive: string;
    folder: string;
  }>,
  'login.switched': ((p) =>
    `ℹ️ This is another Aliyun Drive account than before: shares saved into the old one count as new here.${p.n > 0 ? ` The ${p.n} group${p.n === 1 ? '' : 's'}/channel${p.n === 1 ? '' : 's'} you bound now save into this account.` : ''}`) as P<{ n: number }>,
  'login.driveResource': 'resource drive',
  'login.driveBackup': 'backup drive',
  'login.invalidToken':
    '❌ That refresh_token is invalid or expired. Get a fresh one (see /help), or just send /login to log in with a QR code.',
  'login.failed': '❌ Aliyun Drive cannot be reached right now, please try again later.',
  'login.prompt':
    '🔐 Log in to Aliyun Drive first so I can save shares into your drive. Tap the button to log in with a QR code; the link you just sent is saved as soon as you are logged in.',
  'login.promptButton': '📱 Log in with QR code',
  'login.bareToken':
    '🔐 That looked like a refresh_token, so I deleted your message for safety and am logging you in with it. Next time send <code>/login refresh_token</code> (deleted right away too).',
  'login.resuming': ((p) => (p.count === 1 ? '📥 Logged in: saving the link you sent before; see its reply for progress.' : `📥 Logged in: saving the ${p.count} links you sent before; see their replies for progress.`)) as P<{ count: number }>,

  'qr.caption':
    '📱 Scan this QR code with the <b>Aliyun Drive app</b> to log in (valid for 5 minutes).\n\nIs the Aliyun Drive app on this very phone? A phone cannot scan its own screen: tap 「🔗 Open the QR link」 to confirm the login on this phone, or open Telegram on a computer or tablet to show the code there and scan it with the phone.',
  'qr.scanned': '📲 Scanned. Now <b>confirm the login</b> in the Aliyun Drive app on your phone.',
  'qr.expired': '⌛ The QR code expired. Send /login for a new one.',
  'qr.canceledOnPhone': '🚫 The login was cancelled on the phone. Send /login whenever you like.',
  'qr.timeout': '⌛ No login within 5 minutes, so I stopped. Send /login to start again.',
  'qr.cancelled': 'QR login cancelled.',
  'qr.failed': '❌ Could not get a QR code. Try again later (/help shows another way to log in).',
  'cancel.nothing': 'Nothing is running right now.',
  'cancel.done': 'Cancelled.',

  'logout.notLoggedIn': 'You are not logged in.',
  'logout.confirm': ((p) =>
    `Log out <b>${p.nickname}</b>? I will delete the login stored here.`) as P<{ nickname: string }>,
  'logout.yes': 'Yes, log out',
  'logout.no': 'Cancel',
  'logout.done': '👋 Logged out, credentials deleted. Send /login whenever you like.',
  'logout.kept': 'OK, you stay logged in.',

  'folder.set': ((p) => `📁 From now on saving into: <code>${p.path}</code>`) as P<{ path: string }>,
  'folder.invalid':
    'That path cannot be used: folder names must not be empty, . or .., nor contain \\ : * ? " &lt; &gt; |.',
  'folder.failed': '❌ Could not create that folder in your drive, please try again later.',
  'folder.relogin': '❌ Your login has expired, please send /login again.',

  'history.empty': 'No saves yet. Send me a share link to try.',
  'history.title': '🕘 <b>Recent saves</b>',

  'save.queued': ((p) => `⏳ Queued: <code>${p.shareId}</code>`) as P<{ shareId: string }>,
  'save.opening': ((p) => `🔍 Opening share <code>${p.shareId}</code>…`) as P<{ shareId: string }>,
  'save.copying': ((p) => `📥 Saving 「${p.name}」: ${p.done}/${p.total}`) as P<{
    name: string;
    done: number;
    total: number;
  }>,
  'save.saved': ((p) => `✅ 「${p.name}」 saved to <code>${p.path}</code> (${p.count})`) as P<{
    name: string;
    path: string;
    count: string;
  }>,
  'save.files': ((p) => `${p.n} file${p.n === 1 ? '' : 's'}`) as P<{ n: number }>,
  'save.items': ((p) => `${p.n} item${p.n === 1 ? '' : 's'}`) as P<{ n: number }>,
  'save.duplicate': ((p) =>
    `ℹ️ 「${p.name}」 was already saved to <code>${p.path}</code> on ${p.date}; nothing copied this time.`) as P<{
    name: string;
    date: string;
    path: string;
  }>,
  'save.againButton': 'Save another copy',
  'save.againGone': 'This request has expired, please send the link again.',
  'save.missingPassword': ((p) =>
    `🔑 ${p.subject} needs a password. Send me the 4-character code (or reply to this message) and I will retry.`) as P<{
    subject: string;
  }>,
  'save.wrongPassword': ((p) =>
    `🔑 Wrong password for ${p.subject}. Send me the right 4-character code (or reply to this message) and I will retry.`) as P<{
    subject: string;
  }>,
  'save.subjectNamed': ((p) => `「${p.name}」`) as P<{ name: string }>,
  'save.subjectShare': ((p) => `share <code>${p.shareId}</code>`) as P<{ shareId: string }>,
  'save.cancelled': ((p) => `❌ ${p.subject} was cancelled by its owner and cannot be saved. Ask them to share it again.`) as P<{
    subject: string;
  }>,
  'save.expired': ((p) => `❌ ${p.subject} has expired and cannot be saved. Ask the owner to share it again.`) as P<{
    subject: string;
  }>,
  'save.forbidden': ((p) => `❌ ${p.subject} was blocked by Aliyun Drive for a violation and cannot be saved.`) as P<{
    subject: string;
  }>,
  'save.notFound': ((p) => `❌ ${p.subject} does not exist. Check that the link is complete.`) as P<{ subject: string }>,
  'save.driveFull': ((p) => `❌ Your drive is full, ${p.subject} was not saved. Free some space, then tap 🔁 Retry.`) as P<{
    subject: string;
  }>,
  'save.relogin': ((p) =>
    `🔐 Your Aliyun Drive login has expired, so ${p.subject} is not saved yet. Tap the button (or send /login) to log in again; I save it right after.`) as P<{ subject: string }>,
  'save.loggedOut': ((p) =>
    `❌ You logged out of Aliyun Drive (or logged in to another account), so I stopped saving ${p.subject}. Send the link again to save it into the drive you are logged in to now.`) as P<{
    subject: string;
  }>,
  'save.busy': ((p) => `❌ Aliyun Drive is too busy right now, ${p.subject} was not saved. Tap 🔁 Retry in a few minutes.`) as P<{
    subject: string;
  }>,
  'save.folderNotFound': (() =>
    '❌ The save folder could not be opened or created. Pick another one with /folder and try again.') as P<{ subject: string }>,
  'save.interrupted': ((p) =>
    `❌ Saving ${p.subject} was cut off several times (the bot restarted or stalled in the middle of it), so I stopped trying. Some files may already be in your drive; tap 🔁 Retry to finish it.`) as P<{ subject: string }>,
  'save.unknown': ((p) => `❌ Something went wrong while saving ${p.subject}. Tap 🔁 Retry later.`) as P<{
    subject: string;
  }>,
  'save.deviceRefused': ((p) =>
    `❌ ${p.subject} was not saved: Aliyun Drive refuses this bot's device for your account (too many devices signed in, or this one is blocked). Remove devices you no longer use in the Aliyun Drive app, or send /login again, then send the link again.`) as P<{
    subject: string;
  }>,
  'save.notUnderstood': ((p) =>
    `❌ ${p.subject} was not saved: Aliyun answered in a way this version does not understand; the operator has been told.`) as P<{
    subject: string;
  }>,
  'save.fastTransfer':
    '⚠️ This is an Aliyun Drive fast-transfer link (/t/…). Only its recipient can accept it in the Aliyun Drive app, so I cannot save it. Ask for a normal share link (/s/…).',
  'save.noLink':
    '🤔 I found no Aliyun Drive share link. Paste or forward a share text, for example:\n<code>https://www.alipan.com/s/xxxxxxxxxxx 提取码: ab12</code>',
  'save.tooMany': ((p) => `I handle at most ${p.max} links per message; please send the rest separately.`) as P<{ max: number }>,
  'save.alreadyQueued': ((p) => `⏳ This link is already being saved: <code>${p.shareId}</code>`) as P<{ shareId: string }>,
  'flood.skipped': '⏳ Too many messages at once: I skipped some of them. Send those again in a moment.',
  'save.enqueueFailed': '❌ Could not queue the save right now, please send it again later.',
  'save.queueFull': ((p) => `⏸ You already have ${p.max} saves waiting. This link was not queued: send it again once some of them are done.`) as P<{ max: number }>,
  'stats.title': '📊 <b>Status</b>',
  'stats.users': ((p) => `Users: ${p.n}`) as P<{ n: number }>,
  'stats.accounts': ((p) => `Linked accounts: ${p.n}`) as P<{ n: number }>,
  'stats.queue': ((p) =>
    `Queue: ${p.waiting} waiting, ${p.active} active, ${p.delayed} delayed, ${p.failed} failed`) as P<{
    waiting: number;
    active: number;
    delayed: number;
    failed: number;
  }>,
  'stats.today': ((p) =>
    `Today: ${p.saved} saved, ${p.partial} partial, ${p.duplicate} duplicate, ${p.failed} failed`) as P<{
    saved: number;
    partial: number;
    duplicate: number;
    failed: number;
  }>,
  'stats.failuresTitle': 'Failures today by reason:',
  'stats.noFailures': 'No failures today.',

  'language.set': '✅ Switched to English.',
  'language.choose': 'Choose a language / 选择语言:',

  'unhandled.command': 'Unknown command. Send /help to see what I can do.',
  'unhandled.callback': 'This button has expired.',
  'error.generic': '❌ Something went wrong, please try again later.',

  'aliyun.deviceRefused':
    "❌ Aliyun Drive refuses this bot's device for your account (too many devices signed in, or this one is blocked). Remove devices you no longer use in the Aliyun Drive app, or send /login again.",
  'aliyun.notUnderstood': '❌ Aliyun answered in a way this version does not understand; the operator has been told.',
  'operator.notUnderstood': ((p) =>
    `⚠️ Aliyun answered <code>${p.endpoint}</code> in a way this version does not understand (Aliyun may have changed it). No more alerts for this endpoint today. The answer's shape (keys and types only):\n<pre>${p.shape}</pre>\nRun <code>npm run doctor</code> to look closer.`) as P<{
    endpoint: string;
    shape: string;
  }>,
  welcome: ((p) =>
    [
      '👋 Hi! I save <b>Aliyun Drive (alipan) shares</b> into your own drive in three steps:',
      '',
      p.loggedIn ? '1️⃣ Log in to Aliyun Drive — done ✅' : '1️⃣ Tap 「📱 Log in with QR code」 below and scan it with the Aliyun Drive app',
      '2️⃣ Send me a share link or a whole share text (forwarding works too)',
      `3️⃣ I save it into <code>${p.folder}</code> and reply with the progress and the result`,
      '',
      p.loggedIn ? 'Send me a share link to try it.' : 'You can paste a link first; I will save it after you log in.',
      'Everything else: /help',
    ].join('\n')) as P<{ folder: string; loggedIn: number }>,
  'welcome.loggedInButton': ((p) => `✅ Logged in as ${p.nickname}`) as P<{ nickname: string }>,
  'welcome.loggedInAlert': ((p) => `Logged in to Aliyun Drive as ${p.nickname}. Send /logout to log out.`) as P<{ nickname: string }>,
  'login.waitingCount': ((p) => `${p.n} links are waiting; I save them all after you log in.`) as P<{ n: number }>,
  'save.stopped': ((p) => `✖ Stopped saving ${p.subject}. Files already in your drive stay there.`) as P<{ subject: string }>,
  'save.retryButton': '🔁 Retry',
  'save.stopButton': '✖ Stop',
  'save.stopping': '✖ Stopping…',
  'save.stopGone': 'This save has already ended.',
  'cancel.runningSaves': ((p) => (p.n === 1 ? '📥 One share is being saved. Tap to stop it:' : `📥 ${p.n} shares are being saved. Tap one to stop it:`)) as P<{ n: number }>,
  'cancel.stopAll': '✖ Stop all',
  'cancel.stoppedAll': ((p) => (p.n === 1 ? '✖ Stopping the save.' : `✖ Stopping ${p.n} saves.`)) as P<{ n: number }>,
  'qr.openLink': '🔗 Open the QR link',
  'qr.cancelButton': '✖ Cancel login',
  'save.otherDrive': ((p) =>
    `🤔 This is a ${p.drives} link. I save <b>Aliyun Drive</b> shares only (alipan.com/s/… or aliyundrive.com/s/…).`) as P<{ drives: string }>,
  'drive.baidu': 'Baidu Netdisk',
  'drive.quark': 'Quark',
  'drive.115': '115',
  'drive.123': '123pan',
  'drive.189': 'Tianyi Cloud (189)',
  'drive.xunlei': 'Xunlei',
  'drive.uc': 'UC Drive',
  'drive.lanzou': 'Lanzou',
  'cmd.status': 'Your login, save folder and running saves',
  'me.title': '📋 <b>Your status</b>',
  'me.loggedIn': ((p) => `👤 Logged in to Aliyun Drive as <b>${p.nickname}</b>`) as P<{ nickname: string }>,
  'me.notLoggedIn': '🔐 Not logged in to Aliyun Drive yet: tap the button to log in with a QR code.',
  'me.relogin': '🔐 Your Aliyun Drive login has expired: tap the button to log in again.',
  'me.folder': ((p) => `📁 Saving into <code>${p.path}</code> (change it with /folder)`) as P<{ path: string }>,
  'me.idle': '💤 No saves running right now.',
  'me.running': ((p) => (p.n === 1 ? '📥 Saving one share:' : `📥 Saving ${p.n} shares:`)) as P<{ n: number }>,
  'wrongChat.openPrivate': '💬 Open a private chat',
  'date.today': ((p) => `today ${p.time}`) as P<{ time: string }>,
  'date.yesterday': ((p) => `yesterday ${p.time}`) as P<{ time: string }>,
  'date.thisYear': ((p) =>
    `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][p.month - 1] ?? p.month} ${p.day} ${p.time}`) as P<{
    month: number;
    day: number;
    time: string;
  }>,
  'history.retryButton': ((p) => `🔁 Retry 「${p.name}」`) as P<{ name: string }>,
  'history.retrying': '🔁 Retrying; see the original message for progress.',
};
