// The Node-side suites (unit, CLI, snippets: everything scripts/test-unit.mjs runs) at other dates,
// time zones and locales, so that no test depends on the day, zone or language it runs in. The
// clock is moved with libfaketime (Debian's faketime) by a fixed offset, so that every process of a
// run (test workers, the CLI, the snippet servers, Python) agrees on the moment and the clock keeps
// ticking. The monotonic clock moves by the same offset, which timers never notice (leaving it alone
// with FAKETIME_DONT_FAKE_MONOTONIC makes libfaketime 0.9.10 fail Python's time.sleep with EINVAL).
//
//   node scripts/test-calendar.mjs [--only NAME]
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { REPO_ROOT, ensureDebianPackagesOnly } from './test-env.mjs';
import { countsOf } from './test-counts.mjs';

/** Each run moves the date and the zone at once; together they cover both dates, both zones and a second locale. */
const CALENDARS = [
  {
    name: '2027-06-15 in Pacific/Kiritimati (UTC+14), German',
    at: '2027-06-15T12:00:00Z',
    TZ: 'Pacific/Kiritimati',
    LANG: 'de_DE.UTF-8',
  },
  {
    name: '2031-01-01, midnight in America/St_Johns (UTC-3:30)',
    at: '2031-01-01T03:30:00Z',
    TZ: 'America/St_Johns',
    LANG: 'en_US.UTF-8',
  },
];

const { values: opts } = parseArgs({ options: { only: { type: 'string' } } });
const calendars = CALENDARS.filter((c) => !opts.only || c.name.includes(opts.only));

try {
  await ensureDebianPackagesOnly();
} catch (e) {
  console.error(`calendar: error: ${e.message}`);
  process.exit(1);
}

function runAt(calendar) {
  return new Promise((resolve) => {
    const output = [];
    const offsetSeconds = Math.round((Date.parse(calendar.at) - Date.now()) / 1000);
    const child = spawn(
      'faketime',
      ['-f', `${offsetSeconds >= 0 ? '+' : ''}${offsetSeconds}`, process.execPath, 'scripts/test-unit.mjs'],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, TZ: calendar.TZ, LANG: calendar.LANG, LC_ALL: calendar.LANG },
      },
    );
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (d) => {
        output.push(d);
        process.stdout.write(d);
      });
    }
    child.on('error', (e) => resolve({ code: 1, text: `faketime could not start: ${e.message}` }));
    child.on('close', (code) => resolve({ code, text: Buffer.concat(output).toString() }));
  });
}

let passed = 0;
let failed = 0;
const lines = [];
for (const calendar of calendars) {
  const t0 = performance.now();
  console.log(`calendar: ${calendar.name}`);
  const { code, text } = await runAt(calendar);
  const counts = countsOf(text, code);
  passed += counts.passed;
  failed += counts.failed;
  lines.push(
    `calendar: ${calendar.name}: ${counts.passed} passed, ${counts.failed} failed (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
  );
}
for (const line of lines) console.log(line);
console.log(`calendar: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
