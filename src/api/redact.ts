/**
 * Keeps secrets out of anything we show: error messages and log lines.
 */

/** Field and header names whose values are secrets. */
export const SECRET_FIELD_NAMES = [
  'refresh_token',
  'refreshToken',
  'access_token',
  'accessToken',
  'share_token',
  'shareToken',
  'authorization',
  'Authorization',
  'x-signature',
  'x-share-token',
  'share_pwd',
  'privateKeyHex',
] as const;

const SECRET_NAMES = new Set<string>(SECRET_FIELD_NAMES.map((name) => name.toLowerCase()));
/** JWTs (access and share tokens) appear in text as three base64url parts starting "eyJ". */
const JWT_PATTERN = /eyJ[\w-]+\.[\w-]+\.[\w-]*/g;

/** Replaces every known secret and anything that looks like a JWT with `[redacted]`. */
export function scrubSecrets(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values (a 4-char share password) would scrub innocent words; they are not tokens.
    if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  }
  return out.replace(JWT_PATTERN, '[redacted]');
}

/** A deep copy of `value` with secret-named fields replaced, for structured logging. */
export function redactObject(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') {
    return typeof value === 'string' ? scrubSecrets(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => redactObject(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = SECRET_NAMES.has(key.toLowerCase()) ? '[redacted]' : redactObject(field, depth + 1);
  }
  return out;
}

/** A short, single-line, tag-free excerpt of a non-JSON body that is safe to put in a message. */
export function snippetOf(body: string, secrets: Iterable<string> = [], maxLength = 120): string {
  const plain = body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const scrubbed = scrubSecrets(plain, secrets);
  if (!scrubbed) return '(empty body)';
  return scrubbed.length > maxLength ? `${scrubbed.slice(0, maxLength)}…` : scrubbed;
}
