/**
 * The device session Aliyun has required on logged-in calls since Feb 2023: a secp256k1 key
 * pair and a device id per linked account, and a signature over a fixed text.
 */
import { randomUUID } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

/** The app id the web client signs with. */
const SIGNATURE_APP_ID = '5dde4e1bdf9e4966b387ba58f4b3fdc3';

/** What the web client reports when it registers a device. */
export const DEVICE_NAME = 'Chrome浏览器';
export const DEVICE_MODEL = 'Windows网页版';

/** A device identity to store with a linked account. */
export interface DeviceIdentity {
  deviceId: string;
  privateKeyHex: string;
}

/** Creates a fresh device id (a uuid) and secp256k1 private key. */
export function generateDevice(): DeviceIdentity {
  return { deviceId: randomUUID(), privateKeyHex: bytesToHex(secp256k1.utils.randomSecretKey()) };
}

/** The public key as Aliyun wants it: `"04"` + hex(X‖Y), the uncompressed SEC1 encoding. */
export function publicKeyHex(privateKeyHex: string): string {
  return bytesToHex(secp256k1.getPublicKey(hexToBytes(privateKeyHex), false));
}

/** The text that is signed. */
export function signatureMessage(deviceId: string, userId: string, nonce = 0): string {
  return `${SIGNATURE_APP_ID}:${deviceId}:${userId}:${nonce}`;
}

/**
 * The `x-signature` value: ECDSA secp256k1 over SHA-256 of {@link signatureMessage},
 * as hex(r‖s) + `"01"`. We hash explicitly and turn noble's own prehash off, so the digest
 * signed is exactly SHA-256 of the text.
 */
export function signDevice(privateKeyHex: string, deviceId: string, userId: string, nonce = 0): string {
  const digest = sha256(utf8ToBytes(signatureMessage(deviceId, userId, nonce)));
  const signature = secp256k1.sign(digest, hexToBytes(privateKeyHex), { prehash: false, format: 'compact' });
  return `${bytesToHex(signature)}01`;
}

/** Any valid secret key: {@link warmDeviceKeys} signs with it and throws the result away. */
const WARM_UP_KEY_HEX = '01'.repeat(32);

/**
 * Signs once with a throw-away key, so noble builds its tables for the curve's base point (and
 * V8 compiles the code) at startup: the first device session of a fresh process — a /login, or
 * after a restart each account's first save — otherwise pays ≈ 0.1–0.3 s of CPU for it.
 */
export function warmDeviceKeys(): void {
  publicKeyHex(WARM_UP_KEY_HEX);
  signDevice(WARM_UP_KEY_HEX, 'warm-up', 'warm-up');
}
