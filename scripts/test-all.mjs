// `npm test`: every suite runs, whatever happened to the ones before it (a failing suite never hides
// the others), and a summary at the end lists each with its counts and time. The last line is
// `N passed, N failed` for the whole run; the exit status is 1 if anything failed.
// Suites that need a build run only if that build succeeded (and count as failed otherwise).
//
//   node scripts/test-all.mjs [--only name,name]
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './test-env.mjs';
import { countsOf } from './test-counts.mjs';

const node = (...args) => [process.execPath, ...args];
const SUITES = [
  { name: 'build', command: node('scripts/build.mjs') },
  { name: 'typecheck', command: node('node_modules/typescript/bin/tsc', '--noEmit', '-p', '.') },
  { name: 'lint', command: node('node_modules/eslint/bin/eslint.js', '.') },
  { name: 'unit', command: node('scripts/test-unit.mjs'), needs: ['build'] },
  { name: 'calendar', command: node('scripts/test-calendar.mjs'), needs: ['build'] },
  { name: 'build:tests', command: node('scripts/build-tests.mjs') },
  {
    name: 'integration (node host)',
    command: node('scripts/run-integration.mjs'),
    needs: ['build', 'build:tests'],
  },
  {
    name: 'integration (web-worker host)',
    command: node('scripts/run-integration.mjs', '--web'),
    needs: ['build', 'build:tests'],
  },
  {
    name: 'integration (restricted)',
    command: node('scripts/run-integration.mjs', '--restricted'),
    needs: ['build', 'build:tests'],
  },
  // The package users install: built, checked as the stores check it, then driven in the UI suite.
  { name: 'package', command: node('scripts/check-package.mjs') },
  { name: 'ui (installed .vsix)', command: node('scripts/run-ui.mjs', '--vsix', 'api-error-inspector.vsix'), needs: ['package'] },
];

const { values: opts } = parseArgs({ options: { only: { type: 'string' } } });
const only = opts.only?.split(',').map((s) => s.trim());
const suites = only ? SUITES.filter((s) => only.includes(s.name)) : SUITES;

let current;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    // Ctrl-C stops the whole run, not just the suite that happens to be running.
    if (current) {
      try {
        process.kill(-current.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    }
    process.exit(130);
  });
}

function run(command) {
  return new Promise((resolve) => {
    const output = [];
    const child = spawn(command[0], command.slice(1), {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    current = child;
    const keep = (stream, sink) =>
      stream.on('data', (d) => {
        output.push(d);
        sink.write(d);
      });
    keep(child.stdout, process.stdout);
    keep(child.stderr, process.stderr);
    child.on('error', (e) => resolve({ code: 1, text: `could not start: ${e.message}` }));
    child.on('close', (code, signal) => {
      current = undefined;
      resolve({ code: code ?? (signal ? 1 : 0), text: Buffer.concat(output).toString() });
    });
  });
}

const results = [];
const failedSuites = new Set();
for (const suite of suites) {
  const blockedBy = (suite.needs ?? []).filter((n) => failedSuites.has(n));
  if (blockedBy.length) {
    failedSuites.add(suite.name);
    results.push({
      name: suite.name,
      status: `not run (${blockedBy.join(', ')} failed)`,
      passed: 0,
      failed: 1,
      seconds: 0,
    });
    continue;
  }
  console.log(`\n━━━ ${suite.name} ━━━`);
  const t0 = performance.now();
  const { code, text } = await run(suite.command);
  const counts = countsOf(text, code);
  const ok = code === 0 && counts.failed === 0;
  if (!ok) failedSuites.add(suite.name);
  results.push({
    name: suite.name,
    status: ok ? 'passed' : `FAILED (exit ${code})`,
    ...counts,
    seconds: (performance.now() - t0) / 1000,
  });
}

const width = Math.max(...results.map((r) => r.name.length));
console.log('\n━━━ summary ━━━');
for (const r of results) {
  const counts = r.checks
    ? r.failed
      ? 'check failed'
      : 'check passed'
    : `${r.passed} passed, ${r.failed} failed`;
  console.log(
    `${r.name.padEnd(width)}  ${r.status.padEnd(12)}  ${counts.padEnd(22)}  ${r.seconds.toFixed(1).padStart(6)} s`,
  );
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
