/**
 * answerCallbackQuery: each query can be answered once, and only for a short while.
 */
import { badRequest } from '../errors.js';
import type { MethodHandler } from '../dispatch.js';

const TOO_OLD = 'query is too old and response timeout expired or query ID is invalid';

const answerCallbackQuery: MethodHandler = ({ state, params, settings }) => {
  const id = params.str('callback_query_id');
  const record = id === undefined ? undefined : state.callbacks.get(id);
  if (record === undefined || record.answer !== undefined) throw badRequest(TOO_OLD);
  if (state.now() - record.createdAt > settings.callbackAnswerTimeoutMs) throw badRequest(TOO_OLD);
  const text = params.str('text');
  if (text !== undefined && text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
  const url = params.str('url');
  const cacheTime = params.int('cache_time');
  record.answer = {
    at: state.now(),
    ...(text !== undefined && text !== '' ? { text } : {}),
    ...(params.bool('show_alert') ? { show_alert: true } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(cacheTime !== undefined ? { cache_time: cacheTime } : {}),
  };
  state.changed();
  return true;
};

/** Callback methods by Bot API name. */
export const callbackMethods: Record<string, MethodHandler> = { answerCallbackQuery };
