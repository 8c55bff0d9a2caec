// UI test: a person opens "API Errors: Show Catalog" and filters the table by typing into the
// webview's filter box. --media writes media/catalog.png.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedWorkbench, poll } from './workbench.mjs';

const workbench = sharedWorkbench();

test('the catalog webview filters its rows as the user types "knouds 402"', async () => {
  const wb = await workbench();
  await wb.runCommand('API Errors: Show Catalog');
  await wb.page
    .locator('.tabs-container .tab[aria-label*="API Errors Catalog"]')
    .waitFor({ timeout: 30_000 });
  const view = wb.webview();
  const filter = view.locator('#filter');
  const count = view.locator('#count');
  await filter.waitFor({ timeout: 30_000 });
  const parse = (text) =>
    text
      .match(/^(\d+) \/ (\d+)$/)
      ?.slice(1)
      .map(Number);
  const [all, total] = await poll(async () => parse(await count.innerText()), {
    timeoutMs: 20_000,
    message: 'the row count did not show',
  });
  assert.equal(all, total, 'unfiltered, every row is shown');

  await filter.click();
  await wb.page.keyboard.type('knouds 402');
  const [shown] = await poll(
    async () => {
      const n = parse(await count.innerText());
      return n && n[0] < total ? n : undefined;
    },
    { timeoutMs: 20_000, message: 'the count did not drop below the total' },
  );
  const visible = (await view.locator('#rows tr:not([hidden])').allInnerTexts()).map((t) =>
    t.replace(/\s+/g, ' '),
  );
  assert.equal(visible.length, shown, `the count (${shown}) matches the visible rows`);
  assert.ok(shown > 0 && shown < total, `${shown} of ${total}`);
  for (const code of ['INSUFFICIENT_CREDITS', 'grant_exhausted'])
    assert.ok(
      visible.some((r) => r.includes(code)),
      `${code} is listed:\n${visible.join('\n')}`,
    );
  for (const row of visible) assert.match(row, /Knouds/, 'every row shown is a Knouds row');
  await wb.screenshot('catalog');
});
