#!/usr/bin/env node
/**
 * Sums a Stryker JSON report (reports/mutation/mutation.json) per area of stryker.config.mjs and
 * prints one line per area: killed + timed out of all mutants that ran (Stryker's "mutation
 * score"; mutants no test covers count as survivors). Exits 1 when an area is under `--min`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AREAS } from '../stryker.config.mjs';

const report = JSON.parse(readFileSync(resolve('reports/mutation/mutation.json'), 'utf8'));
const minArg = process.argv.indexOf('--min');
const min = minArg > 0 ? Number(process.argv[minArg + 1]) : undefined;

/** A glob of the config (only `**` and `*` are used there) as a regular expression. */
function globToRegExp(glob) {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\//g, '\u0000')
    .replace(/\*/g, '[^/]*')
    .replace(/\u0000/g, '(?:.*/)?');
  return new RegExp(`^${source}$`);
}

const areas = Object.entries(AREAS).map(([name, globs]) => ({ name, patterns: globs.map(globToRegExp) }));
const totals = new Map(areas.map((a) => [a.name, { killed: 0, survived: 0, noCoverage: 0, timeout: 0, ignored: 0, errors: 0 }]));

for (const [file, { mutants }] of Object.entries(report.files)) {
  const relative = file.replace(/\\/g, '/').replace(/^.*?(?=src\/)/, '');
  const area = areas.find((a) => a.patterns.some((p) => p.test(relative)));
  if (!area) continue;
  const total = totals.get(area.name);
  for (const mutant of mutants) {
    if (mutant.status === 'Killed') total.killed++;
    else if (mutant.status === 'Survived') total.survived++;
    else if (mutant.status === 'NoCoverage') total.noCoverage++;
    else if (mutant.status === 'Timeout') total.timeout++;
    else if (mutant.status === 'Ignored') total.ignored++;
    else total.errors++; // CompileError, RuntimeError: not counted in the score
  }
}

let below = false;
console.log('Mutation score per area (killed + timeout) / (killed + timeout + survived + no coverage):');
for (const { name } of areas) {
  const t = totals.get(name);
  const detected = t.killed + t.timeout;
  const valid = detected + t.survived + t.noCoverage;
  const score = valid === 0 ? NaN : (100 * detected) / valid;
  if (min !== undefined && !(score >= min)) below = true;
  console.log(
    `  ${name.padEnd(24)} ${Number.isNaN(score) ? '  n/a' : `${score.toFixed(1).padStart(5)} %`}  ` +
      `(${detected} of ${valid}: ${t.survived} survived, ${t.noCoverage} not covered${t.ignored ? `, ${t.ignored} ignored` : ''}${t.errors ? `, ${t.errors} errors` : ''})`,
  );
}
process.exit(below ? 1 : 0);
