/**
 * Every Bot API method the fake speaks, keyed by lowercased name (the server matches
 * method names case-insensitively).
 */
import type { MethodHandler } from '../dispatch.js';
import { callbackMethods } from './callbacks.js';
import { chatMethods } from './chats.js';
import { commandMethods } from './commands.js';
import { messageMethods } from './messages.js';
import { updateMethods } from './updates.js';

/** Builds the method table. */
export function methodTable(): Map<string, MethodHandler> {
  const table = new Map<string, MethodHandler>();
  for (const group of [updateMethods, messageMethods, chatMethods, commandMethods, callbackMethods]) {
    for (const [name, handler] of Object.entries(group)) table.set(name.toLowerCase(), handler);
  }
  return table;
}
