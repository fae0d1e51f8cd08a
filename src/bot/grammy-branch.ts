/**
 * grammY's `Composer.branch` — behind every `command`, `on`, `callbackQuery`, `hears`, `filter`
 * and `chatType` — is `lazy`, which builds a new Composer (an array, a chain of closures) each
 * time an update passes it. An update passes every handler registered before the one that takes
 * it: about a hundred here, for each share a user pastes. That was a fifth of everything the bot
 * allocated under load.
 *
 * This replaces it, for every Composer, with the same branch built once: what `lazy` would build
 * from constant middleware is the same Composer on every update (a Composer given to it is still
 * read afresh, so middleware added to it later counts). Imported first by src/bot/index.ts and
 * src/app.ts, before any handler is registered; a Composer built without it only allocates more.
 */
import { Composer, type Middleware, type MiddlewareFn } from 'grammy';

type MaybeArray<T> = T | T[];
type Predicate<C> = (ctx: C) => boolean | Promise<boolean>;

function builtOnce<C extends Parameters<MiddlewareFn>[0]>(middleware: MaybeArray<Middleware<C>>): MiddlewareFn<C> {
  return new Composer<C>(...(Array.isArray(middleware) ? middleware : [middleware])).middleware();
}

Composer.prototype.branch = function branch<C extends Parameters<MiddlewareFn>[0]>(
  this: Composer<C>,
  predicate: Predicate<C>,
  trueMiddleware: MaybeArray<Middleware<C>>,
  falseMiddleware: MaybeArray<Middleware<C>>,
): Composer<C> {
  const onTrue = builtOnce(trueMiddleware);
  const onFalse = builtOnce(falseMiddleware);
  // Not async: most predicates (filter queries, commands) answer at once, and an update passes many.
  return this.use((ctx, next) => {
    const verdict = predicate(ctx);
    if (typeof verdict === 'boolean') return verdict ? onTrue(ctx, next) : onFalse(ctx, next);
    return verdict.then((yes) => (yes ? onTrue(ctx, next) : onFalse(ctx, next)));
  });
};
