import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bot, webhookCallback } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { startTelegramFake, type TelegramFake } from '../../../src/sim/telegram/index.js';
import { postJson } from './harness.js';

const ann = { id: 7007, first_name: 'Ann' };

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

describe('webhook mode', () => {
  let tg: TelegramFake;
  let server: Server | undefined;
  afterEach(async () => {
    await tg.close();
    if (server) {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
      server = undefined;
    }
  });

  it('POSTs updates with the secret header to grammY\'s webhook handler', async () => {
    tg = await startTelegramFake({ webhook: { retryDelayMs: 50 } });
    const bot = new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });
    bot.on('message:text', (ctx) => ctx.reply(`webhook got: ${ctx.message.text}`));
    const handle = webhookCallback(bot, 'http', { secretToken: 'S3cret_token-1' });
    const secrets: Array<string | undefined> = [];
    server = createServer((req, res) => {
      secrets.push(req.headers['x-telegram-bot-api-secret-token'] as string | undefined);
      void handle(req, res);
    });
    const url = await listen(server);
    await bot.api.setWebhook(url, { secret_token: 'S3cret_token-1' });
    tg.sendMessage({ from: ann, text: 'hello hook' });
    const reply = await tg.waitForBotMessage(ann.id, 'webhook got');
    expect(reply.plainText).toBe('webhook got: hello hook');
    expect(secrets).toEqual(['S3cret_token-1']);
    expect(await bot.api.getWebhookInfo()).toMatchObject({ url, pending_update_count: 0, has_custom_certificate: false });
    const poll = await postJson(tg, 'getUpdates', {});
    expect(poll.body).toEqual({
      ok: false,
      error_code: 409,
      description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    });
  });

  it('a failing webhook is retried with the same update until it answers 2xx, with last_error reported', async () => {
    tg = await startTelegramFake({ webhook: { retryDelayMs: 50 } });
    let healthy = false;
    const bodies: string[] = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(healthy ? 200 : 500).end();
      });
    });
    const url = await listen(server);
    expect((await postJson(tg, 'setWebhook', { url })).body).toEqual({ ok: true, result: true, description: 'Webhook was set' });
    tg.sendMessage({ from: ann, text: 'retry me' });
    await tg.waitFor(() => tg.webhookConfig()?.lastErrorMessage);
    expect(tg.webhookConfig()?.lastErrorMessage).toBe('Wrong response from the webhook: 500 Internal Server Error');
    expect(((await postJson(tg, 'getWebhookInfo', {})).body.result as { pending_update_count: number }).pending_update_count).toBe(1);
    healthy = true;
    await tg.waitFor(() => tg.pendingUpdates().length === 0);
    expect(bodies.length).toBeGreaterThanOrEqual(2);
    expect(new Set(bodies).size).toBe(1); // the same update every time
    expect(JSON.parse(bodies[0]!)).toMatchObject({ message: { text: 'retry me', chat: { id: ann.id } } });
  });

  it('runs a method returned in the webhook answer', async () => {
    tg = await startTelegramFake();
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: 'sendMessage', chat_id: ann.id, text: 'replied inline' }));
      });
    });
    await postJson(tg, 'setWebhook', { url: await listen(server) });
    tg.sendMessage({ from: ann, text: 'hi' });
    await tg.waitForBotMessage(ann.id, 'replied inline');
    expect(tg.calls('sendMessage')[0]!.via).toBe('webhook-reply');
  });

  it('refuses webhooks off this machine and bad secret tokens; deleteWebhook re-enables polling', async () => {
    tg = await startTelegramFake();
    expect((await postJson(tg, 'setWebhook', { url: 'https://example.com/hook' })).body.description).toBe(
      'Bad Request: bad webhook: Failed to resolve host: Name or service not known',
    );
    expect((await postJson(tg, 'setWebhook', { url: 'http://127.0.0.1:9/hook', secret_token: 'has space' })).body.description).toBe(
      'Bad Request: secret token contains unallowed characters',
    );
    await postJson(tg, 'setWebhook', { url: 'http://127.0.0.1:9/hook' });
    expect((await postJson(tg, 'deleteWebhook', {})).body).toEqual({ ok: true, result: true, description: 'Webhook was deleted' });
    expect((await postJson(tg, 'getUpdates', {})).body).toEqual({ ok: true, result: [] });
  });
});
