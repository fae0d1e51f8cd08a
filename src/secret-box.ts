/**
 * Encryption of secrets at rest (refresh tokens, device keys): AES-256-GCM with a random
 * 96-bit IV per value. A sealed value reads `v2.<key id>.<base64url iv>.<base64url ciphertext+tag>`
 * and is bound to where it is stored (a context such as `accounts/<row>/<column>`, the GCM
 * associated data), so a ciphertext copied into another row or column does not open. The key
 * id names the key it was sealed with, so values under a previous key can be found and
 * re-sealed at start ({@link openForReseal}).
 *
 * Values from before the key id and context (`v1.<iv>.<body>`) open only in
 * {@link openForReseal}, which the accounts repository runs once at start.
 *
 * The key is a node `KeyObject`, so logging it by mistake prints no key bytes.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  randomBytes,
  scryptSync,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type SecretKey = KeyObject;

/** Where the key came from, for one startup log line (never the key itself). */
export type SecretKeySource = 'env-hex' | 'env-base64' | 'env-passphrase' | 'file' | 'file-created';

export interface LoadedSecretKey {
  key: SecretKey;
  source: SecretKeySource;
  /** `SECRET_KEY_PREVIOUS`: values sealed under it are re-sealed under `key` at start. */
  previous?: SecretKey;
  /** A human-readable problem worth logging, e.g. a key file readable by others. */
  warning?: string;
}

/** Thrown by {@link open} and {@link loadSecretKey}; messages never contain secret material. */
export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v2';
/** Before key ids and contexts: no associated data. Read only to re-seal. */
const LEGACY_VERSION = 'v1';
const KEY_FILE = 'secret.key';
/** Fixed salt: the same passphrase must give the same key on every start. */
const PASSPHRASE_SALT = 'aliyun-share-bot/secret-box/v1';

/**
 * Loads the encryption key.
 *
 * With `secretKey` (the `SECRET_KEY` setting), in this order:
 * - 64 hex characters → those 32 bytes;
 * - base64 or base64url of exactly 32 bytes → those bytes;
 * - anything else is a passphrase → scrypt(passphrase, fixed salt, N=2^15, r=8, p=1) → 32 bytes.
 *   A passphrase is only as strong as it is long; prefer `openssl rand -hex 32`.
 *
 * Without it: reads `<dataDir>/secret.key` (64 hex characters), or creates it once with
 * mode 0600 (and `dataDir` if missing). An existing file readable by group or others still
 * works, with a `warning`. Losing this key makes every stored token unreadable (users log in again).
 */
export function loadSecretKey(options: { secretKey?: string | undefined; previousSecretKey?: string | undefined; dataDir: string }): LoadedSecretKey {
  const loaded = loadCurrentKey(options);
  const previous = options.previousSecretKey?.trim();
  if (previous) loaded.previous = keyFromSetting(previous).key;
  return loaded;
}

function loadCurrentKey(options: { secretKey?: string | undefined; dataDir: string }): LoadedSecretKey {
  const configured = options.secretKey?.trim();
  if (configured) return keyFromSetting(configured);

  mkdirSync(options.dataDir, { recursive: true });
  const path = join(options.dataDir, KEY_FILE);
  const created = createKeyFileOnce(path);
  if (created) return { key: createSecretKey(created), source: 'file-created' };
  const text = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-fA-F]{64}$/.test(text)) {
    throw new SecretBoxError(`${path} is not a 64-character hex key; restore it from a backup or remove it`);
  }
  const mode = statSync(path).mode & 0o777;
  const loaded: LoadedSecretKey = { key: createSecretKey(Buffer.from(text, 'hex')), source: 'file' };
  if ((mode & 0o077) !== 0) {
    loaded.warning = `${path} has mode ${mode.toString(8).padStart(4, '0')}; run chmod 600 on it`;
  }
  return loaded;
}

