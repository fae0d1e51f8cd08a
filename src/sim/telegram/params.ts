/**
 * Turns a Bot API request (query string + JSON, urlencoded or multipart body) into one
 * parameter record, and reads typed values out of it the way the Bot API server does:
 * every transport but JSON carries strings, so numbers, booleans and JSON-serialized
 * objects (reply_markup, entities, scope, …) are coerced per field.
 */
import { badRequest } from './errors.js';
import { multipartBoundary, parseMultipart } from './multipart.js';

/** How the parameters reached the server. */
export type Transport = 'json' | 'multipart' | 'urlencoded' | 'query';

/** A file sent as a multipart part (grammY's `InputFile`). */
export interface UploadedFile {
  kind: 'upload';
  filename: string;
  contentType?: string;
  bytes: Buffer;
}

/** Parameters after decoding, plus how they came. */
export interface DecodedRequest {
  transport: Transport;
  params: Record<string, unknown>;
}

// Fields whose value is a JSON-serialized object or array when sent as a string.
const JSON_FIELDS = new Set([
  'reply_markup', 'entities', 'caption_entities', 'scope', 'commands', 'allowed_updates',
  'link_preview_options', 'reply_parameters', 'reaction', 'media', 'results', 'options',
  'message_ids', 'permissions', 'menu_button', 'rights', 'input_message_content', 'button',
]);
const INT_FIELDS = new Set([
  'message_id', 'user_id', 'offset', 'limit', 'timeout', 'reply_to_message_id', 'message_thread_id',
  'cache_time', 'max_connections', 'from_chat_id', 'until_date', 'duration', 'width', 'height',
]);
const BOOL_FIELDS = new Set([
  'disable_notification', 'protect_content', 'show_alert', 'drop_pending_updates', 'is_big',
  'disable_web_page_preview', 'allow_sending_without_reply', 'has_spoiler', 'show_caption_above_media',
  'only_if_banned', 'revoke_messages', 'disable_content_type_detection', 'for_channels',
]);

/** Decodes query + body into one record; body values win over query values. */
export function decodeRequest(contentType: string | undefined, body: Buffer, query: URLSearchParams): DecodedRequest {
  const params: Record<string, unknown> = {};
  for (const [k, v] of query) params[k] = v;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  let transport: Transport = 'query';
  if (body.length > 0 && type === 'application/json') {
    transport = 'json';
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON encoded data");
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw badRequest('JSON payload must be an object');
    }
    Object.assign(params, parsed);
    return { transport, params };
  }
  if (type === 'multipart/form-data') {
    transport = 'multipart';
    const boundary = multipartBoundary(contentType ?? '');
    if (boundary === undefined) throw badRequest("can't parse multipart/form-data: no boundary");
    let parts;
    try {
      parts = parseMultipart(body, boundary);
    } catch (error) {
      throw badRequest(`can't parse multipart/form-data: ${(error as Error).message}`);
    }
    const files = new Map<string, UploadedFile>();
    for (const part of parts) {
      if (part.filename !== undefined) {
        files.set(part.name, {
          kind: 'upload',
          filename: part.filename,
          ...(part.contentType !== undefined ? { contentType: part.contentType } : {}),
          bytes: part.data,
        });
      } else {
        params[part.name] = part.data.toString('utf8');
      }
    }
    // A file is either named by an `attach://<part>` value or sent directly under the field name.
    const attached = new Set<string>();
    for (const [key, value] of Object.entries(params)) {
      if (typeof value === 'string' && value.startsWith('attach://')) {
        const partName = value.slice('attach://'.length);
        const file = files.get(partName);
        if (file !== undefined) {
          params[key] = file;
          attached.add(partName);
        }
      }
    }
    for (const [name, file] of files) if (!attached.has(name) && !(name in params)) params[name] = file;
  } else if (body.length > 0 && type === 'application/x-www-form-urlencoded') {
    transport = 'urlencoded';
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params[k] = v;
  }
  return { transport, params: coerceStrings(params) };
}

/** Coerces string values of well-known fields so the call log reads the same for every transport. */
function coerceStrings(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value !== 'string') {
      out[key] = value;
    } else if (JSON_FIELDS.has(key)) {
      try {
        out[key] = JSON.parse(value);
      } catch {
        out[key] = value; // left as a string; the typed reader reports the field-specific error
      }
    } else if ((INT_FIELDS.has(key) || key === 'chat_id') && /^-?\d+$/.test(value)) {
      out[key] = Number(value);
    } else if (BOOL_FIELDS.has(key) && (value === 'true' || value === 'false')) {
      out[key] = value === 'true';
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Typed, Telegram-like reads of one request's parameters. */
export class Params {
  constructor(readonly raw: Record<string, unknown>) {}

  /** True when the field is present and not null. */
  has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== null;
  }

  /** A string field; numbers are accepted and stringified like the Bot API does. */
  str(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw badRequest(`field "${name}" must be of type String`);
  }

  /** An integer field, or `undefined` when absent; `invalid` names the error for a non-integer. */
  int(name: string, invalid = `field "${name}" must be of type Integer`): number | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
    throw badRequest(invalid);
  }

  /** A boolean field (`true`, `"true"`, `1`, `"1"` are true). */
  bool(name: string): boolean {
    const value = this.raw[name];
    return value === true || value === 'true' || value === 1 || value === '1';
  }

  /** A JSON-serialized object field; `what` names it in Telegram's "can't parse … JSON object" error. */
  json<T>(name: string, what: string): T | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') return value as T;
    try {
      return JSON.parse(value) as T;
    } catch {
      throw badRequest(`can't parse ${what} JSON object`);
    }
  }

  /** A file field: an uploaded part, or a string (file_id or HTTP URL). */
  file(name: string): UploadedFile | string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'object' && (value as UploadedFile).kind === 'upload') return value as UploadedFile;
    throw badRequest(`field "${name}" must be a file`);
  }
}
