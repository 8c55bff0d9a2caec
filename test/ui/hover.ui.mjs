// UI test: a person opens a Kynasmith error response and rests the mouse on the error code; the
// hover explains it. Runs with `node --test` (see scripts/run-ui.mjs).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openWorkbench } from './workbench.mjs';

let wb;
before(async () => {
  wb = await openWorkbench();
});
after(async () => {
  await wb?.close();
});

test('hovering "rate_limited" in kynasmith-429.json explains the Kynasmith 429', async () => {
  await wb.openFile('kynasmith-429.json');
  const text = await wb.hover('"rate_limited"', { contains: 'Kynasmith' });
  await wb.screenshot('hover-kynasmith-429');
  assert.match(text, /Kynasmith/);
  assert.match(text, /429/);
});
