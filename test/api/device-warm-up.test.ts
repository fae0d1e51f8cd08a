/**
 * #20: `warmDeviceKeys` builds noble's base-point tables at startup, off the first device
 * session's path. It must leave what a device session sends unchanged.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { generateDevice, publicKeyHex, signatureMessage, signDevice, warmDeviceKeys } from '../../src/api/index.js';

describe('warmDeviceKeys', () => {
  it('leaves the public key and the signature a device sends as they were before it ran', () => {
    const device = generateDevice();
    const before = { publicKey: publicKeyHex(device.privateKeyHex), signature: signDevice(device.privateKeyHex, device.deviceId, 'user-1') };
    warmDeviceKeys();
    const after = { publicKey: publicKeyHex(device.privateKeyHex), signature: signDevice(device.privateKeyHex, device.deviceId, 'user-1') };
    expect(after).toEqual(before);
    const digest = sha256(utf8ToBytes(signatureMessage(device.deviceId, 'user-1')));
    const compact = hexToBytes(after.signature.slice(0, -2));
    expect(secp256k1.verify(compact, digest, hexToBytes(after.publicKey), { prehash: false })).toBe(true);
  });
});
