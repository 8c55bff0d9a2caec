// npm run bench: runs scripts/bench.ts bundled by esbuild, as the extension and the CLI ship the core
// (one bundle, es2022), so the figures are those of the code users run. `npm run bench -- --fuzz N`
// runs the long fuzz campaign from the sources instead (it reads the fixtures next to its test file).
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';

const args = process.argv.slice(2);
if (args.includes('--fuzz')) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', ...args], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

await esbuild.build({
  entryPoints: ['scripts/bench.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'es2022',
  // As scripts/build.mjs: jsonc-parser's ESM build.
  mainFields: ['module', 'main'],
  outfile: '.bench/bench.cjs',
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, ['.bench/bench.cjs', ...args], { stdio: 'inherit' });
process.exit(run.status ?? 1);
