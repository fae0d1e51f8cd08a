/**
 * `npm run doctor [share link]` — a live self-check against the configured Aliyun hosts.
 *
 *   npm run doctor                                   # every account linked in DATA_DIR
 *   npm run doctor -- 'https://www.alipan.com/s/…'   # … and that share link
 *   npm run doctor < token.txt                       # a refresh token instead (kept out of shell history)
 *
 * See src/doctor/run.ts.
 */
import { runDoctor } from '../src/doctor/run.js';

/** Whatever was piped in; nothing when stdin is a terminal. */
async function readStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const code = await runDoctor({
  env: process.env,
  args: process.argv.slice(2),
  stdin: await readStdin(),
  out: (line) => process.stdout.write(`${line}\n`),
  logTo: process.stderr,
});
process.exitCode = code;
