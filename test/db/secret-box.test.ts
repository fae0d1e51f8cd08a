import { mkdtempSync, rmSync, statSync, readFileSync, chmodSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSecretKey, open, seal, SecretBoxError } from '../../src/secret-box.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'asb-secret-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

// With a configured key the data dir is not touched.
const hexKey = loadSecretKey({ secretKey: '0f'.repeat(32), dataDir: '/nonexistent' }).key;

describe('seal / open', () => {
  it('round-trips text, with a fresh IV each time', () => {
    const token = 'RT-刷新令牌-0123456789abcdef';
    const a = seal(hexKey, token);
    const b = seal(hexKey, token);
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(token);
    expect(open(hexKey, a)).toBe(token);
    expect(open(hexKey, seal(hexKey, ''))).toBe('');
  });

  it('detects tampering without revealing the plaintext', () => {
    const sealed = seal(hexKey, 'secret-refresh-token');
    const [version, iv, body] = sealed.split('.') as [string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0]! ^= 1;
    for (const bad of [`${version}.${iv}.${flipped.toString('base64url')}`, `${version}.${iv}.${body.slice(0, -2)}`, 'v2.x.y', 'plain']) {
      let error: unknown;
      try {
        open(hexKey, bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SecretBoxError);
      expect(String((error as Error).message)).not.toContain('secret-refresh-token');
    }
  });

  it('refuses a wrong key', () => {
    const other = loadSecretKey({ secretKey: '1f'.repeat(32), dataDir: dir }).key;
    expect(() => open(other, seal(hexKey, 'token'))).toThrow(/wrong key or tampered/);
  });
});

describe('loadSecretKey', () => {
  /** Whether a value sealed with `a` opens with `b`. */
  const roundTrips = (a: ReturnType<typeof loadSecretKey>, b: ReturnType<typeof loadSecretKey>) => {
    try {
      return open(b.key, seal(a.key, 'x')) === 'x';
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
