/** Pure: which command a message starts with. */
import type { Message } from 'grammy/types';

/** `login` for "/login …" or "/Login@SomeBot …"; undefined when the text does not start with a command. */
export function commandName(message: Pick<Message, 'text' | 'entities'> | undefined): string | undefined {
  const entity = message?.entities?.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (!entity || message?.text === undefined) return undefined;
  return message.text.slice(1, entity.length).split('@')[0]?.toLowerCase();
}
