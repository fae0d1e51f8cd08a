import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DatabaseHandle } from '../../src/db/index.js';

/** A fresh database file in its own temp dir; `dispose()` closes it and deletes the dir. */
export function tempDatabase(): DatabaseHandle & { dir: string; file: string; reopen(): DatabaseHandle; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'asb-db-'));
  const file = join(dir, 'data', 'bot.db');
  const opened: DatabaseHandle[] = [];
  const open = () => {
    const handle = openDatabase(file);
    opened.push(handle);
    return handle;
  };
  const first = open();
  return {
    ...first,
    dir,
    file,
    reopen: open,
    dispose() {
      for (const handle of opened) handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
