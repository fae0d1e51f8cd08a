/**
 * Webhook mode: the bot sets its webhook with a random secret, takes updates only with that
 * secret, and saves shares just as with long polling.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from '../helpers/e2e.js';

/** A port that was free a moment ago (WEBHOOK_PORT must be a real number, not 0). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('webhook mode', () => {
  let e2e: E2E;
  let hookUrl: string;
  beforeAll(async () => {
    const port = await freePort();
    hookUrl = `http://127.0.0.1:${port}/telegram`;
    e2e = await startE2E({ queue: 'embedded', env: { WEBHOOK_URL: hookUrl, WEBHOOK_PORT: String(port) } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('sets the webhook with a random secret and saves a share delivered through it', async () => {
    const { tg, sim } = e2e;
    const hook = tg.webhookConfig();
    expect(hook?.url).toBe(hookUrl);
    expect(hook?.secretToken).toMatch(/^[0-9a-f]{64}$/);
    expect(tg.calls('getUpdates')).toHaveLength(0);

    const u = await e2e.loggedInUser();
    const sent = tg.sendMessage({ from: u.user, text: sim.catalogue.singleFile.text });
    const status = await tg.waitFor(
      () => tg.botMessages(u.chatId).find((m) => m.replyToMessageId === sent.message_id && m.plainText.startsWith('✅')),
      { timeoutMs: 15_000 },
    );
    expect(status.plainText).toContain('saved to /来自分享');
  });

  it('refuses requests without the secret token', async () => {
    const { tg } = e2e;
    const intruder = 6_200_001;
    const update = {
      update_id: 999_999_999,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: intruder, type: 'private', first_name: 'Eve' },
        from: { id: intruder, is_bot: false, first_name: 'Eve' },
        text: '/start',
      },
    };
    const attempts: Record<string, string>[] = [{}, { 'X-Telegram-Bot-Api-Secret-Token': 'guess' }];
    for (const headers of attempts) {
      const response = await fetch(hookUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(update),
      });
      expect(response.status).toBe(401);
    }
    expect(tg.calls('sendMessage').some((c) => c.params['chat_id'] === intruder)).toBe(false);
  });
});
