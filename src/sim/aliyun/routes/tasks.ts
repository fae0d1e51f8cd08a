/** Async copy tasks: `/v2/async_task/get`. */
import { asyncTaskRequestSchema } from '../../../api/schemas.js';
import { pollTask } from '../copy.js';
import { ok, parseBody, type Reply, type Route, type RouteContext } from '../route.js';

/** Each poll advances the task (see copy.ts): `Running` with growing `consumed_process`, then the outcome. */
function getTask(ctx: RouteContext): Reply {
  const account = ctx.user();
  const body = parseBody(asyncTaskRequestSchema, ctx.body);
  return ok(pollTask(ctx.world, account.userId, body.async_task_id));
}

export const taskRoutes: Route[] = [{ method: 'POST', path: '/v2/async_task/get', handle: getTask }];
