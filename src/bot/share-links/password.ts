/** Share-link passwords: Aliyun takes `""` (none) or exactly 4 letters or digits. */
import { randomInt } from 'node:crypto';

/** Lowercase letters and digits, as Aliyun's own random codes; no 0/o or 1/l to misread. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** Whether `text` is a password Aliyun accepts (4 letters or digits). */
export function isValidSharePassword(text: string): boolean {
  return /^[A-Za-z0-9]{4}$/.test(text);
}

/** A new random 4-character password. */
export function randomSharePassword(): string {
  let password = '';
  for (let i = 0; i < 4; i++) password += ALPHABET[randomInt(ALPHABET.length)];
  return password;
}
