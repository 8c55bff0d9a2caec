// UI test: a first-time user opens the extension's walkthrough from the command palette and follows
// its first step: "Open a Sample Error" opens a sample .http response in an untitled editor with
// the code to hover. --media writes media/walkthrough.png.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { poll, sharedWorkbench } from './workbench.mjs';

const workbench = sharedWorkbench();

test('the walkthrough lists its steps and its first step opens a sample error with its card', async () => {
  const wb = await workbench();
  const { page } = wb;
  // The walkthrough picker has no title, only its placeholder.
  await wb.runCommand('Welcome: Open Walkthrough...');
  const widget = page.locator('.quick-input-widget');
  await poll(
    async () =>
      (await widget.locator('input').getAttribute('placeholder')) === 'Select a walkthrough to open',
    {
      timeoutMs: 30_000,
      message: 'the walkthrough picker did not open',
    },
  );
  await page.keyboard.type('API Error Inspector');
  const row = widget
    .locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with API Error Inspector' })
    .first();
  await row.waitFor({ timeout: 20_000 });
  await page.keyboard.press('Enter');

  const steps = page.locator('.getting-started-step');
  await poll(async () => (await steps.count()) === 5, {
    timeoutMs: 30_000,
    message: 'the walkthrough did not show its 5 steps',
  });
  const titles = (
    await page.locator('.gettingStartedContainer .getting-started-step .step-title').allInnerTexts()
  ).map((t) => t.trim());
  assert.deepEqual(titles, [
    'Hover an error',
    'Insert a handler',
    'Look up any code',
    'See every error in the Problems panel',
    'The same in a terminal and in CI',
  ]);
  await wb.screenshot('walkthrough');

  await page
    .locator('.gettingStartedContainer .getting-started-step.expanded .monaco-button', {
      hasText: 'Open a Sample Error',
    })
    .first()
    .click();
  // The sample opens in an editor; the person rests the mouse on its code.
  await page
    .locator('.monaco-editor .view-lines', { hasText: 'rate_limited' })
    .first()
    .waitFor({ timeout: 30_000 });
  const text = await wb.hover('"rate_limited"', { contains: 'Kynasmith · rate_limited' });
  assert.match(text, /Kynasmith · rate_limited · 429 Too Many Requests · retryable/);
  assert.match(text, /Retry-After: 42 — retry after 42 s/);
});
