/**
 * Seeded randomness and the id formats of the real service, so a given seed always yields the
 * same catalogue ids, tokens and fault rolls (runs are reproducible).
 */
import { SeededRandom } from '../seeded-random.js';

export { SeededRandom };

const HEX = '0123456789abcdef';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Makes every kind of id the service hands out, from one seeded stream. */
export class IdFactory {
  private nextDrive = 9600002;

  constructor(readonly random: SeededRandom) {}

  hex(length: number): string {
    return this.random.chars(HEX, length);
  }

  /** 40 lowercase hex chars, like every real file id. */
  fileId(): string {
    return this.hex(40);
  }

  /** 32 hex chars. */
  userId(): string {
    return this.hex(32);
  }

  /** 11 alphanumerics, as in every real share URL. */
  shareId(): string {
    return this.random.chars(ALNUM, 11);
  }

  /** Short numeric strings, increasing like real drive ids. */
  driveId(): string {
    return String(this.nextDrive++);
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }

  /** Upper-case sha1-looking content hash. */
  contentHash(): string {
    return this.hex(40).toUpperCase();
  }

  /** A JWT-looking token (header.payload.signature) whose payload says what it is for. */
  jwt(payload: Record<string, unknown>): string {
    const header = { alg: 'RS256', typ: 'JWT' };
    const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signature = Buffer.from(this.hex(128), 'hex').toString('base64url');
    return `${part(header)}.${part({ ...payload, jti: this.hex(32) })}.${signature}`;
  }
}

/** The simulator's clock: real time plus an offset that tests move forward to expire things. */
export class SimClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** ISO-8601 UTC with milliseconds, as the service writes times. */
  iso(ms: number = this.now()): string {
    return new Date(ms).toISOString();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
