/**
 * The control API over HTTP, for drivers outside the test process (a demo script in another
 * language, a shell): JSON arguments in, JSON results out. Photos travel as base64 strings.
 */
import type { BotCommandScope, Update } from 'grammy/types';
import type { TelegramFake } from './control.js';
import type { FailureSpec } from './failures.js';
import type { ChannelPostInit, ChatInit, ContentInit, MemberStatus, SetMemberOptions, UserInit, UserMessageInit } from './inputs.js';
import type { ControlFunction } from './server.js';
import { bufferReplacer } from './transcript.js';

/** The control functions reachable as `POST /__control/<name>` with a JSON array of arguments. */
export function controlFunctions(fake: TelegramFake): Map<string, ControlFunction> {
  const fns: Record<string, ControlFunction> = {
    addChat: (init) => fake.addChat(init as ChatInit),
    setMember: (chatId, user, status, options) => fake.setMember(chatId as number, user as UserInit, status as MemberStatus, options as SetMemberOptions),
    sendMessage: (init) => fake.sendMessage(withBuffer(init) as UserMessageInit),
    sendChannelPost: (init) => fake.sendChannelPost(withBuffer(init) as ChannelPostInit),
    editUserMessage: (chatId, messageId, change) => fake.editUserMessage(chatId as number, messageId as number, change as ContentInit),
    clickButton: (chatId, messageId, button, from) => fake.clickButton(chatId as number, messageId as number, button as string, from as UserInit | undefined),
    callbackAnswer: (id) => fake.callbackAnswer(id as string),
    injectUpdate: (update) => fake.injectUpdate(update as Update),
    blockBot: (userId) => fake.blockBot(userId as number),
    unblockBot: (userId) => fake.unblockBot(userId as number),
    messages: (chatId) => fake.messages(chatId as number),
    botMessages: (chatId) => fake.botMessages(chatId as number),
    lastBotMessage: (chatId) => fake.lastBotMessage(chatId as number),
    calls: (method) => fake.calls(method as string | undefined).map((c) => JSON.parse(JSON.stringify(c, bufferReplacer)) as unknown),
    transcript: (chatId) => fake.transcript(chatId as number),
    commands: (scope, language) => fake.commands(scope as BotCommandScope | undefined, language as string | undefined),
    commandsVisibleTo: (chatId, userId, language) => fake.commandsVisibleTo(chatId as number, userId as number, language as string | undefined),
    pendingUpdates: () => fake.pendingUpdates(),
    failNext: (method, spec, count) => fake.failNext(method as string, spec as FailureSpec, count as number | undefined),
    failRandomly: (method, spec, p, seed) => fake.failRandomly(method as string, spec as FailureSpec, p as number, seed as number | undefined),
    clearFailures: () => fake.clearFailures(),
  };
  return new Map(Object.entries(fns));
}

function withBuffer(init: unknown): unknown {
  if (typeof init !== 'object' || init === null) return init;
  const photo = (init as { photo?: unknown }).photo;
  if (typeof photo === 'string') return { ...init, photo: Buffer.from(photo, 'base64') };
  if (typeof photo === 'object' && photo !== null && Array.isArray((photo as { data?: unknown }).data)) {
    return { ...init, photo: Buffer.from((photo as { data: number[] }).data) };
  }
  return init;
}
