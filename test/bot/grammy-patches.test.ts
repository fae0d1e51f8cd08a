/**
 * src/bot/grammy-patches.ts replaces how every Composer chains and branches its middleware. Every
 * update the bot takes goes through it, so these pin grammY's semantics the bot (and its plugins)
 * rely on, through a real grammY Bot with the patches installed.
 */
import '../../src/bot/grammy-patches.js';
import { Bot, BotError, Composer, type Context } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { describe, expect, it } from 'vitest';

// Only what grammY reads; the rest of getMe's answer does not matter here.
const BOT_INFO = { id: 1, is_bot: true, first_name: 'bot', username: 'bot' } as UserFromGetMe;

let updateId = 1;
function text(body: string): Update {
  const id = updateId++;
  const command = /^\/\w+/.exec(body);
  return {
    update_id: id,
    message: {
      message_id: id,
      date: 0,
      text: body,
      ...(command ? { entities: [{ type: 'bot_command' as const, offset: 0, length: command[0].length }] } : {}),
      chat: { id: 7, type: 'private', first_name: 'u' },
      from: { id: 7, is_bot: false, first_name: 'u' },
    },
  };
}

function newBot() {
  return new Bot<Context>('1:test', { botInfo: BOT_INFO });
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('grammY middleware with the patched Composer', () => {
  it('runs handlers in registration order; a pasted text passes every command to the handler that takes it', async () => {
    const bot = newBot();
    const seen: string[] = [];
    bot.use(async (_ctx, next) => {
      seen.push('outer before');
      await next();
      seen.push('outer after'); // next() settles only once everything after it has run
    });
    bot.use((_ctx, next) => {
      seen.push('sync pass');
      return next();
    });
    const feature = new Composer<Context>();
    for (const name of ['start', 'help', 'login', 'folder', 'history']) {
      feature.command(name, () => void seen.push(`/${name}`));
    }
    feature.on('message:text', async (ctx, next) => {
      await tick();
      seen.push(`text ${ctx.message.text}`);
      await next();
    });
    bot.use(feature);
    bot.on('message', () => void seen.push('fallback'));
    bot.on('message', () => void seen.push('never: the fallback does not call next'));

    await bot.handleUpdate(text('https://www.alipan.com/s/abc'));
    expect(seen).toEqual(['outer before', 'sync pass', 'text https://www.alipan.com/s/abc', 'fallback', 'outer after']);

    seen.length = 0;
    await bot.handleUpdate(text('/folder'));
    expect(seen).toEqual(['outer before', 'sync pass', '/folder', 'outer after']);
  });

  it('rejects a second call of next with grammY\'s error, and runs the rest once', async () => {
    const bot = newBot();
    let rest = 0;
    bot.use(async (_ctx, next) => {
      await next();
      await next();
    });
    bot.use(() => void rest++);
    const failure = await bot.handleUpdate(text('hi')).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(BotError);
    expect((failure as BotError).error).toEqual(new Error('`next` already called before!'));
    expect(rest).toBe(1);

    // Called again while the rest is still running (from the rest itself): refused as well.
    const reentrant = newBot();
    let firstNext: (() => Promise<void>) | undefined;
    let second: unknown;
    reentrant.use((_ctx, next) => {
      firstNext = next;
      return next();
    });
    reentrant.use(async () => {
      second = await firstNext!().then(
        () => 'ran again',
        (error: Error) => error.message,
      );
    });
    await reentrant.handleUpdate(text('hi'));
    expect(second).toBe('`next` already called before!');
  });

  it('turns a handler\'s sync throw into an error its error boundary catches, then goes on when told to', async () => {
    const bot = newBot();
    const caught: unknown[] = [];
    const after: string[] = [];
    const risky = new Composer<Context>();
    risky.on('message', () => {
      throw new Error('sync boom');
    });
    bot.errorBoundary(async (error, next) => {
      caught.push(error.error);
      await next();
    }, risky);
    bot.on('message', () => void after.push('after the boundary'));

    await bot.handleUpdate(text('hi'));
    expect(caught).toEqual([new Error('sync boom')]);
    expect(after).toEqual(['after the boundary']);
  });

  it('a Composer\'s handler never throws synchronously, even when its middleware does', async () => {
    const composer = new Composer<Context>();
    composer.use(() => {
      throw new Error('sync boom');
    });
    let result: Promise<void> | undefined;
    expect(() => {
      result = composer.middleware()({} as Context, () => Promise.resolve()) as Promise<void>;
    }).not.toThrow();
    await expect(result).rejects.toThrow('sync boom');
  });

  it('counts middleware added to a Composer after it was passed to the bot, and after updates were handled', async () => {
    const bot = newBot();
    const seen: string[] = [];
    const feature = new Composer<Context>();
    bot.use(feature);
    feature.command('early', () => void seen.push('/early'));
    await bot.handleUpdate(text('/late'));
    feature.command('late', () => void seen.push('/late')); // added after an update went through
    bot.on('message', () => void seen.push('bot, later'));
    await bot.handleUpdate(text('/late'));
    await bot.handleUpdate(text('/early'));
    await bot.handleUpdate(text('plain'));
    expect(seen).toEqual(['/late', '/early', 'bot, later']);
  });

  it('a handler taken with middleware() keeps the steps it had (as grammY\'s chain did)', async () => {
    const composer = new Composer<Context>();
    const seen: string[] = [];
    composer.use((_ctx, next) => (seen.push('a'), next()));
    composer.use((_ctx, next) => (seen.push('b'), next()));
    const before = composer.middleware();
    composer.use((_ctx, next) => (seen.push('c'), next()));
    await before({} as Context, () => Promise.resolve());
    expect(seen).toEqual(['a', 'b']);
    seen.length = 0;
    await composer.middleware()({} as Context, () => Promise.resolve());
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('lets middleware return without awaiting next; next() resolves to nothing, whatever the handler returns', async () => {
    const bot = newBot();
    let resolvedTo: unknown = 'not yet';
    let ranLater = false;
    bot.use(async (_ctx, next) => {
      resolvedTo = await next();
    });
    bot.use((_ctx, next) => {
      void next(); // fire and forget
    });
    bot.on('message', async () => {
      await tick();
      ranLater = true;
      return 'a value from the handler';
    });
    await bot.handleUpdate(text('hi'));
    expect(resolvedTo).toBeUndefined();
    expect(ranLater).toBe(false); // nobody waited for it...
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ranLater).toBe(true); // ...but it ran

    const direct = newBot();
    direct.use(async (_ctx, next) => {
      resolvedTo = await next();
    });
    direct.use(async () => 'a value from the handler');
    direct.use(() => 'never reached');
    resolvedTo = 'not yet';
    await direct.handleUpdate(text('hi'));
    expect(resolvedTo).toBeUndefined();
  });

  it('keeps lazy, route, branch, fork and drop working', async () => {
    const bot = newBot();
    const seen: string[] = [];
    bot.lazy((ctx) => (_c, next) => (seen.push(`lazy ${ctx.message?.text}`), next()));
    bot.route(
      (ctx) => (ctx.message?.text === 'left' ? 'left' : 'right'),
      { left: (_c, next) => (seen.push('route left'), next()), right: (_c, next) => (seen.push('route right'), next()) },
    );
    bot.branch(
      async (ctx) => ctx.message?.text === 'left',
      (_c, next) => (seen.push('branch yes'), next()),
      (_c, next) => (seen.push('branch no'), next()),
    );
    bot.fork(() => void seen.push('fork'));
    bot.drop((ctx) => ctx.message?.text === 'left', () => void seen.push('not dropped'));
    bot.on('message', () => void seen.push('end'));

    await bot.handleUpdate(text('left'));
    expect(seen.sort()).toEqual(['branch yes', 'end', 'fork', 'lazy left', 'route left'].sort());
    seen.length = 0;
    await bot.handleUpdate(text('right'));
    expect(seen.sort()).toEqual(['branch no', 'fork', 'lazy right', 'not dropped', 'route right'].sort());
  });
});
