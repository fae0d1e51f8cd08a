/**
 * QR login, run detached from the update that started it: send the code as a photo, poll the
 * passport every few seconds, edit the caption when it is scanned, hand the refresh token over
 * on CONFIRMED, and always delete the photo at the end. One active login per user.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { InputFile, type Api, type InlineKeyboard } from 'grammy';
import type { Logger } from '../logger.js';
import { t, type CoreKey, type Lang } from './i18n/index.js';
import { qrKeyboard } from './login-prompt.js';
import { isNotModified } from './telegram-errors.js';

/** The part of the Aliyun client QR login needs. */
export interface QrSource {
  qrGenerate(): Promise<{ t: string; ck: string; codeContent: string }>;
  qrQuery(code: { t: string; ck: string }): Promise<{ status: string; refreshToken?: string }>;
}

export interface QrLoginOptions {
  client: QrSource;
  logger: Logger;
  /** Time between two status polls (the web client uses ~3 s). */
  pollIntervalMs?: number;
  /** Give up after this long (the passport's codes live about 5 minutes). */
  timeoutMs?: number;
}

export interface QrLoginRequest {
  /** Where to send the QR photo (the bot's api). */
  api: Api;
  userId: number;
  chatId: number;
  lang: Lang;
  /** Called once with the refresh token after the user confirmed on the phone. */
  onConfirmed(refreshToken: string): Promise<void>;
}

/** Consecutive failed polls after which we stop (about half a minute at the default pace). */
const MAX_POLL_FAILURES = 10;

type AbortReason = 'cancelled' | 'replaced' | 'shutdown';

/** Renders the passport's `codeContent` as a PNG QR code. */
export async function renderQrPng(codeContent: string): Promise<Buffer> {
  // Loaded on the first QR login only: most processes never draw one, and qrcode's PNG encoder
  // (pngjs) would otherwise sit in every bot's memory.
  const { default: QRCode } = await import('qrcode');
  return QRCode.toBuffer(codeContent, { type: 'png', width: 384, margin: 2, errorCorrectionLevel: 'M' });
}

/** Runs and tracks the QR logins of all users. */
export class QrLoginManager {
  private readonly active = new Map<number, { controller: AbortController; done: Promise<void> }>();
  private readonly pollIntervalMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: QrLoginOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 3000;
    this.timeoutMs = options.timeoutMs ?? 5 * 60_000;
  }

  /** Starts a login in the background (replacing the user's previous one) and returns at once. */
  start(request: QrLoginRequest): void {
    this.active.get(request.userId)?.controller.abort('replaced' satisfies AbortReason);
    const controller = new AbortController();
    const done = this.run(request, controller.signal)
      .catch((error: unknown) => this.options.logger.error({ err: error, user_id: request.userId }, 'QR login crashed'))
      .finally(() => {
        if (this.active.get(request.userId)?.controller === controller) this.active.delete(request.userId);
      });
    this.active.set(request.userId, { controller, done });
  }

  /** Stops the user's running login. @returns whether one was running. */
  cancel(userId: number): boolean {
    const entry = this.active.get(userId);
    if (!entry) return false;
    entry.controller.abort('cancelled' satisfies AbortReason);
    this.active.delete(userId);
    return true;
  }

  isActive(userId: number): boolean {
    return this.active.has(userId);
  }

  /** Stops every login and waits until each has cleaned up (shutdown). */
  async stopAll(): Promise<void> {
    const entries = [...this.active.values()];
    for (const entry of entries) entry.controller.abort('shutdown' satisfies AbortReason);
    await Promise.allSettled(entries.map((entry) => entry.done));
  }

  private async run(request: QrLoginRequest, signal: AbortSignal): Promise<void> {
    const { client } = this.options;
    const { api } = request;
    const logger = this.options.logger.child({ user_id: request.userId, flow: 'qr_login' });
    const { chatId, lang } = request;
    let photoId: number | undefined;
    let ending: CoreKey | undefined;
    try {
      const code = await client.qrGenerate();
      const png = await renderQrPng(code.codeContent);
      if (signal.aborted) return;
      // Whoever scans the code owns the login: it cannot be forwarded or saved from the chat.
      const photo = await api.sendPhoto(chatId, new InputFile(png, 'alipan-login.png'), {
        caption: t(lang, 'qr.caption'),
        protect_content: true,
        reply_markup: qrKeyboard(lang, code.codeContent),
      });
      photoId = photo.message_id;
      const deadline = Date.now() + this.timeoutMs;
      let scanned = false;
      let failures = 0;
      for (;;) {
        try {
          await sleep(this.pollIntervalMs, undefined, { signal });
        } catch {
          return; // aborted: /cancel answers for itself, a replacement or shutdown says nothing
        }
        if (Date.now() >= deadline) {
          ending = 'qr.timeout';
          return;
        }
        let result: Awaited<ReturnType<QrSource['qrQuery']>>;
        try {
          result = await client.qrQuery(code);
          failures = 0;
        } catch (error) {
          failures += 1;
          logger.warn({ err: error, failures }, 'QR status poll failed');
          if (failures >= MAX_POLL_FAILURES) {
            ending = 'qr.failed';
            return;
          }
          continue;
        }
        if (signal.aborted) return;
        switch (result.status) {
          case 'NEW':
            break;
          case 'SCANED':
            if (!scanned) {
              scanned = true;
              await this.editCaption(api, chatId, photoId, t(lang, 'qr.scanned'), logger, qrKeyboard(lang));
            }
            break;
          case 'CONFIRMED':
            if (!result.refreshToken) {
              ending = 'qr.failed';
              return;
            }
            await this.deletePhoto(api, chatId, photoId, logger);
            photoId = undefined;
            await request.onConfirmed(result.refreshToken);
            return;
          case 'EXPIRED':
            ending = 'qr.expired';
            return;
          case 'CANCELED':
            ending = 'qr.canceledOnPhone';
            return;
          default:
            logger.warn({ status: result.status }, 'unknown QR status');
        }
      }
    } catch (error) {
      logger.error({ err: error }, 'QR login failed');
      ending = 'qr.failed';
    } finally {
      if (photoId !== undefined) await this.deletePhoto(api, chatId, photoId, logger);
      if (ending !== undefined && !signal.aborted) {
        await api.sendMessage(chatId, t(lang, ending)).catch((error: unknown) => {
          logger.warn({ err: error }, 'could not tell the user how the QR login ended');
        });
      }
    }
  }

  private async editCaption(api: Api, chatId: number, messageId: number, caption: string, logger: Logger, reply_markup: InlineKeyboard): Promise<void> {
    try {
      await api.editMessageCaption(chatId, messageId, { caption, reply_markup });
    } catch (error) {
      if (!isNotModified(error)) logger.warn({ err: error }, 'could not edit the QR caption');
    }
  }

  private async deletePhoto(api: Api, chatId: number, messageId: number, logger: Logger): Promise<void> {
    try {
      await api.deleteMessage(chatId, messageId);
    } catch (error) {
      logger.warn({ err: error }, 'could not delete the QR photo');
    }
  }
}
