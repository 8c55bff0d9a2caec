import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { runBuiltCli, root } from './helpers/cli';

const catalogs = resolve(root, 'test/fixtures/catalogs');
const acme = join(catalogs, 'acme.api-errors.json');
const declined = join(catalogs, 'acme-declined.json');
const kynasmith429 = resolve(root, 'test/fixtures/detect/kynasmith-429.json');

interface LookupJson {
  results: { provider: string; code: string; status: number; remedy: string }[];
}

describe('api-errors with custom catalogs (the built CLI)', () => {
  const temp = mkdtempSync(join(tmpdir(), 'api-errors-cli-'));
  after(() => rmSync(temp, { recursive: true, force: true }));

  it('explain --catalog: finds the custom provider\u2019s errors, in its own envelope', async () => {
    const run = await runBuiltCli(['explain', '--no-discover', '--catalog', acme, declined], { cwd: temp });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(
      run.stdout,
      /acme-declined\.json:3:11 {2}acme-pay {2}CARD_DECLINED {2}402 {2}not retryable — Ask the customer for another payment method/,
    );
  });

  it('lookup --catalog, repeatable: custom codes and corrections of built-in entries, with a notice', async () => {
    const run = await runBuiltCli(
      [
        'lookup',
        '--json',
        '--no-discover',
        '--catalog',
        acme,
        '--catalog',
        join(catalogs, 'kynasmith-override.catalog.json'),
        'rate_limited',
      ],
      { cwd: temp },
    );
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as LookupJson;
    const kynasmith = json.results.find((r) => r.provider === 'kynasmith' && r.code === 'rate_limited');
    assert.match(kynasmith?.remedy ?? '', /Our gateway queues these/);
    assert.match(
      run.stderr,
      /kynasmith-override\.catalog\.json: rate_limited replaces meaning, action, source of the built-in Kynasmith catalog/,
    );
    const card = await runBuiltCli(
      ['lookup', '--json', '--no-discover', '--catalog', acme, '--provider', 'acme-pay', 'declined'],
      { cwd: temp },
    );
    assert.equal((JSON.parse(card.stdout) as LookupJson).results[0]?.code, 'CARD_DECLINED');
  });

  it('a broken catalog: one line per problem (file:line:col: path: message), the rest keeps working, exit 1', async () => {
    const run = await runBuiltCli(
      [
        'explain',
        '--no-discover',
        '--catalog',
        'broken/schema-errors.catalog.json',
        '--catalog',
        'broken/syntax.catalog.json',
        '--catalog',
        'acme.api-errors.json',
        declined,
        kynasmith429,
      ],
      { cwd: catalogs },
    );
    assert.equal(run.code, 1);
    const lines = run.stderr.trim().split('\n');
    assert.ok(
      lines.includes(
        'broken/schema-errors.catalog.json:30:17: entries[1].status: must be an integer between 100 and 599 (an HTTP status)',
      ),
      run.stderr,
    );
    assert.ok(
      lines.includes(
        'broken/schema-errors.catalog.json:36:7: entries[1]: unknown property "retryble" (did you mean "retryable"?)',
      ),
      run.stderr,
    );
    assert.ok(
      lines.some((l) =>
        /^broken\/schema-errors\.catalog\.json:35:15: entries\[1\]\.docs: must be an https:\/\/ URL, not a command: link/.test(
          l,
        ),
      ),
      run.stderr,
    );
    assert.ok(
      lines.some((l) => /^broken\/syntax\.catalog\.json:5:5: syntax error: ',' is expected$/.test(l)),
      run.stderr,
    );
    for (const line of lines) assert.match(line, /^broken\/[\w-]+\.catalog\.json:\d+:\d+: /);
    // The built-ins and the valid catalog still work.
    assert.match(run.stdout, /kynasmith {2}rate_limited {2}429/);
    assert.match(run.stdout, /acme-pay {2}CARD_DECLINED/);
  });

  it('a missing --catalog file is one line and exit 1, not a usage error', async () => {
    const run = await runBuiltCli(
      ['lookup', '--no-discover', '--catalog', 'nope.api-errors.json', 'rate_limited'],
      { cwd: temp },
    );
    assert.equal(run.code, 1);
    assert.equal(run.stderr, 'api-errors: nope.api-errors.json: no such file\n');
    assert.match(run.stdout, /rate_limited/);
  });

  it('usage errors stay exit 2', async () => {
    for (const args of [
      ['explain', '--catalog'],
      ['lookup', 'x', '--catalog'],
      ['explain', '--catalogue', acme, declined],
    ]) {
      const run = await runBuiltCli(args, { cwd: temp });
      assert.equal(run.code, 2, args.join(' '));
    }
  });

  it('finds *.api-errors.json in the working directory tree and .vscode/api-errors.json, skipping node_modules, hidden and too-deep directories', async () => {
    const ws = join(temp, 'workspace');
    mkdirSync(join(ws, 'services/payments'), { recursive: true });
    copyFileSync(acme, join(ws, 'services/payments/acme.api-errors.json'));
    mkdirSync(join(ws, '.vscode'), { recursive: true });
    copyFileSync(join(catalogs, 'kynasmith-override.catalog.json'), join(ws, '.vscode/api-errors.json'));
    // Broken catalogs where they must not be looked for: they would make the run exit 1.
    const broken = join(catalogs, 'broken/syntax.catalog.json');
    mkdirSync(join(ws, 'node_modules/pkg'), { recursive: true });
    copyFileSync(broken, join(ws, 'node_modules/pkg/bad.api-errors.json'));
    mkdirSync(join(ws, '.cache'), { recursive: true });
    copyFileSync(broken, join(ws, '.cache/bad.api-errors.json'));
    const deep = join(ws, 'a/b/c/d/e/f/g');
    mkdirSync(deep, { recursive: true });
    copyFileSync(broken, join(deep, 'bad.api-errors.json'));

    const run = await runBuiltCli(['lookup', '--json', 'CARD_DECLINED'], { cwd: ws });
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as LookupJson).results[0]?.provider, 'acme-pay');
    // .vscode/api-errors.json was read too.
    assert.match(run.stderr, /^api-errors: \.vscode\/api-errors\.json: rate_limited replaces/m);
    assert.doesNotMatch(run.stderr, /bad\.api-errors\.json/);

    const explain = await runBuiltCli(['explain', declined], { cwd: ws });
    assert.equal(explain.code, 0, explain.stderr);
    assert.match(explain.stdout, /CARD_DECLINED/);

    // --no-discover: only the built-ins.
    const none = await runBuiltCli(['lookup', '--no-discover', 'CARD_DECLINED'], { cwd: ws });
    assert.equal(none.code, 1);

    // A broken catalog in the tree is reported, and the command still answers.
    writeFileSync(join(ws, 'services/team.api-errors.json'), '{ "provider": ');
    const withBroken = await runBuiltCli(['lookup', 'CARD_DECLINED'], { cwd: ws });
    assert.equal(withBroken.code, 1);
    assert.match(withBroken.stderr, /^services\/team\.api-errors\.json:1:\d+: syntax error: /m);
    assert.match(withBroken.stdout, /Acme Pay · CARD_DECLINED/);
  });
});
