/**
 * The bot (and extra BullMQ workers) as real child processes, started exactly as `npm start` and
 * `npm run worker` start them (package.json's `start` command with another entry), with an
 * env that points at the fakes, output kept in a log file, memory read from /proc.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { onCleanup } from './cleanup.js';

/**
 * What package.json's `start` script runs before the bundle (node flags), read from package.json
 * so the bench always measures exactly what `npm start` runs.
 */
const LAUNCH = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start
  .split(/\s+/)
  .slice(1, -1);

/** The bundle scripts/build.mjs makes of a TypeScript entry: `src/main.ts` → `dist/main.js`. */
export function bundleOf(entry: string): string {
  return entry.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js');
}

/**
 * Bundles the entries the way `npm start`'s `prestart` does, so no child pays for the build
 * inside its own measured memory and time. Returns each entry's bundle path.
 */
export function prebuild(repoRoot: string, entries: readonly string[]): string[] {
  execFileSync(process.execPath, ['scripts/build.mjs', ...entries], { cwd: repoRoot });
  return entries.map(bundleOf);
}

export interface ChildOptions {
  /** Shown in messages, e.g. "bot" or "worker 1". */
  label: string;
  /** Script relative to the repository root, e.g. `src/main.ts`. */
  entry: string;
  repoRoot: string;
  env: Record<string, string>;
  /** Node flags before package.json's (profiling and the like). */
  nodeArgs?: string[];
  /** stdout and stderr go here. */
  logFile: string;
  /**
   * Start it through npm (`npm start` for src/main.ts, `npm run worker` for src/worker.ts), as a
   * user does: npm and its shell stay in the process tree. `nodeArgs` then go in NODE_OPTIONS
   * (which refuses V8 flags and --cpu-prof).
   */
  viaNpm?: boolean;
}

