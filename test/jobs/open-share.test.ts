/**
 * Opening a share: the share's info and its token are asked side by side, so a save waits for one
 * Aliyun round trip there, not two — and when both fail, the user hears what is wrong with the
 * share before what is wrong with the code.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { saveJobId } from '../../src/jobs/save-share.job.js';
import { startRig, type Rig, type TestAccount } from './harness.js';

const INFO = '/adrive/v2/share_link/get_share_by_anonymous';
const TOKEN = '/v2/share_link/get_share_token';
const BATCH = '/adrive/v4/batch';

describe('opening a share', () => {
  let rig: Rig;
  let alice: TestAccount;

  beforeAll(async () => {
    rig = await startRig('embedded');
    alice = await rig.link('alice');
  });
  afterAll(async () => {
    await rig?.close();
  });
  afterEach(() => {
    rig.sim.setKnobs({ latencyMs: 0 });
    rig.sim.clearFaults();
  });

  it('asks for the share info and the token at once: the copy goes out one round trip after both', async () => {
    const latencyMs = 300;
    rig.sim.setKnobs({ latencyMs });
    rig.sim.resetStats();
    const job = rig.job(alice, { shareId: rig.sim.catalogue.password.shareId, password: rig.sim.catalogue.password.password });
    await rig.save(job);
    expect(await rig.notifier.outcome1(saveJobId(job), 20_000)).toMatchObject({ kind: 'saved' });

    const at = (path: string) => rig.sim.calls().filter((c) => c.path === path).map((c) => c.at);
    const [info] = at(INFO);
    const [token] = at(TOKEN);
    const [batch] = at(BATCH);
    expect(at(INFO)).toHaveLength(1);
    expect(at(TOKEN)).toHaveLength(1);
    // One after the other, the second would arrive a whole latency after the first.
    expect(Math.abs(token! - info!)).toBeLessThan(latencyMs / 2);
    // The copy waits for both answers.
    expect(batch! - Math.max(info!, token!)).toBeGreaterThanOrEqual(latencyMs - 20);
  });

  it('a cancelled share asked for with a code is "cancelled", even when the token call fails on the code', async () => {
    // The token call is refused as a wrong code, and answers first.
    rig.sim.failNext(TOKEN, { status: 400, code: 'InvalidResource.SharePwd' });
    const job = rig.job(alice, { shareId: rig.sim.catalogue.cancelled.shareId, password: 'ab12' });
    await rig.save(job);
    expect(await rig.notifier.outcome1(saveJobId(job))).toMatchObject({ kind: 'failed', reason: 'cancelled' });
  });

  it('a share that opens but refuses the code is a wrong code, and nothing is copied', async () => {
    const bob = await rig.link('bob');
    rig.sim.resetStats();
    const job = rig.job(bob, { shareId: rig.sim.catalogue.password.shareId, password: 'zz99' });
    await rig.save(job);
    const outcome = await rig.notifier.outcome1(saveJobId(job));
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'wrong_password' });
    // The share's name came with its info: the outcome names the share, not its id.
    expect(outcome).toMatchObject({ shareName: expect.not.stringContaining(rig.sim.catalogue.password.shareId) });
    expect(rig.sim.stats().byPath[BATCH] ?? 0).toBe(0);
  });
});
