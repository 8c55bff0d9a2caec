import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cliPath, root } from './helpers/cli';

const errorLine = (i: number) => `2026-11-22T10:00:${String(i % 60).padStart(2, '0')}Z ERROR POST https://api.kynasmith.dev/v1/scrape -> 429 {"error": "rate_limited", "message": "Slow down"}\n`;
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
