/**
 * A user who deletes a save's status message before the save ends still hears how it ended:
 * once, as a new message under their own, with the same buttons — and a password asked for that
 * way can be given by replying to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueKinds, startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

const kinds = await queueKinds();

describe.each(kinds)('a deleted status message (%s queue)', (queue) => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue, app: { savePoll: { firstMs: 20, maxMs: 100 } } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  /** Sends `text` with Aliyun slowed down, and deletes the status message while the save runs. */
  async function sendAndDeleteStatus(u: TestUser, text: string) {
    const { tg, sim } = e2e;
    sim.setKnobs({ latencyMs: 300 });
    try {
      const sent = tg.sendMessage({ from: u.user, text });
      const status = await tg.waitFor(() => tg.botMessages(u.chatId).find((m) => m.replyToMessageId === sent.message_id), {
        description: 'the status message',
      });
      // As the user deleting it (the fake's deleteMessage, through the bot's own Bot API client).
      await e2e.app.bot.api.deleteMessage(u.chatId, status.messageId);
      const outcome = await tg.waitFor(
        () => tg.botMessages(u.chatId).find((m) => m.replyToMessageId === sent.message_id && !m.deleted && m.messageId !== status.messageId),
        { timeoutMs: 20_000, description: 'the outcome as a new message' },
      );
      return { sent, status, outcome };
    } finally {
      sim.setKnobs({ latencyMs: 0 });
    }
  }

  it('a saved share is reported anew, once, with its "share it" button', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    const { sent, outcome } = await sendAndDeleteStatus(u, sim.catalogue.singleFile.text);
    expect(outcome.plainText).toBe('✅ 「Big.Buck.Bunny.2008.1080p.mp4」 saved to /来自分享 (1 file)');
    // The button works under the new message: it finds the save.
    const query = tg.clickButton(u.chatId, outcome.messageId, { text: '🔗 Share it' });
    const answer = await tg.waitForCallbackAnswer(query);
    expect(answer.show_alert ?? false).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(tg.botMessages(u.chatId).filter((m) => m.replyToMessageId === sent.message_id && !m.deleted)).toHaveLength(1);
  });

  it('a password asked for in a new message: a reply to that message with the code saves the share', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    const { outcome } = await sendAndDeleteStatus(u, sim.catalogue.password.url);
    expect(outcome.plainText).toContain('needs a password');

    const answer = tg.sendMessage({ from: u.user, text: 'sorry, it is ab12', reply_to_message_id: outcome.messageId });
    const saved = await tg.waitFor(
      () => tg.botMessages(u.chatId).find((m) => m.replyToMessageId === answer.message_id && m.plainText.startsWith('✅')),
      { timeoutMs: 20_000, description: 'the share saved with the password' },
    );
    expect(saved.plainText).toBe('✅ 「考研资料 2024」 saved to /来自分享 (5 files)');
    expect(sim.tree(u.account.userId)['/来自分享/考研资料 2024']).toBe(5);
  });
});
