/** Pure: the share links of a group post or channel post (text, caption, hidden links, buttons). */
import type { Message } from 'grammy/types';
import { extractShareLinks, type ShareRef } from '../../share-text.js';
import { actorOfMessage } from './actor.js';

type PostFields = Pick<Message, 'text' | 'caption' | 'entities' | 'caption_entities' | 'reply_markup'>;

/** URLs of a post's inline buttons, where channels like to hide the link. */
function buttonUrls(post: PostFields): string[] {
  return (post.reply_markup?.inline_keyboard ?? []).flat().flatMap((button) => ('url' in button && button.url ? [button.url] : []));
}

/** Every share link of a post. */
export function shareLinksOf(post: PostFields): ShareRef[] {
  const text = post.text ?? post.caption ?? '';
  const entities = post.entities ?? post.caption_entities ?? [];
  return extractShareLinks(text, entities, buttonUrls(post));
}

/** The person who posted a message, when Telegram names one (not an anonymous admin or a channel). */
export function posterOf(post: Pick<Message, 'chat' | 'from' | 'sender_chat' | 'is_automatic_forward'>): number | undefined {
  const actor = actorOfMessage(post);
  return actor.kind === 'user' ? actor.userId : undefined;
}
