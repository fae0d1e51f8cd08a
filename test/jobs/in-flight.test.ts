/**
 * The same share asked for twice while the first save is still running, on both queue drivers:
 * it is copied once, the second request is told the save is under way, and "save again" waits
 * for the first save to end before it copies a second time.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postLines } from '../../src/bot/groups/chat-saves.js';
import { postLineText } from '../../src/bot/groups/post-status.js';
import { createSavesRepo } from '../../src/db/saves.repo.js';
import { saveJobId } from '../../src/jobs/save-share.job.js';
import { queueDrivers, renamedCopies, startRig, type Rig, type TestAccount } from './harness.js';

const drivers = await queueDrivers();

describe.each(drivers)('a share asked for while it is being saved, on the %s queue', (driver) => {
  let rig: Rig;
  let ida: TestAccount;

  beforeAll(async () => {
    rig = await startRig(driver);
    ida = await rig.link('ida');
  });
  afterAll(async () => {
    await rig?.close();
  });
  afterEach(() => {
    rig.sim.setKnobs({ asyncTaskPolls: 2 });
  });

  /** A folder share whose copy runs for a while (its async task answers "Running" 10 times, ~1 s). */
  const slowShare = (name: string) => {
    rig.sim.setKnobs({ asyncTaskPolls: 10 });
    return rig.sim.addShare({ name, files: [{ name, children: [{ name: `${name}-1.mkv`, size: 10 }, { name: `${name}-2.mkv`, size: 10 }] }] });
  };

  it('sent twice at once, it is copied once; the second request is told it is being saved', async () => {
    const share = slowShare('纪录片 Twice');
    const first = rig.job(ida, { shareId: share.shareId });
    const second = rig.job(ida, { shareId: share.shareId }); // the link again, in another message
    expect((await rig.save(first)).queued).toBe(true);
    expect((await rig.save(second)).queued).toBe(true);

    const told = await rig.notifier.outcome1(saveJobId(second));
    const saved = await rig.notifier.outcome1(saveJobId(first));

    const firstRow = createSavesRepo(rig.database.db).get(saveJobId(first));
    expect(told).toEqual({
      kind: 'duplicate',
      // The name is known once the first save has opened the share.
      shareName: expect.stringMatching(new RegExp(`^(纪录片 Twice|${share.shareId})$`)),
      targetPath: '/Saves',
      savedAt: firstRow?.createdAt,
      inProgress: true,
    });
    expect(saved).toMatchObject({ kind: 'saved', shareName: '纪录片 Twice', items: 1 });
    rig.sim.settleTasks();
    expect(rig.sim.countCopiesOf(share.shareId, ida.sim.userId)).toBe(1);
    expect(renamedCopies(rig.sim, ida.sim.userId)).toEqual([]);
    // Once the first has ended the share is free: the history says what happened to each.
    // The row remembers why, so a status line rebuilt from it (another process) still says so.
    expect(createSavesRepo(rig.database.db).get(saveJobId(second))).toMatchObject({ state: 'duplicate', failureKind: 'in_progress', inFlightKey: null });
    const [rebuilt] = postLines(createSavesRepo(rig.database.db), second.chatId, second.statusMessageId ?? 0);
    expect(rebuilt && postLineText('en', rebuilt)).toMatch(/is being saved to <code>\/Saves<\/code> already/);
    expect(firstRow).toMatchObject({ state: 'saved', inFlightKey: null });
  });

  it('"save again" while the first save runs waits for it to end, then copies a second time', async () => {
    const share = slowShare('Again While Running');
    const first = rig.job(ida, { shareId: share.shareId, targetPath: '/Twice' });
    const again = rig.job(ida, { shareId: share.shareId, targetPath: '/Twice', again: true });
    await rig.save(first);
    await rig.save(again);

    const [firstOutcome, againOutcome] = await Promise.all([rig.notifier.outcome1(saveJobId(first)), rig.notifier.outcome1(saveJobId(again))]);

    expect(firstOutcome).toMatchObject({ kind: 'saved', items: 1 });
    expect(againOutcome).toMatchObject({ kind: 'saved', items: 1 });
    const saves = createSavesRepo(rig.database.db);
    const firstEnded = saves.get(saveJobId(first))?.finishedAt ?? Number.POSITIVE_INFINITY;
    // The second copy was planned (and so sent) only after the first save had ended.
    expect(saves.items(saveJobId(again)).map((item) => item.createdAt >= firstEnded)).toEqual([true]);
    rig.sim.settleTasks();
    expect(rig.sim.countCopiesOf(share.shareId, ida.sim.userId)).toBe(2);
    expect(rig.sim.files(ida.sim.userId).filter((f) => f.type === 'folder' && f.path.startsWith('/Twice/')).map((f) => f.name).sort()).toEqual([
      'Again While Running',
      'Again While Running(1)',
    ]);
  });
});
