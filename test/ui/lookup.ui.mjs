// UI test: a person looks an error code up from the command palette: F1, "API Errors: Look Up
// Error Code", types part of the code, picks it and reads the card in a modal dialog. --media
// writes media/lookup.png.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedWorkbench, poll } from './workbench.mjs';

const workbench = sharedWorkbench();

test('looking up "grant" finds Knouds grant_exhausted and shows its card', async () => {
  const wb = await workbench();
  const { page } = wb;
  const widget = await wb.openQuickPick('API Errors: Look Up Error Code', 'Look Up Error Code');
  await page.keyboard.type('grant');
  const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: 'grant_exhausted' }).first();
  await row.waitFor({ timeout: 20_000 });
  const label = (await row.locator('.label-name').first().innerText()).trim();
  const description = (await row.locator('.label-description').first().innerText()).trim();
  assert.equal(label, 'grant_exhausted');
  assert.ok(description.startsWith('Knouds · 402'), description);
  await wb.screenshot('lookup');

  // Select it (arrow keys until it is the focused row) and accept.
  await poll(
    async () => {
      const focused = widget.locator('.quick-input-list .monaco-list-row.focused');
      if (
        (await focused.count()) &&
        (await focused.first().locator('.label-name').first().innerText()).trim() === 'grant_exhausted'
      )
        return true;
      await page.keyboard.press('ArrowDown');
      return false;
    },
    { timeoutMs: 10_000, intervalMs: 150, message: 'could not select grant_exhausted' },
  );
  await page.keyboard.press('Enter');

  const dialog = await wb.dialog();
  assert.equal(dialog.title, 'Knouds · grant_exhausted · 402 Payment Required · not retryable');
  assert.match(dialog.detail, /What to do:/);
  assert.match(dialog.detail, /INSUFFICIENT_CREDITS/, 'the look-alike code is named');
  for (const button of ['Insert Handler…', 'Copy Code', 'Open Docs'])
    assert.ok(dialog.buttons.includes(button), `button ${button}: ${JSON.stringify(dialog.buttons)}`);
  await page.keyboard.press('Escape');
  await page.locator('.monaco-dialog-box').waitFor({ state: 'hidden', timeout: 10_000 });
});
