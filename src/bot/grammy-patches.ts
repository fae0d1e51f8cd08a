/**
 * Two patches to grammY's `Composer`, for every Composer, that make an update's trip through the
 * middleware tree cheap without changing what it does. An update passes every handler registered
 * before the one that takes it: a hundred or more for each share a user pastes.
 *
 * - `branch` (behind every `command`, `on`, `callbackQuery`, `hears`, `filter`, `chatType`) is
 *   `lazy` in grammY, which builds a new Composer (an array, a chain of closures) each time an
 *   update passes it: a fifth of everything the bot allocated under load. Here the same branch is
 *   built once: what `lazy` would build from constant middleware is the same Composer on every
 *   update (a Composer given to it is still read afresh, so middleware added to it later counts).
 * - `use` in grammY wraps the whole chain so far in two more async closures (`concat`), so each
 *   step an update passes costs two async functions and their promises: another sixth of the
 *   allocations, and garbage-collector time. Here a Composer keeps its steps in a flat array run by
 *   one dispatcher (one `next` closure per step, no async wrapper), with grammY's semantics: `next`
 *   called twice rejects with "`next` already called before!"; a step may be sync or async and
 *   may return without awaiting `next`; a sync throw becomes a rejected promise; the last step gets
 *   the caller's own `next`; `next()` resolves to nothing once everything after it has run; a
 *   handler taken with `middleware()` keeps the steps it had (later `use` calls build a new one),
 *   while a Composer passed as middleware is read afresh on every update. Nothing else in grammY
 *   touches a Composer's `handler`: `fork`, `lazy`, `route`, `errorBoundary`, `filter`, `drop` all
 *   go through `use`, and grammY's constructor still builds its own chain (kept as one step).
 *   Pinned by test/bot/grammy-patches.test.ts.
 *
 * Imported first by src/bot/index.ts and src/app.ts, before any handler is registered; a Composer
 * built without it only allocates more.
 */
import { Composer, type Middleware, type MiddlewareFn } from 'grammy';

type MaybeArray<T> = T | T[];
type Predicate<C> = (ctx: C) => boolean | Promise<boolean>;
type Ctx = Parameters<MiddlewareFn>[0];
type Step = MiddlewareFn<Ctx>;
type NextFn = () => Promise<void>;
/** grammY's private field: what `middleware()` returns. */
type WithHandler = { handler: Step };

const RESOLVED: Promise<void> = Promise.resolve();
const nothing = (): void => undefined;
/** grammY's `pass`, the handler of an empty Composer. */
const pass = new Composer().middleware() as Step;
/** Each patched Composer's steps, appended to only (a dispatcher runs the first `count`). */
const stepsOf = new WeakMap<object, Step[]>();

/** grammY's `flatten`: a Composer is read afresh each time. */
function flatten(middleware: Middleware<Ctx>): Step {
  return typeof middleware === 'function' ? middleware : (ctx, next) => middleware.middleware()(ctx, next);
}

/** What `await` would make of a step's result, as a promise of nothing, without an async wrapper. */
function settled(result: unknown): Promise<void> {
  if (result !== null && (typeof result === 'object' || typeof result === 'function') && typeof (result as PromiseLike<unknown>).then === 'function') {
    return Promise.resolve(result as PromiseLike<unknown>).then(nothing);
  }
  return RESOLVED;
}

/** Runs `steps[i]` with a `next` that runs the rest; always a promise, never a sync throw. */
function runStep(steps: readonly Step[], last: number, i: number, ctx: Ctx, next: NextFn): Promise<void> {
  let called = false; // set before the rest runs, as grammY does: a re-entrant second call fails too
  let downstream: Promise<void> | undefined;
  const step = steps[i]!;
  let result: unknown;
  try {
    if (i === last) {
      result = step(ctx, next);
    } else {
      result = step(ctx, () => {
        if (called) return Promise.reject(new Error('`next` already called before!'));
        called = true;
        downstream = runStep(steps, last, i + 1, ctx, next);
        return downstream;
      });
    }
  } catch (error) {
    return Promise.reject(error);
  }
  // Most steps (a branch whose predicate says no) return the rest's promise: already settled right.
  if (result === downstream && downstream !== undefined) return downstream;
  return settled(result);
}

/** The handler for a Composer's first `count` steps: what grammY's chain of `concat`s did. */
function chainOf(steps: readonly Step[], count: number): Step {
  const last = count - 1;
  return (ctx, next) => runStep(steps, last, 0, ctx, next);
}

/** As grammY's constructor: nothing is `pass`, one middleware is itself, more are chained. */
function adopt(composer: Composer<Ctx>, steps: Step[]): void {
  stepsOf.set(composer, steps);
  (composer as unknown as WithHandler).handler = steps.length === 0 ? pass : steps.length === 1 ? steps[0]! : chainOf(steps, steps.length);
}

/** A Composer of these middleware, as `new Composer(...middleware)` but flat. */
function flatComposer<C extends Ctx>(middleware: Middleware<C>[]): Composer<C> {
  const composer = new Composer<C>();
  adopt(composer as unknown as Composer<Ctx>, (middleware as Middleware<Ctx>[]).map(flatten));
  return composer;
}

Composer.prototype.use = function use<C extends Ctx>(this: Composer<C>, ...middleware: Middleware<C>[]): Composer<C> {
  const composer = flatComposer(middleware);
  const self = this as unknown as WithHandler;
  let steps = stepsOf.get(self);
  if (steps === undefined) {
    // Built by grammY's constructor: its chain so far becomes the first step.
    steps = self.handler === pass ? [] : [self.handler];
    stepsOf.set(self, steps);
  }
  steps.push(flatten(composer as unknown as Composer<Ctx>));
  // Always chained, even for one step: after `use`, grammY's handler is async (never throws).
  self.handler = chainOf(steps, steps.length);
  return composer;
};

function builtOnce<C extends Ctx>(middleware: MaybeArray<Middleware<C>>): MiddlewareFn<C> {
  return flatComposer(Array.isArray(middleware) ? middleware : [middleware]).middleware();
}

Composer.prototype.branch = function branch<C extends Ctx>(
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
