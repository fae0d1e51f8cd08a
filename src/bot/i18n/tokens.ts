/** What the bot says about a refresh token sent where it should not be (groups, channels) or left undeleted. */
import type { SameShape } from './index.js';

type P<T> = (params: T) => string;

export const zh = {
  'token.group.deleted': ((p) =>
    `⚠️ ${p.name ? `${p.name}，` : ''}请只在与我的<b>私聊</b>中发送 /login。你的消息已删除。如果其中有 refresh_token，看到的人可以用它：请在阿里云盘 App 里让那台登录设备下线，再私聊我发送 /login。`) as P<{ name: string }>,
  'token.group.exposed': ((p) =>
    `🚨 ${p.name ? `${p.name}，` : ''}我<b>无法删除</b>你的消息，其中的 refresh_token 已暴露给本群所有人。请删除这条消息，并结束这个登录：在阿里云盘 App 里让那台登录设备下线，然后在与我的<b>私聊</b>中发送 /login 重新登录。`) as P<{ name: string }>,
  'token.group.privateOnly': ((p) => `⚠️ ${p.name ? `${p.name}，` : ''}请只在与我的<b>私聊</b>中发送 /login。`) as P<{ name: string }>,
  'token.group.bareDeleted':
    '⚠️ 我删除了一条看起来像阿里云盘 refresh_token 的消息。如果它确实是，看到的人可以用它：请在阿里云盘 App 里让那台登录设备下线，再私聊我发送 /login。',
  'token.group.bareExposed':
    '🚨 这里有一条看起来像阿里云盘 refresh_token 的消息，我<b>无法删除</b>。如果它确实是，它已经暴露：请删除它，在阿里云盘 App 里让那台登录设备下线，再私聊我发送 /login。',
  'token.private.notDeleted': '⚠️ 我无法删除你那条带 refresh_token 的消息，请自己删除它。',
  'token.private.bareKept':
    '🔐 这条消息看起来是 refresh_token，我正用它为你登录。但我<b>无法删除</b>这条消息，请自己删除它。以后请发送 <code>/login refresh_token</code>。',
};

export const en: SameShape<typeof zh> = {
  'token.group.deleted': ((p) =>
    `⚠️ ${p.name ? `${p.name}, ` : ''}send /login only in a <b>private chat</b> with me. I deleted your message. If it held a refresh_token, whoever saw it can use it: log that device out in the Aliyun Drive app, then send /login to me in private.`) as P<{ name: string }>,
  'token.group.exposed': ((p) =>
    `🚨 ${p.name ? `${p.name}, ` : ''}I <b>could not delete</b> your message: the refresh_token in it is exposed to everyone in this chat. Delete the message, then end that session: log that device out in the Aliyun Drive app, and send /login to me in a <b>private chat</b> to log in again.`) as P<{ name: string }>,
  'token.group.privateOnly': ((p) => `⚠️ ${p.name ? `${p.name}, ` : ''}send /login only in a <b>private chat</b> with me.`) as P<{ name: string }>,
  'token.group.bareDeleted':
    '⚠️ I deleted a message that looked like an Aliyun Drive refresh_token. If it was one, whoever saw it can use it: log that device out in the Aliyun Drive app, then send /login to me in a private chat.',
  'token.group.bareExposed':
    '🚨 A message here looks like an Aliyun Drive refresh_token and I <b>could not delete</b> it. If it is one, it is exposed: delete it, log that device out in the Aliyun Drive app, then send /login to me in a private chat.',
  'token.private.notDeleted': '⚠️ I could not delete your message with the refresh_token: please delete it yourself.',
  'token.private.bareKept':
    '🔐 That looked like a refresh_token, so I am logging you in with it. I <b>could not delete</b> your message: please delete it yourself. Next time send <code>/login refresh_token</code>.',
};