/**
 * Writes a fresh key to a private temp file and publishes it with link(), which fails if
 * `path` exists: two processes starting at once (bot and worker) end up with the same key,
 * and no reader ever sees a half-written file. Returns the key if this call created the file.
 */
function createKeyFileOnce(path: string): Buffer | undefined {
  const fresh = randomBytes(KEY_BYTES);
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, `${fresh.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    chmodSync(temp, 0o600); // a stricter umask is fine, a looser mode is not
    linkSync(temp, path);
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

function keyFromSetting(value: string): LoadedSecretKey {
  if (/^[0-9a-fA-F]{64}$/.test(value)) {
    return { key: createSecretKey(Buffer.from(value, 'hex')), source: 'env-hex' };
  }
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const url = value.replace(/=$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const bytes = Buffer.from(url, 'base64url');
    // Re-encoding must give the input back, otherwise the last character carried stray bits.
    if (bytes.length === KEY_BYTES && bytes.toString('base64url') === url) {
      return { key: createSecretKey(bytes), source: 'env-base64' };
    }
  }
  const derived = scryptSync(value.normalize('NFC'), PASSPHRASE_SALT, KEY_BYTES, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return { key: createSecretKey(derived), source: 'env-passphrase' };
}

const keyIds = new WeakMap<SecretKey, string>();

/** A short public name of a key (an HMAC of a fixed label), stored with each sealed value. */
export function keyId(key: SecretKey): string {
  let id = keyIds.get(key);
  if (id === undefined) {
    id = createHmac('sha256', key).update('aliyun-share-bot/secret-box/key-id').digest().subarray(0, 6).toString('base64url');
    keyIds.set(key, id);
  }
  return id;
}

/**
 * Encrypts `plaintext` (UTF-8) under `key`, bound to `context` (where the value is stored,
 * e.g. `accounts/42/refresh_token`); each call uses a fresh IV.
 */
export function seal(key: SecretKey, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${keyId(key)}.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

/**
 * Decrypts a value made by {@link seal} with the same `key` and `context`.
 * @throws SecretBoxError when the format is unknown or old, the value was sealed under another
 *   key, or the context or data do not match.
 */
export function open(key: SecretKey, sealed: string, context: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) {
    throw new SecretBoxError('sealed value has an unknown format');
  }
  if (parts[1] !== keyId(key)) throw new SecretBoxError('sealed value is under another key');
  return decrypt(key, parts[2] ?? '', parts[3] ?? '', context);
}

/**
 * Opens a value sealed under the current key, the previous one, or by the format before key
 * ids and contexts (`v1`, either key); `stale` says it should be sealed again under `current`.
 * @throws SecretBoxError when neither key opens it.
 */
export function openForReseal(
  keys: { current: SecretKey; previous?: SecretKey | undefined },
  sealed: string,
  context: string,
): { plaintext: string; stale: boolean } {
  const parts = sealed.split('.');
  if (parts[0] === VERSION && parts.length === 4) {
    if (parts[1] === keyId(keys.current)) return { plaintext: open(keys.current, sealed, context), stale: false };
    if (keys.previous && parts[1] === keyId(keys.previous)) return { plaintext: open(keys.previous, sealed, context), stale: true };
    throw new SecretBoxError('sealed value is under an unknown key');
  }
  if (parts[0] === LEGACY_VERSION && parts.length === 3) {
    for (const key of [keys.current, keys.previous]) {
      if (key === undefined) continue;
      try {
        return { plaintext: decrypt(key, parts[1] ?? '', parts[2] ?? ''), stale: true };
      } catch {
        // try the next key
      }
    }
    throw new SecretBoxError('cannot decrypt sealed value: wrong key or tampered data');
  }
  throw new SecretBoxError('sealed value has an unknown format');
}

function decrypt(key: SecretKey, ivText: string, bodyText: string, context?: string): string {
  const iv = Buffer.from(ivText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) {
    throw new SecretBoxError('sealed value is truncated');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    if (context !== undefined) decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError('cannot decrypt sealed value: wrong key or tampered data');
  }
}
