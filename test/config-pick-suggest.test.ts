/** PICK_SUGGEST_BYTES: a size in bytes or with a binary unit; 0 turns the large-share wait off. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

const base = { BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ' };
const bytes = (value?: string) => loadConfig({ ...base, ...(value === undefined ? {} : { PICK_SUGGEST_BYTES: value }) }).PICK_SUGGEST_BYTES;

describe('PICK_SUGGEST_BYTES', () => {
  it('defaults to 20 GiB', () => {
    expect(bytes()).toBe(20 * 1024 ** 3);
    expect(bytes('  ')).toBe(20 * 1024 ** 3);
  });

  it('takes bytes, or a number with K/M/G/T (binary, B and iB allowed), and 0', () => {
    expect(bytes('1048576')).toBe(1024 ** 2);
    expect(bytes('500M')).toBe(500 * 1024 ** 2);
    expect(bytes('1.5g')).toBe(1.5 * 1024 ** 3);
    expect(bytes('30 GiB')).toBe(30 * 1024 ** 3);
    expect(bytes('2TB')).toBe(2 * 1024 ** 4);
    expect(bytes('0')).toBe(0);
  });

  it('refuses anything else, naming the variable', () => {
    for (const bad of ['lots', '-5G', '5X', '5 G B']) expect(() => bytes(bad)).toThrow(/PICK_SUGGEST_BYTES: must be a size/);
  });
});
