/**
 * `npm run sim`: the Aliyun Drive simulator on PORT (default 8787), with two ready accounts,
 * the catalogue's share texts and the env lines that point the bot at it.
 */
import { startAliyunSimulator, type CatalogueEntry } from './index.js';

const port = Number(process.env['PORT'] ?? 8787);
const host = process.env['HOST'] ?? '127.0.0.1';
const seed = Number(process.env['SIM_SEED'] ?? 1);

const sim = await startAliyunSimulator({ port, host, seed });
const alice = sim.addAccount({ nickName: 'Alice 爱丽丝' });
const bob = sim.addAccount({ nickName: 'Bob' });

const out: string[] = [];
out.push(`Aliyun Drive simulator listening on ${sim.url}`, '');
out.push('Refresh tokens (each rotates on use; QR login confirms as Alice):');
out.push(`  Alice  ${alice.refreshToken}   user ${alice.userId}`);
out.push(`  Bob    ${bob.refreshToken}   user ${bob.userId}`, '');
out.push('Catalogue shares (paste these into the bot):');
const { ownerUserId: _owner, ...entries } = sim.catalogue;
for (const [key, entry] of Object.entries(entries) as Array<[string, CatalogueEntry]>) {
  out.push(`  [${key}] ${entry.state}${entry.password ? `, password ${entry.password}` : ''}`);
  out.push(`    ${entry.text.split('\n')[0] ?? ''}`);
}
out.push('', 'Point the bot at it:');
out.push(`  ALIYUN_API_URL=${sim.url} ALIYUN_AUTH_URL=${sim.url} ALIYUN_PASSPORT_URL=${sim.url} ALIYUN_USER_URL=${sim.userUrl}`, '');
process.stdout.write(out.join('\n') + '\n');

const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
