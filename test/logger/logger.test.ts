import { Writable } from 'node:stream';
import { HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

const BOT_TOKEN = '123456789:AAH_SECRETsecretSECRETsecret_xyz';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: createLogger('debug', destination), lines };
}

describe('the app logger', () => {
  it('never writes the bot token that a grammY network error quotes in its URL', () => {
    const { logger, lines } = capture();
    const fetchError = new Error(`request to http://127.0.0.1:1/bot${BOT_TOKEN}/editMessageText failed, reason: connect ECONNREFUSED`);
    logger.error({ err: new HttpError(`Network request for 'editMessageText' failed!`, fetchError) }, 'edit failed');
    logger.error({ error: fetchError }, 'also under "error"');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain(BOT_TOKEN);
      expect(line).toContain('bot[redacted]');
    }
  });

  it('drops the request payload a Bot API error carries (share texts with 提取码, photo bytes)', () => {
    const { logger, lines } = capture();
    const apiError = Object.assign(new Error('Call to sendMessage failed! (400: Bad Request)'), {
      method: 'sendMessage',
      payload: { chat_id: 1, text: '「x」https://www.alipan.com/s/AbCdEfGh123 提取码: ab12' },
    });
    logger.warn({ err: apiError }, 'send failed');
    expect(lines[0]).toContain('sendMessage');
    expect(lines[0]).not.toContain('ab12');
  });

  it('redacts token fields by name', () => {
    const { logger, lines } = capture();
    logger.info({ account: { refresh_token: 'r-secret', accessToken: 'a-secret' } }, 'linked');
    expect(lines[0]).not.toContain('r-secret');
    expect(lines[0]).not.toContain('a-secret');
  });
});
