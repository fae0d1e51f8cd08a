/**
 * Bundles the TypeScript entries into dist/ with esbuild, so `npm start` and `npm run worker`
 * (which run this first, as `prestart`/`preworker`) start plain JavaScript: no TypeScript loader
 * in the process (an idle bot holds ~93 MB instead of ~130 MB under tsx). Packages stay external
 * (imported from node_modules); source maps keep stack traces naming src/*.ts. The maps carry
 * no copy of the sources (`sourcesContent`): Node keeps a loaded map in memory for as long as the
 * process runs, and the copy cost ~6 MB of RSS; a stack trace needs only the mappings, and Node
 * reads a source line from src/ itself when it prints one.
 *
 *   node scripts/build.mjs                      src/main.ts and src/worker.ts → dist/main.js, dist/worker.js
 *   node scripts/build.mjs src/app.ts           other entries (the benchmark's memory probe)
 */
import { build } from 'esbuild';

const entries = process.argv.slice(2);

await build({
  entryPoints: entries.length > 0 ? entries : ['src/main.ts', 'src/worker.ts'],
  outdir: 'dist',
  outbase: 'src',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  sourcesContent: false,
  absWorkingDir: new URL('..', import.meta.url).pathname,
  logLevel: 'warning',
});
