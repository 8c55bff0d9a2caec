// Parses each file as an ES module, as `node --check` does, in one process instead of one per file.
// Run with --experimental-vm-modules; prints one line per file that fails, exits 1 if any did.
import { readFileSync } from 'node:fs';
import { SourceTextModule } from 'node:vm';

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    new SourceTextModule(readFileSync(file, 'utf8'), { identifier: file });
  } catch (error) {
    failed++;
    process.stdout.write(`${file}: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
