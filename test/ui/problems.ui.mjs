// UI test: a person opens a log and the Problems panel (Ctrl+Shift+M): each API error of the log
// is listed, from the source "API Errors". --media writes media/problems.png.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedWorkbench } from './workbench.mjs';

const workbench = sharedWorkbench();

test('api.log: the Problems panel lists its API errors', async () => {
  const wb = await workbench();
  await wb.openFile('api.log');
  const codes = ['session_already_completed', 'grant_exhausted', 'SESSION_NOT_FOUND'];
  const rows = await wb.problems({
    until: (rows) => codes.every((code) => rows.some((r) => r.includes(code) && r.includes('API Errors'))),
  });
  for (const code of codes) {
    const row = rows.find((r) => r.includes(code) && r.includes('API Errors'));
    assert.ok(row, `a Problems row of source "API Errors" names ${code}:\n${rows.join('\n')}`);
  }
  assert.ok(
    rows.some((r) => r.startsWith('api.log')),
    `the rows are grouped under api.log:\n${rows.join('\n')}`,
  );
  await wb.screenshot('problems');
});
