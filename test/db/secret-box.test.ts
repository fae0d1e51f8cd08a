import { mkdtempSync, rmSync, statSync, readFileSync, chmodSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCipheriv, randomBytes } from 'node:crypto';
import { keyId, loadSecretKey, open, openForReseal, seal, SecretBoxError, type SecretKey } from '../../src/secret-box.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'asb-secret-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

// With a configured key the data dir is not touched.
const hexKey = loadSecretKey({ secretKey: '0f'.repeat(32), dataDir: '/nonexistent' }).key;

const HERE = 'accounts/7001/refresh_token';

/** A value as the format before key ids and contexts sealed it: `v1.<iv>.<body>`, no associated data. */
function legacySeal(key: SecretKey, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `v1.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

describe('seal / open', () => {
  it('round-trips text, with a fresh IV each time, naming the key', () => {
    const token = 'RT-刷新令牌-0123456789abcdef';
    const a = seal(hexKey, token, HERE);
    const b = seal(hexKey, token, HERE);
    expect(a).toMatch(/^v2\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(a.split('.')[1]).toBe(keyId(hexKey));
    expect(a).not.toBe(b);
    expect(a).not.toContain(token);
    expect(open(hexKey, a, HERE)).toBe(token);
    expect(open(hexKey, seal(hexKey, '', HERE), HERE)).toBe('');
  });

  it('a value moved to another row or column does not open', () => {
    const sealed = seal(hexKey, 'token-of-7001', HERE);
    expect(() => open(hexKey, sealed, 'accounts/7002/refresh_token')).toThrow(SecretBoxError);
    expect(() => open(hexKey, sealed, 'accounts/7001/device_private_key')).toThrow(SecretBoxError);
  });

  it('detects tampering without revealing the plaintext', () => {
    const sealed = seal(hexKey, 'secret-refresh-token', HERE);
    const [version, kid, iv, body] = sealed.split('.') as [string, string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0]! ^= 1;
    for (const bad of [`${version}.${kid}.${iv}.${flipped.toString('base64url')}`, `${version}.${kid}.${iv}.${body.slice(0, -2)}`, 'v2.x.y', 'plain', legacySeal(hexKey, 'secret-refresh-token')]) {
      let error: unknown;
      try {
        open(hexKey, bad, HERE);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SecretBoxError);
      expect(String((error as Error).message)).not.toContain('secret-refresh-token');
    }
  });

  it('refuses a wrong key', () => {
    const other = loadSecretKey({ secretKey: '1f'.repeat(32), dataDir: dir }).key;
    expect(() => open(other, seal(hexKey, 'token', HERE), HERE)).toThrow(/another key/);
  });
});

describe('openForReseal', () => {
  const previous = loadSecretKey({ secretKey: '2e'.repeat(32), dataDir: '/nonexistent' }).key;

  it('opens current values as they are, and previous-key and old-format values as stale', () => {
    expect(openForReseal({ current: hexKey, previous }, seal(hexKey, 'now', HERE), HERE)).toEqual({ plaintext: 'now', stale: false });
    expect(openForReseal({ current: hexKey, previous }, seal(previous, 'before', HERE), HERE)).toEqual({ plaintext: 'before', stale: true });
    expect(openForReseal({ current: hexKey }, legacySeal(hexKey, 'legacy'), HERE)).toEqual({ plaintext: 'legacy', stale: true });
    expect(openForReseal({ current: hexKey, previous }, legacySeal(previous, 'legacy-old'), HERE)).toEqual({ plaintext: 'legacy-old', stale: true });
  });

  it('refuses values no key opens, and contexts that do not match', () => {
    expect(() => openForReseal({ current: hexKey }, seal(previous, 'x', HERE), HERE)).toThrow(SecretBoxError);
    expect(() => openForReseal({ current: hexKey }, legacySeal(previous, 'x'), HERE)).toThrow(SecretBoxError);
    expect(() => openForReseal({ current: hexKey, previous }, seal(previous, 'x', HERE), 'accounts/1/refresh_token')).toThrow(SecretBoxError);
  });

  it('loadSecretKey reads SECRET_KEY_PREVIOUS like SECRET_KEY', () => {
    const loaded = loadSecretKey({ secretKey: '0f'.repeat(32), previousSecretKey: '2e'.repeat(32), dataDir: '/nonexistent' });
    expect(loaded.previous && keyId(loaded.previous)).toBe(keyId(previous));
    expect(loadSecretKey({ secretKey: '0f'.repeat(32), dataDir: '/nonexistent' }).previous).toBeUndefined();
  });
});

describe('loadSecretKey', () => {
  /** Whether a value sealed with `a` opens with `b`. */
  const roundTrips = (a: ReturnType<typeof loadSecretKey>, b: ReturnType<typeof loadSecretKey>) => {
    try {
      return open(b.key, seal(a.key, 'x', HERE), HERE) === 'x';
    } catch {
      return false;
    }
  };

  it('accepts hex, base64 and base64url of 32 bytes, and passphrases', () => {
    const bytes = Buffer.alloc(32, 7);
    const fromHex = loadSecretKey({ secretKey: bytes.toString('hex'), dataDir: dir });
    const fromB64 = loadSecretKey({ secretKey: bytes.toString('base64'), dataDir: dir });
    const fromB64url = loadSecretKey({ secretKey: Buffer.alloc(32, 0xfb).toString('base64url'), dataDir: dir });
    expect(fromHex.source).toBe('env-hex');
    expect(fromB64.source).toBe('env-base64');
    expect(fromB64url.source).toBe('env-base64');
    expect(roundTrips(fromHex, fromB64)).toBe(true);

    const pass1 = loadSecretKey({ secretKey: 'correct horse battery staple', dataDir: dir });
    const pass2 = loadSecretKey({ secretKey: 'correct horse battery staple', dataDir: dir });
    expect(pass1.source).toBe('env-passphrase');
    expect(roundTrips(pass1, pass2)).toBe(true);
    expect(roundTrips(pass1, loadSecretKey({ secretKey: 'correct horse battery stapler', dataDir: dir }))).toBe(false);
  });

  it('creates DATA_DIR/secret.key once with mode 0600, then reuses it', () => {
    const dataDir = join(dir, 'data');
    const first = loadSecretKey({ dataDir });
    expect(first.source).toBe('file-created');
    const file = join(dataDir, 'secret.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);

    const second = loadSecretKey({ dataDir });
    expect(second.source).toBe('file');
    expect(second.warning).toBeUndefined();
    expect(roundTrips(first, second)).toBe(true);
  });

  it('keeps working with a key file readable by others, with a warning', () => {
    loadSecretKey({ dataDir: dir });
    chmodSync(join(dir, 'secret.key'), 0o644);
    const loaded = loadSecretKey({ dataDir: dir });
    expect(loaded.source).toBe('file');
    expect(loaded.warning).toMatch(/0644.*chmod 600/);
  });

  it('refuses a damaged key file instead of making a new key', () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'secret.key'), 'not a key\n', { mode: 0o600 });
    expect(() => loadSecretKey({ dataDir: dir })).toThrow(SecretBoxError);
  });

  it('prints no key bytes when logged', () => {
    const loaded = loadSecretKey({ secretKey: 'ab'.repeat(32), dataDir: dir });
    expect(JSON.stringify(loaded)).not.toContain('ab'.repeat(4));
    expect(inspect(loaded)).not.toContain('abab');
  });
});
