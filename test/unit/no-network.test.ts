import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { cliPath, root } from './helpers/cli';

const guard = resolve(__dirname, 'helpers/no-network.cjs');

function run(args: string[]) {
  return spawnSync(process.execPath, ['--require', guard, cliPath, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

describe('no network, no telemetry (CLI and core)', () => {
  it('the guard itself catches a connection attempt', () => {
    const probe = spawnSync(process.execPath, ['--require', guard, '-e', "require('node:net').connect(80, '127.0.0.1')"], { encoding: 'utf8' });
    assert.equal(probe.status, 99);
    assert.match(probe.stderr, /NETWORK ATTEMPT/);
  });

  it('lookup and explain over every fixture open no socket', () => {
    const fixtures = ['kynasmith-429.json', 'api.log', 'requests.http', 'client.ts', 'incident.md'].map((f) => `test/fixtures/workspace/${f}`);
    for (const args of [['lookup', 'rate_limited'], ['lookup', '--json', 'token expired'], ['explain', '--json', ...fixtures]]) {
      const result = run(args);
      assert.equal(result.status, 0, `${args.join(' ')}: ${result.stderr}`);
      assert.doesNotMatch(result.stderr, /NETWORK ATTEMPT/);
    }
  });
});
