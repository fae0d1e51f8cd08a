/** What the numbers were measured on. */
import { cpus, loadavg, totalmem, release } from 'node:os';

/** CPU model, logical cores, memory, OS and Node version, as one Markdown line. */
export function describeMachine(): string {
  const list = cpus();
  const model = list[0]?.model.trim() || 'unknown CPU';
  const memGb = (totalmem() / 1024 ** 3).toFixed(1);
  return `${model}, ${list.length} logical cores, ${memGb} GiB RAM, Linux ${release()}, Node ${process.version}`;
}

/** The 1-minute load average, e.g. "0.4": other work on the machine skews every number here. */
export function loadAverage(): string {
  return (loadavg()[0] ?? 0).toFixed(1);
}
