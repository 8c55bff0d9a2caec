import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { cliPath, root, runBuiltCli } from './helpers/cli';

const errorLine = (i: number) => `2026-11-22T10:00:${String(i % 60).padStart(2, '0')}Z ERROR POST https://api.kynasmith.dev/v1/scrape -> 429 {"error": {"code": "rate_limited", "message": "Slow down"}}\n`;
const infoLine = (i: number) => `2026-11-22T10:00:${String(i % 60).padStart(2, '0')}Z INFO GET /health -> 200 {"ok": true}\n`;

describe('api-errors in pipes (the built CLI)', () => {
  const temp = mkdtempSync(join(tmpdir(), 'api-errors-ci-'));
  after(() => rmSync(temp, { recursive: true, force: true }));

  it('ends quietly with status 0 when the reader closes the pipe (| head)', async () => {
    const log = join(temp, 'many.log');
    writeFileSync(log, Array.from({ length: 40_000 }, (_, i) => (i % 2 ? errorLine(i) : infoLine(i))).join(''));
    const child = spawn(process.execPath, [cliPath, 'explain', log], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Read the first chunk, then close our end as `head` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });
});

describe('api-errors explain: streams, directories, formats (the built CLI)', () => {
  const temp = mkdtempSync(join(tmpdir(), 'api-errors-ci-'));
  after(() => rmSync(temp, { recursive: true, force: true }));

  it('explains standard input line by line as it arrives (tail -f), and stops at once on Ctrl-C', async () => {
    const child = spawn(process.execPath, [cliPath, 'explain', '-'], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    const seen = (pattern: RegExp) =>
      new Promise<void>((resolve) => {
        const check = () => (pattern.test(stdout) ? resolve() : child.stdout.once('data', (d: Buffer) => ((stdout += d.toString()), check())));
        check();
      });
    child.stdin.write(infoLine(1));
    child.stdin.write(errorLine(2));
    await seen(/-:2:\d+ {2}kynasmith {2}rate_limited/);
    child.stdin.write('2026-11-22T10:00:03Z ERROR -> 402 {"success": false, "error": "insufficient_credits", "message": "Out of credits"}\n');
    await seen(/-:3:\d+ {2}overten {2}insufficient_credits/);
    // The input is still open: the run is waiting for more, as it would on `tail -f`.
    const stopped = Date.now();
    child.kill('SIGINT');
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    assert.equal(signal, 'SIGINT', String(code));
    assert.ok(Date.now() - stopped < 2000);
  });

  it('--format jsonl: one finding per line, the --json objects', async () => {
    const log = join(temp, 'app.log');
    writeFileSync(log, [infoLine(0), errorLine(1), infoLine(2), errorLine(3)].join(''));
    const lines = await runBuiltCli(['explain', '--format', 'jsonl', log]);
    assert.equal(lines.code, 0, lines.stderr);
    const objects = lines.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(objects.map((o) => [o.line, o.code]), [[2, 'rate_limited'], [4, 'rate_limited']]);
    const json = await runBuiltCli(['explain', '--json', log]);
    assert.deepEqual((JSON.parse(json.stdout) as { findings: unknown[] }).findings, objects);
    const same = await runBuiltCli(['explain', '--format', 'json', log]);
    assert.equal(same.stdout, json.stdout);
    const empty = await runBuiltCli(['explain', '--format', 'json', '-'], { stdin: 'nothing here\n' });
    assert.deepEqual(JSON.parse(empty.stdout), { findings: [] });
  });

  it('--format github: one workflow command per finding, a hostile body cannot start another', async () => {
    const hostile = JSON.stringify({ success: false, error: 'evil\n::error file=x,line=1::pwned%0A,50%: ok\r', message: 'm' });
    const run = await runBuiltCli(['explain', '--format', 'github', '-'], { stdin: `${errorLine(0)}${hostile}\n` });
    assert.equal(run.code, 0, run.stderr);
    const commands = run.stdout.trimEnd().split('\n');
    assert.equal(commands.length, 2, run.stdout);
    assert.match(commands[0]!, /^::warning line=1,endLine=1,col=\d+,endColumn=\d+,title=Kynasmith%3A rate_limited::rate_limited 429 retryable: /);
    assert.match(commands[1]!, /^::warning line=2,.*title=[^:]*%3A evil%0A%3A%3Aerror file=x%2Cline=1%3A%3Apwned%250A%2C50%25%3A ok%0D::evil%0A::error file=x,line=1::pwned%250A,50%25: ok%0D /);
    for (const c of commands) assert.match(c, /^::warning /);
  });

  it('--format sarif: valid SARIF 2.1.0 (Microsoft’s validator), one rule per provider code with help and docs, results with regions', async () => {
    const run = await runBuiltCli(['explain', '--format', 'sarif', 'test/fixtures/workspace']);
    assert.equal(run.code, 0, run.stderr);
    const file = join(temp, 'out.sarif');
    writeFileSync(file, run.stdout);
    const log = JSON.parse(run.stdout) as { runs: { tool: { driver: { rules: { id: string; help: { text: string }; helpUri?: string }[] } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] };
    const { rules } = log.runs[0]!.tool.driver;
    const results = log.runs[0]!.results;
    assert.ok(results.length > 10);
    assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
    for (const r of results) assert.ok(rules.some((rule) => rule.id === r.ruleId), r.ruleId);
    const rateLimited = rules.find((r) => r.id === 'kynasmith/rate_limited');
    assert.match(rateLimited?.help.text ?? '', /Retry-After/);
    assert.match(rateLimited?.helpUri ?? '', /^https:\/\/docs\.kynasmith\.dev/);
    assert.ok(results.some((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'test/fixtures/workspace/api.log' && r.locations[0]!.physicalLocation.region.startLine === 2));
    const validation = join(temp, 'validation.sarif');
    const validator = spawnSync(process.execPath, [resolve(root, 'node_modules/@microsoft/sarif-multitool/bin.js'), 'validate', file, '--output', validation, '--log', 'ForceOverwrite'], { encoding: 'utf8' });
    assert.equal(validator.status, 0, validator.stderr);
    const verdict = JSON.parse(readFileSync(validation, 'utf8')) as { runs: { results?: { level?: string; ruleId: string; message: { text?: string } }[] }[] };
    const errors = (verdict.runs[0]!.results ?? []).filter((r) => r.level === 'error');
    assert.deepEqual(errors, [], validator.stdout);
  });

  it('--max-warnings (ESLint’s convention): exit 1 when there are more findings than that', async () => {
    const log = join(temp, 'two.log');
    writeFileSync(log, errorLine(0) + errorLine(1));
    assert.equal((await runBuiltCli(['explain', log])).code, 0);
    assert.equal((await runBuiltCli(['explain', '--max-warnings', '2', log])).code, 0);
    assert.equal((await runBuiltCli(['explain', '--max-warnings', '0', '--format', 'sarif', log])).code, 1);
    assert.equal((await runBuiltCli(['explain', '--max-warnings', 'some', log])).code, 2);
    assert.equal((await runBuiltCli(['explain', '--format', 'xml', log])).code, 2);
  });

  it('walks directories and patterns: .gitignore, .ignore and --exclude honoured, hidden and binary files skipped, symbolic link loops safe', async () => {
    const ws = join(temp, 'ws');
    mkdirSync(join(ws, 'logs/2026/11'), { recursive: true });
    mkdirSync(join(ws, 'build'), { recursive: true });
    mkdirSync(join(ws, '.cache'), { recursive: true });
    mkdirSync(join(ws, 'tmp'), { recursive: true });
    writeFileSync(join(ws, '.gitignore'), 'build/\n*.tmp.log\n');
    writeFileSync(join(ws, 'logs/.ignore'), 'skipped.log\n');
    for (const name of ['a.log', 'logs/b.log', 'logs/2026/11/c.log', 'logs/x.tmp.log', 'logs/skipped.log', 'build/d.log', '.cache/e.log', 'tmp/f.log', 'logs/2026/g.txt']) writeFileSync(join(ws, name), errorLine(0));
    writeFileSync(join(ws, 'logs/blob.bin'), Buffer.from([0x7b, 0, 1, 2]));
    symlinkSync('..', join(ws, 'logs/loop'));
    symlinkSync('a.log', join(ws, 'link.log'));
    const files = (stdout: string) => [...new Set(stdout.split('\n').filter((l) => /:\d+:\d+ /.test(l)).map((l) => l.slice(0, l.search(/:\d+:\d+ /))))].sort();
    const all = await runBuiltCli(['explain', '--exclude', 'tmp', '.'], { cwd: ws });
    assert.equal(all.code, 0, all.stderr);
    assert.equal(all.stderr, '');
    assert.deepEqual(files(all.stdout), ['a.log', 'link.log', 'logs/2026/11/c.log', 'logs/2026/g.txt', 'logs/b.log']);
    const pattern = await runBuiltCli(['explain', 'logs/**/*.log'], { cwd: ws });
    assert.deepEqual(files(pattern.stdout), ['logs/2026/11/c.log', 'logs/b.log']);
    const top = await runBuiltCli(['explain', '*.log'], { cwd: ws });
    assert.deepEqual(files(top.stdout), ['a.log', 'link.log']);
    const none = await runBuiltCli(['explain', 'nothing/**/*.log'], { cwd: ws });
    assert.equal(none.code, 1);
    assert.match(none.stderr, /^api-errors: nothing\/\*\*\/\*\.log: no such file, and no file matches it as a pattern\n$/);
  });

  it('a directory of 3 000 small files, read several at a time: every finding, in order', async () => {
    const many = join(temp, 'many');
    mkdirSync(many);
    for (let i = 0; i < 3000; i++) writeFileSync(join(many, `f${String(i).padStart(4, '0')}.log`), i % 3 === 0 ? errorLine(i) : infoLine(i));
    const run = await runBuiltCli(['explain', '--format', 'jsonl', many]);
    assert.equal(run.code, 0, run.stderr);
    const found = run.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { file: string }).file);
    assert.equal(found.length, 1000);
    assert.deepEqual(found, [...found].sort());
  });

  it('reads UTF-16 files (by their byte order mark), invalid UTF-8, FIFOs; a dangling link and /dev/zero get one line each', async () => {
    const body = errorLine(0);
    writeFileSync(join(temp, 'le.log'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]));
    const be = Buffer.from(body, 'utf16le');
    be.swap16();
    writeFileSync(join(temp, 'be.log'), Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    writeFileSync(join(temp, 'bad-utf8.log'), Buffer.concat([Buffer.from([0xc3, 0x28, 0xff, 0x20]), Buffer.from(body)]));
    symlinkSync(join(temp, 'nowhere.log'), join(temp, 'dangling.log'));
    const fifo = join(temp, 'pipe.log');
    spawnSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `printf '%s' '${body.trim()}' > '${fifo}'`]);
    const run = await runBuiltCli(['explain', '--format', 'jsonl', join(temp, 'le.log'), join(temp, 'be.log'), join(temp, 'bad-utf8.log'), join(temp, 'dangling.log'), '/dev/zero', fifo]);
    writer.kill();
    assert.equal(run.code, 1);
    const found = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { file: string; line: number; column: number; code: string });
    assert.deepEqual(found.map((f) => [f.file.slice(temp.length + 1), f.line, f.code]), [['le.log', 1, 'rate_limited'], ['be.log', 1, 'rate_limited'], ['bad-utf8.log', 1, 'rate_limited'], ['pipe.log', 1, 'rate_limited']]);
    assert.equal(found[0]!.column, found[3]!.column);
    assert.deepEqual(run.stderr.trimEnd().split('\n'), [`api-errors: ${join(temp, 'dangling.log')}: dangling symbolic link`, 'api-errors: /dev/zero: is a binary file']);
  });

  it('an unreadable file: one line, the rest still explained, exit 1', { skip: process.getuid?.() === 0 ? 'root reads every file' : false }, async () => {
    const locked = join(temp, 'locked.log');
    writeFileSync(locked, errorLine(0));
    chmodSync(locked, 0);
    const other = join(temp, 'open.log');
    writeFileSync(other, errorLine(0));
    const run = await runBuiltCli(['explain', locked, other]);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `api-errors: ${locked}: permission denied\n`);
    assert.match(run.stdout, /open\.log:1:\d+ {2}kynasmith {2}rate_limited/);
  });
});

describe('api-errors colours (the built CLI)', () => {
  const run = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, [cliPath, ...args], { cwd: root, input: errorLine(0), encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env } });

  it('colours text only when asked (FORCE_COLOR, or a terminal), never with NO_COLOR, never in machine formats', () => {
    /* eslint-disable no-control-regex -- the escape sequences are what is tested */
    assert.match(run(['explain', '-'], { FORCE_COLOR: '1' }).stdout, /\x1b\[1m/);
    // Standard output is a pipe here: no colour unless forced.
    assert.doesNotMatch(run(['explain', '-'], {}).stdout, /\x1b\[/);
    assert.doesNotMatch(run(['explain', '-'], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout, /\x1b\[/);
    for (const format of ['jsonl', 'json', 'sarif', 'github']) assert.doesNotMatch(run(['explain', '--format', format, '-'], { FORCE_COLOR: '1' }).stdout, /\x1b\[/, format);
    /* eslint-enable no-control-regex */
  });
});
