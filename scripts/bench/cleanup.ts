/**
 * One place that undoes what the benchmark started (child processes, servers, temp dirs), run
 * last-in first-out on normal exit, on errors and on SIGINT/SIGTERM.
 */

type Undo = () => Promise<void> | void;

const undos: Array<{ label: string; undo: Undo }> = [];

/** Registers an undo step; returns a function that runs it early (and only once). */
export function onCleanup(label: string, undo: Undo): () => Promise<void> {
  const entry = { label, undo };
  undos.push(entry);
  return async () => {
    const index = undos.indexOf(entry);
    if (index === -1) return;
    undos.splice(index, 1);
    await runOne(entry);
  };
}

async function runOne(entry: { label: string; undo: Undo }): Promise<void> {
  try {
    await entry.undo();
  } catch (error) {
    process.stderr.write(`cleanup of ${entry.label} failed: ${String(error)}\n`);
  }
}

/** Runs every registered undo step, newest first. Safe to call more than once. */
export async function cleanupAll(): Promise<void> {
  for (let entry = undos.pop(); entry; entry = undos.pop()) await runOne(entry);
}

/** On SIGINT/SIGTERM: clean up, then exit with 130/143. A second signal exits at once. */
export function cleanupOnSignals(): void {
  let signalled = false;
  const handler = (signal: NodeJS.Signals) => {
    if (signalled) process.exit(1);
    signalled = true;
    process.stderr.write(`\n${signal}: stopping child processes and removing temp dirs…\n`);
    void cleanupAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
