/**
 * Lock tokens for the embedded queue: `host/pid/process-nonce/instance-nonce`. They let a
 * starting worker tell a job held by a dead process (resume it now) from one held by a live
 * process (respect its lock until it expires).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

const processId = `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;

/** A fresh token for one queue instance in this process. */
export function newLockToken(): string {
  return `${processId}/${randomBytes(4).toString('hex')}`;
}

/**
 * True when the token's process is known to be gone: it ran on this host and its pid is dead,
 * or its pid is ours under another nonce (our predecessor in a restarted container).
 * Tokens from other hosts are never "gone": their locks expire instead.
 */
export function isHolderGone(token: string): boolean {
  const [host, pidText, nonce] = token.split('/');
  const pid = Number(pidText);
  if (host !== hostname() || `${host}/${pidText}/${nonce}` === processId) return false;
  return pid === process.pid || !isAlive(pid);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another user
  }
}
