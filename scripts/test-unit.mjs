// Runs every test/unit/**/*.test.ts (and test/snippets) with node:test and tsx: Node 20 does not
// expand globs for --test, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dirs = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = (dirs.length ? dirs : ['test/unit'])
  .flatMap((dir) => readdirSync(dir, { recursive: true }).map((f) => join(dir, String(f))))
  .filter((f) => f.endsWith('.test.ts'))
  .sort();
const extra = process.argv.slice(2).filter((a) => a.startsWith('-'));
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...extra, ...files], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
