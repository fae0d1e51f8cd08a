/**
 * 200 hostile messages — random Unicode, 4096-character texts, broken links, markup, nonsense
 * entities and commands — leave the bot answering, and the next normal share still saves.
 */
import fc from 'fast-check';
import type { MessageEntity } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CHAT_BACKLOG } from '../../src/bot/middleware/chat-backlog.js';
import { queueKinds, startE2E, type E2E } from '../helpers/e2e.js';

const kinds = await queueKinds();

interface Hostile {
  text: string;
  entities?: MessageEntity[];
}

const idChars = [...'abcdefghijkXYZ0123456789_-'];
const junkChars = [...'/?=&%#:：@．。 \u200b\u202e<>"\'`*_[]()~|\\'];

const shareId = fc.string({ unit: fc.constantFrom(...idChars), minLength: 0, maxLength: 20 });
const junk = fc.string({ unit: fc.constantFrom(...idChars, ...junkChars), maxLength: 40 });

const brokenLink = fc
  .tuple(
    fc.constantFrom('https://www.alipan.com/s/', 'http://aliyundrive.com/s/', 'alipan.com/s/', 'www.aliyundrive.com/t/', 'https://www.alipan.com/s/%E4%BD', 'ａｌｉｐａｎ．ｃｏｍ／ｓ／'),
    shareId,
    fc.constantFrom('', '/folder/', '/folder/zzz', '?pwd=', '?pwd=ab12', ' 提取码: ', ' 提取码：xy', ' 密码 1', '#'),
    junk,
  )
  .map(([a, b, c, d]) => `${a}${b}${c}${d}`);

const markup = fc
  .array(fc.constantFrom('<b>', '</b>', '</code>', '<a href="x">', '&amp;', '&', '*_[', '`', '```', '||', '~', '\\', '<tg-spoiler>', '「', '」'), { maxLength: 12 })
  .map((parts) => parts.join(' '));

const longText = fc
  .tuple(fc.constantFrom('a', '阿', '😀', ' ', '\n', 'https://www.alipan.com/s/'), fc.nat(10))
  .map(([unit, n]) => unit.repeat(4096).slice(0, 4096 - n));

const command = fc
  .tuple(fc.constantFrom('/folder', '/folder ', '/history', '/cancel', '/language', '/logout', '/help', '/stats', '/nonsense', '/start'), junk)
  .map(([c, rest]) => `${c}${rest}`);

const hostileText = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
  brokenLink,
  fc.array(brokenLink, { minLength: 2, maxLength: 14 }).map((links) => links.join('\n')),
  markup,
  longText,
  command,
);

const hostileMessage: fc.Arbitrary<Hostile> = fc
  .tuple(
    hostileText.filter((text) => text.trim().length > 0),
    fc.option(
      fc.array(
        fc.record({
          type: fc.constantFrom('text_link', 'url', 'bold', 'bot_command'),
          offset: fc.integer({ min: -5, max: 5000 }),
          length: fc.integer({ min: -5, max: 5000 }),
          url: fc.oneof(brokenLink, junk),
        }),
        { maxLength: 4 },
      ),
      { nil: undefined },
    ),
  )
  .map(([text, entities]) => (entities ? { text, entities: entities as MessageEntity[] } : { text }));

describe.each(kinds)('hostile input (%s queue)', (queue) => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue, app: { savePoll: { firstMs: 20, maxMs: 100 } } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('200 hostile messages leave the bot answering, and the next normal share still saves', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    const messages = fc.sample(hostileMessage, { numRuns: 200, seed: 20240501 });
    const sent = messages.map((m) => tg.sendMessage({ from: u.user, ...m }));

    // The 200 arrive at once: the chat's backlog is bounded (one chat must not hold every
    // update slot), so the first MAX_CHAT_BACKLOG are handled and the rest skipped, said once.
    // Plain messages (not commands) among those handled each get at least one answer.
    const plain = sent.slice(0, MAX_CHAT_BACKLOG).filter((m) => !(m.text ?? '').startsWith('/'));
    await tg.waitFor(
      () => {
        const answered = new Set(tg.botMessages(u.chatId).map((b) => b.replyToMessageId));
        return plain.every((m) => answered.has(m.message_id));
      },
      { timeoutMs: 60_000, description: 'an answer to every hostile message handled' },
    );
    expect(tg.botMessages(u.chatId).filter((b) => b.plainText.includes('I skipped some of them'))).toHaveLength(1);

    tg.sendMessage({ from: u.user, text: '/folder /after-the-storm' });
    await tg.waitForBotMessage(u.chatId, 'From now on saving into: /after-the-storm');
    const normal = tg.sendMessage({ from: u.user, text: sim.catalogue.singleFile.text });
    const status = await tg.waitFor(
      () => tg.botMessages(u.chatId).find((b) => b.replyToMessageId === normal.message_id && /^(✅|❌)/u.test(b.plainText)),
      { timeoutMs: 30_000, description: 'the normal share to finish' },
    );
    expect(status.plainText).toContain('saved to /after-the-storm');
    expect(sim.findByName(u.account.userId, 'Big.Buck.Bunny.2008.1080p.mp4').length).toBeGreaterThanOrEqual(1);

    // Nothing blew up inside a handler, and every message the bot sent was valid for Telegram.
    const failures = e2e.logLines.filter((l) => /update handler failed|unhandled bot error/.test(l));
    expect(failures).toEqual([]);
    const rejected = tg.calls().filter((c) => c.status !== undefined && !c.ok && !c.injected && c.method !== 'getUpdates');
    expect(rejected.map((c) => `${c.method}: ${c.error?.description}`)).toEqual([]);
  }, 120_000);
});
