import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runBuiltCli, root } from './helpers/cli';
import { kynasmithSeedRows } from './seed-tables/kynasmith';
import { kayleSeedRows } from './seed-tables/kayle';
import { overtenSeedRows } from './seed-tables/overten';
import { knoudsSeedRows } from './seed-tables/knouds';
import { kakuninSeedRows } from './seed-tables/kakunin';
import { version } from '../../package.json';

const flag = { yes: true, no: false, conditional: null, unknown: null } as const;

interface LookupJson {
  results: { provider: string; code: string; status: number; retryable: boolean | null; title: string; remedy: string; docs: string; endpoint?: string; retryCondition?: string; retryUnknown?: boolean }[];
}

describe('api-errors lookup (the built CLI)', () => {
  it('prints a readable card for a code', async () => {
    const run = await runBuiltCli(['lookup', 'rate_limited']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Kynasmith · rate_limited · 429 Too Many Requests · retryable/);
    assert.match(run.stdout, /Retry-After/);
    assert.match(run.stdout, /https:\/\/docs\.kynasmith\.dev/);
    assert.equal(run.stderr, '');
  });

  it('answers --json with exactly the contract fields, best first', async () => {
    const run = await runBuiltCli(['lookup', '--json', 'rate_limited']);
    assert.equal(run.code, 0);
    const json = JSON.parse(run.stdout) as LookupJson;
    assert.deepEqual(Object.keys(json), ['results']);
    const first = json.results[0]!;
    assert.deepEqual(
      { provider: first.provider, code: first.code, status: first.status, retryable: first.retryable },
      { provider: 'kynasmith', code: 'rate_limited', status: 429, retryable: true },
    );
    assert.match(first.title, /Too many requests/);
    assert.match(first.remedy, /Retry-After/);
  });

  it('gives null plus the condition for conditional retries', async () => {
    const json = JSON.parse((await runBuiltCli(['lookup', '--json', '--provider', 'kayle', 'INTERNAL_SERVER_ERROR'])).stdout) as LookupJson;
    assert.equal(json.results[0]!.retryable, null);
    assert.match(json.results[0]!.retryCondition ?? '', /idempotent/i);
  });

  it('says so and exits 1 when nothing matches; --json still exits 0', async () => {
    const human = await runBuiltCli(['lookup', 'zzqx-frobnicator']);
    assert.equal(human.code, 1);
    assert.match(human.stderr, /No error matches 'zzqx-frobnicator'/);
    const json = await runBuiltCli(['lookup', '--json', 'zzqx-frobnicator']);
    assert.equal(json.code, 0);
    assert.deepEqual(JSON.parse(json.stdout), { results: [] });
  });

  it('reports usage errors in one line with exit 2 and no stack trace', async () => {
    for (const args of [['lookup'], ['lookup', '--bogus', 'x'], ['frobnicate'], ['lookup', '--provider'], ['lookup', '--provider', 'acme', 'x'], ['--nope']]) {
      const run = await runBuiltCli(args);
      assert.equal(run.code, 2, args.join(' '));
      const lines = run.stderr.trim().split('\n');
      assert.equal(lines.length, 2, run.stderr);
      assert.match(lines[0]!, /^api-errors: /);
      assert.match(lines[1]!, /--help/);
      assert.doesNotMatch(run.stderr, /\bat .*\.js:\d+/);
    }
  });

  it('prints --help and --version', async () => {
    const help = await runBuiltCli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /api-errors lookup <query>/);
    assert.match(help.stdout, /api-errors explain/);
    const v = await runBuiltCli(['--version']);
    assert.equal(v.stdout.trim(), version);
  });

  // The "done when": every seed code comes back from `lookup --json --provider <id> <code>`.
  const tables = { kynasmith: kynasmithSeedRows, kayle: kayleSeedRows, overten: overtenSeedRows, knouds: knoudsSeedRows, kakunin: kakuninSeedRows };
  for (const [provider, rows] of Object.entries(tables)) {
    it(`returns every ${provider} seed code with its status and retryable flag`, async () => {
      const runs = await Promise.all(rows.map((row) => runBuiltCli(['lookup', '--json', '--provider', provider, row.code])));
      rows.forEach((row, i) => {
        const json = JSON.parse(runs[i]!.stdout) as LookupJson;
        const hit = json.results.find((r) => r.code === row.code && (!row.endpoint || r.endpoint === row.endpoint));
        assert.ok(hit, `${provider} ${row.code}`);
        assert.equal(json.results[0]!.code, row.code, `${row.code} is the best match`);
        assert.equal(hit.provider, provider);
        assert.equal(hit.status, row.status, row.code);
        assert.equal(hit.retryable, flag[row.retryable], row.code);
        assert.equal(hit.retryUnknown, row.retryable === 'unknown' ? true : undefined, row.code);
        assert.ok(hit.title.length > 5 && hit.remedy.length > 3, row.code);
      });
    });
  }
});