export interface RunningChild {
  label: string;
  pid: number;
  /** Resolves with the exit code (or signal) once the process ended. */
  exited: Promise<string>;
  /** True after the process ended. */
  hasExited(): boolean;
  /** Last lines of the process output, for error messages. */
  tail(lines?: number): string;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts one child; it is stopped by the cleanup registry if the benchmark ends early. */
export function startChild(options: ChildOptions): RunningChild {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const nodeArgs = options.nodeArgs ?? [];
  const [command, args] = options.viaNpm
    ? ['npm', options.entry === 'src/main.ts' ? ['start', '--silent'] : ['run', '--silent', basename(options.entry, '.ts')]]
    : [process.execPath, [...nodeArgs, ...LAUNCH, bundleOf(options.entry)]];
  const child: ChildProcess = spawn(command, args, {
    cwd: options.repoRoot,
    // Only what we pass: no stray BOT_TOKEN/REDIS_URL from the caller's shell.
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      ...(options.viaNpm && nodeArgs.length > 0 ? { NODE_OPTIONS: nodeArgs.join(' ') } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // npm's shell does not pass a SIGTERM on to node: signal the whole group, as Ctrl-C in a terminal does.
    detached: options.viaNpm ?? false,
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let exitedWith: string | undefined;
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      exitedWith = signal ? `signal ${signal}` : `code ${code}`;
      resolve(exitedWith);
    });
    child.once('error', (error) => {
      exitedWith = `spawn error ${error.message}`;
      resolve(exitedWith);
    });
  });
  if (child.pid === undefined) throw new Error(`could not start ${options.label} (${options.entry})`);
  const pid = child.pid;

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 10_000) =>
    (stopping ??= (async () => {
      const signal = (name: NodeJS.Signals) => {
        if (!options.viaNpm) return void child.kill(name);
        try {
          process.kill(-pid, name);
        } catch {
          // the group is gone
        }
      };
      if (exitedWith === undefined) {
        signal('SIGTERM');
        const timer = setTimeout(() => signal('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      // npm may end before the node under it: make sure nothing of the group outlives the run.
      if (options.viaNpm) await new Promise((resolve) => setTimeout(resolve, 200)).then(() => signal('SIGKILL'));
      await new Promise<void>((resolve) => log.end(resolve));
    })());
  const forget = onCleanup(`${options.label} (pid ${pid})`, () => stop(5_000));

  return {
    label: options.label,
    pid,
    exited,
    hasExited: () => exitedWith !== undefined,
    tail(lines = 30) {
      try {
        return readFileSync(options.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      } catch {
        return '(no output)';
      }
    },
    async stop(graceMs?: number) {
      const stopped = stop(graceMs);
      await forget();
      await stopped;
    },
  };
}

/** Resident memory of a process from /proc: current (VmRSS) and peak (VmHWM), in bytes. */
export async function memoryOf(pid: number): Promise<{ rss: number; peak: number } | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return undefined; // gone, or not Linux
  }
}

/** A path for a child's log inside the run's temp dir. */
export function logPath(dir: string, label: string): string {
  return join(dir, `${label.replace(/\W+/g, '-')}.log`);
}

let ticksPerSecond: number | undefined;

/** CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat. */
export async function cpuTimeOf(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, so split after its closing paren).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    return (ticks * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/**
 * Resident memory of a Node process that runs `code` (an ES module body) and idles: with
 * `tsx` it loads TypeScript through tsx. Used for the memory floor: bare Node, Node + the
 * bundled bot code (what `npm start` loads), Node + tsx + the bot's sources for comparison.
 */
export async function idleProcessRss(repoRoot: string, code: string, tsx: boolean, timeoutMs = 30_000): Promise<number | undefined> {
  const body = `${code}; process.stdout.write('loaded\\n'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, [...(tsx ? ['--import', 'tsx'] : []), '--input-type=module', '-e', body], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const forget = onCleanup(`memory probe (pid ${child.pid})`, () => {
    child.kill('SIGKILL');
  });
  try {
    const loaded = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('loaded')) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (!loaded || child.pid === undefined) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 300));
    return (await memoryOf(child.pid))?.rss;
  } finally {
    await forget();
  }
}

/** `await import(<file URL of modulePath, relative to repoRoot or absolute>)` as code for {@link idleProcessRss}. */
export function importCode(repoRoot: string, modulePath: string): string {
  return `await import(${JSON.stringify(pathToFileURL(resolve(repoRoot, modulePath)).href)})`;
}

/** Parent pid of every process now running, from /proc (Linux; empty elsewhere). */
async function parentsOfAll(): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  } catch {
    return out;
  }
  await Promise.all(
    pids.map(async (pid) => {
      try {
        const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
        out.set(Number(pid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        // ended meanwhile
      }
    }),
  );
  return out;
}

/** `root` and every process below it. */
export async function processTree(root: number): Promise<number[]> {
  const parents = await parentsOfAll();
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, parent] of parents) if (parent === tree[i]) tree.push(pid);
  }
  return tree;
}

/**
 * The deepest process in `root`'s tree with `needle` among its arguments (the node under `npm
 * start`, not the shell that started it with the same command line).
 */
export async function findInTree(root: number, needle: string): Promise<number | undefined> {
  let found: number | undefined;
  for (const pid of await processTree(root)) {
    try {
      if ((await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').some((arg) => arg.includes(needle))) found = pid;
    } catch {
      // ended meanwhile
    }
  }
  return found;
}

/** A process's resident pages split into its own and those it shares (the node binary, libraries), in bytes. */
async function residentSplitOf(pid: number): Promise<{ own: number; shared: number } | undefined> {
  try {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? Number.NaN) * 1024;
    return { own: kb('Private_Clean') + kb('Private_Dirty'), shared: kb('Shared_Clean') + kb('Shared_Dirty') };
  } catch {
    return undefined;
  }
}

/**
 * Resident memory of `root`'s whole process tree: the sum of VmRSS now, of each process's VmHWM
 * (an upper bound of the tree's peak), and `sharedOnce`: each process's own pages plus the
 * largest process's shared ones. Under `npm start` npm and the bot are both node, mapping the same
 * binary: the sum of VmRSS counts those pages twice, `sharedOnce` once.
 */
export async function treeMemoryOf(root: number): Promise<{ rss: number; peaks: number; sharedOnce: number; processes: number }> {
  let rss = 0;
  let peaks = 0;
  let own = 0;
  let shared = 0;
  const pids = await processTree(root);
  for (const pid of pids) {
    const [m, split] = await Promise.all([memoryOf(pid), residentSplitOf(pid)]);
    if (m) {
      rss += m.rss;
      peaks += m.peak;
    }
    if (split) {
      own += split.own;
      shared = Math.max(shared, split.shared);
    }
  }
  return { rss, peaks, sharedOnce: own + shared, processes: pids.length };
}
