// UI test: a person looks an error up from the command palette: F1, "API Errors: Look Up Error
// Code", types words in their own order ("organization frozen"), picks the entry and reads its card
// beside the editor, not in a modal dialog: Enter picks, it never inserts code. --media writes
// media/lookup.png.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedWorkbench, poll } from './workbench.mjs';

const workbench = sharedWorkbench();

test('looking up "organization frozen" finds Kayle ID ORGANIZATION_FROZEN and shows its card beside the editor', async () => {
  const wb = await workbench();
  const { page } = wb;
  const widget = await wb.openQuickPick('API Errors: Look Up Error Code', 'Look Up Error Code');
  // Off the input: the tooltip of its long placeholder would cover the results.
  await page.mouse.move(700, 700, { steps: 4 });
  await page.keyboard.type('organization frozen');
  const first = widget.locator('.quick-input-list .monaco-list-row').first();
  await poll(
    async () => (await first.locator('.label-name').first().innerText()).trim() === 'ORGANIZATION_FROZEN',
    {
      timeoutMs: 20_000,
      message: 'ORGANIZATION_FROZEN is not the first result',
    },
  );
  const description = (await first.locator('.label-description').first().innerText()).trim();
  assert.ok(description.startsWith('Kayle ID · 410'), description);
  await wb.screenshot('lookup');

  // Enter picks the focused (first) row.
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab[aria-label*="ORGANIZATION_FROZEN"]').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'no modal dialog');
  const view = wb.webview();
  const title = (await view.locator('#entry h2').innerText({ timeout: 30_000 })).trim();
  assert.equal(title, 'Kayle ID · ORGANIZATION_FROZEN · 410 Gone · not retryable');
  const card = await view.locator('#entry').innerText();
  assert.match(card, /What to do:/);
  const docs = await view.locator('#entry a.docs').getAttribute('href');
  assert.match(docs ?? '', /^https:\/\/[^\s]+$/, 'the docs link is a URL');
  const buttons = (await view.locator('#entry button').allInnerTexts()).map((b) => b.trim());
  assert.deepEqual(buttons, ['Open Handler', 'Copy Handler', 'Copy Code']);
  assert.equal(
    (await view.locator('#rows tr.selected').innerText()).includes('ORGANIZATION_FROZEN'),
    true,
    'the entry’s row is highlighted in the table',
  );
});