describe('api-errors explain (the built CLI)', () => {
  const fixture = (name: string) => resolve(root, 'test/fixtures/detect', name);

  it('reports findings as file:line:col with provider, code, status, retryable and action', async () => {
    const run = await runBuiltCli(['explain', fixture('kynasmith-429.json')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /kynasmith-429\.json:3:13 {2}kynasmith {2}rate_limited {2}429 {2}retryable — Back off/);
  });

  it('prints the JSON contract with 1-based positions at the code token', async () => {
    const run = await runBuiltCli(['explain', '--json', fixture('kynasmith-429.json')]);
    const json = JSON.parse(run.stdout) as { findings: Record<string, unknown>[] };
    assert.equal(json.findings.length, 1);
    const f = json.findings[0]!;
    assert.deepEqual(
      { file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, kind: f.kind, provider: f.provider, code: f.code, status: f.status, retryable: f.retryable },
      { file: fixture('kynasmith-429.json'), line: 3, column: 13, endLine: 3, endColumn: 27, kind: 'response', provider: 'kynasmith', code: 'rate_limited', status: 429, retryable: true },
    );
    for (const key of ['candidates', 'title', 'remedy']) assert.ok(key in f, key);
  });

  it('reads standard input with -', async () => {
    const run = await runBuiltCli(['explain', '--json', '-'], { stdin: '{"success": false, "error": "insufficient_credits", "message": "Out of credits"}' });
    const json = JSON.parse(run.stdout) as { findings: { provider: string; code: string; status: number; file: string }[] };
    assert.deepEqual(json.findings.map((f) => [f.file, f.provider, f.code, f.status]), [['-', 'overten', 'insufficient_credits', 402]]);
  });

  it('explains another API’s error by its status, never as one of the five', async () => {
    const stdin = '{"error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}}';
    const run = await runBuiltCli(['explain', '-'], { stdin });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /-:1:\d+ {2}\(aip-193\) {2}NOT_FOUND {2}404 {2}not retryable — The resource does not exist .*\(Google AIP-193 error, not a catalogued provider\)/);
  });

  it('shows escape sequences and bidi overrides from a file instead of sending them to the terminal', async () => {
    // A crafted code would recolour the terminal, set its title and reverse the rest of the line.
    const stdin = JSON.stringify({ success: false, error: 'evil\u001b[31mRED\u001b]0;title\u0007\u202emid\nnext', message: 'm' });
    const run = await runBuiltCli(['explain', '-'], { stdin });
    assert.equal(run.code, 0, run.stderr);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(run.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/, JSON.stringify(run.stdout));
    assert.ok(run.stdout.includes('evil\\u{1b}[31mRED\\u{1b}]0;title\\u{7}\\u{202e}mid\\u{a}next'), run.stdout);
    assert.equal(run.stdout.trim().split('\n').length, 2, 'the finding stays on one line under its file');
  });

  it('says one line per unreadable file, processes the others, exits 1', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'api-errors-cli-'));
    const dangling = join(temp, 'gone.log');
    symlinkSync(join(temp, 'deleted.log'), dangling);
    const run = await runBuiltCli(['explain', 'no/such/file.json', dangling, fixture('binary.bin'), fixture('kynasmith-429.json')]);
    rmSync(temp, { recursive: true, force: true });
    assert.equal(run.code, 1);
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 3, run.stderr);
    assert.match(lines[0]!, /no\/such\/file\.json: no such file/);
    assert.match(lines[1]!, /gone\.log: dangling symbolic link$/);
    assert.match(lines[2]!, /is a binary file/);
    assert.match(run.stdout, /rate_limited/);
  });

  it('says what a body’s times and headers mean, as of --now', async () => {
    const quota = resolve(root, 'test/fixtures/workspace/responses/quota.json');
    const before = await runBuiltCli(['explain', '--now', '2026-11-22T00:00:00Z', quota]);
    assert.equal(before.code, 0, before.stderr);
    assert.match(before.stdout, /\n {4}· error\.details\.resets_at: Dec 1, 2026, 12:00 AM \(in 9 days\)/);
    assert.match(before.stdout, /\n {4}· Usage 10001 of 10000 \(100 %\)/);
    const after = await runBuiltCli(['explain', '--json', '--now', String(Date.UTC(2026, 11, 3) / 1000), quota]);
    const [finding] = (JSON.parse(after.stdout) as { findings: { says: string[] }[] }).findings;
    assert.ok(finding?.says.some((s) => s.startsWith('error.details.resets_at: Dec 1, 2026, 12:00 AM (2 days ago)')), finding?.says.join('\n'));
    const bad = await runBuiltCli(['explain', '--now', 'yesterday-ish', quota]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^api-errors: --now must be an ISO 8601 time or Unix seconds, got 'yesterday-ish'\n/);
  });

  it('reads times against the real clock when --now is not given', async () => {
    // The only CLI test that depends on today: a reset written relative to the moment the test runs.
    const inNineDays = new Date(Date.now() + 9 * 86_400_000).toISOString();
    const body = JSON.stringify({ error: { code: 'quota_exceeded', message: 'Quota exceeded.', retryable: false, details: { quota_limit: 10, current_usage: 11, resets_at: inNineDays } } });
    const run = await runBuiltCli(['explain', '-'], { stdin: body });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /resets_at: .* \(in 9 days\)/);
  });

  it('treats a missing file argument as a usage error', async () => {
    const run = await runBuiltCli(['explain']);
    assert.equal(run.code, 2);
  });
});

describe('api-errors snippet (the built CLI)', () => {
  it('prints a full handler and one code’s branch', async () => {
    const full = await runBuiltCli(['snippet', '--provider', 'kakunin', '--language', 'typescript']);
    assert.equal(full.code, 0, full.stderr);
    assert.match(full.stdout, /KakuninRateLimitError/);
    const branch = await runBuiltCli(['snippet', '--provider', 'knouds', '--code', 'grant_exhausted', '--language', 'python']);
    assert.equal(branch.code, 0, branch.stderr);
    assert.match(branch.stdout, /grant_exhausted/);
  });

  it('rejects an unknown provider, code or language with exit 2', async () => {
    for (const args of [['snippet', '--provider', 'nope'], ['snippet', '--provider', 'knouds', '--code', 'NOPE_CODE'], ['snippet', '--provider', 'knouds', '--language', 'cobol'], ['snippet']]) {
      const run = await runBuiltCli(args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /^api-errors: /);
    }
  });
});
