/** Pure: whether and which command a message starts with. */
import type { Message, MessageEntity } from 'grammy/types';

/** The `bot_command` entity at the very start of a text or caption, if any. */
function leadingCommand(entities: readonly MessageEntity[] | undefined): MessageEntity | undefined {
  return entities?.find((e) => e.type === 'bot_command' && e.offset === 0);
}

/** Whether the message (its text, else its caption) starts with a command addressed at some bot. */
export function startsWithCommand(message: Pick<Message, 'entities' | 'caption_entities'> | undefined): boolean {
  return leadingCommand(message?.entities ?? message?.caption_entities) !== undefined;
}

/** `login` for "/login …" or "/Login@SomeBot …"; undefined when the text does not start with a command. */
export function commandName(message: Pick<Message, 'text' | 'entities'> | undefined): string | undefined {
  const entity = leadingCommand(message?.entities);
  if (!entity || message?.text === undefined) return undefined;
  return message.text.slice(1, entity.length).split('@')[0]?.toLowerCase();
}

/** What follows the leading command of a text, trimmed (`""` when nothing does). */
export function commandArgument(message: Pick<Message, 'text' | 'entities'> | undefined): string {
  return (message?.text ?? '').slice(leadingCommand(message?.entities)?.length ?? 0).trim();
}
