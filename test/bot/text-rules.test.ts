import { describe, expect, it } from 'vitest';
import { normalizeFolderPath } from '../../src/bot/folder-path.js';
import { passwordFromAnswer } from '../../src/bot/password-text.js';

describe('folder paths typed after /folder', () => {
  it.each([
    ['/a/b', '/a/b'],
    ['a/b/', '/a/b'],
    ['//电影//2024 ', '/电影/2024'],
    ['／下载／新', '/下载/新'],
    ['/', '/'],
    [' / x / ', '/x'],
    [`/${'长'.repeat(199)}`, `/${'长'.repeat(199)}`],
  ])('%j → %j', (input, expected) => {
    expect(normalizeFolderPath(input)).toBe(expected);
  });

  it.each(['', '   ', '/a/../b', '/./a', '/a:b', '/a*', '/a?b', '/"q"', '/a|b', `/${'x'.repeat(256)}`, `/${`${'长'.repeat(50)}/`.repeat(5)}`])('refuses %j', (input) => {
    expect(normalizeFolderPath(input)).toBeUndefined();
  });
});

describe('a password answer', () => {
  it('is a bare 4-character code, or one after a marker', () => {
    expect(passwordFromAnswer('ab12', false)).toBe('ab12');
    expect(passwordFromAnswer('  提取码：Xy9z ', false)).toBe('Xy9z');
    expect(passwordFromAnswer('pwd: 1234', false)).toBe('1234');
    expect(passwordFromAnswer('ａｂ１２', false)).toBe('ab12');
  });

  it('is not any short text', () => {
    expect(passwordFromAnswer('hello', false)).toBeUndefined();
    expect(passwordFromAnswer('the code is ab12', false)).toBeUndefined();
    expect(passwordFromAnswer('ab1', false)).toBeUndefined();
  });

  it('in a reply to the question, a marked code or a 4-character word with a digit counts', () => {
    expect(passwordFromAnswer('the code is abcd I think', true)).toBe('abcd');
    expect(passwordFromAnswer('试试 x9yz 吧', true)).toBe('x9yz');
    expect(passwordFromAnswer('sorry no idea', true)).toBeUndefined();
    expect(passwordFromAnswer('ab12 without asking', false)).toBeUndefined();
  });
});
