// UI test: a person puts the cursor on an error code and asks for Quick Fix (Ctrl+.): in source
// code the fixes insert handling, in a JSON response one opens a handler in a new editor. The
// fixture files are never saved or changed on disk. --media writes media/quick-fix.png.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedWorkbench, poll, snapshotFiles } from './workbench.mjs';

const filesBefore = snapshotFiles();
// Written to the user settings before start-up; "auto" would ask for the language in a quick pick
// when the active editor is JSON.
// VS Code in a browser saves edited files after a delay by default: the animation's edit must stay in
// the editor, undone, never on disk.
const workbench = sharedWorkbench({
  userSettings: { 'apiErrors.snippetLanguage': 'typescript', 'files.autoSave': 'off' },
});

test("Quick Fix on 'grant_exhausted' in client.ts offers Knouds handling", async () => {
  const wb = await workbench();
  await wb.openFile('client.ts');
  await wb.clickText("'grant_exhausted'");
  const labels = await wb.quickFix({ contains: 'Insert Knouds handling for grant_exhausted' });
  assert.ok(labels.includes('Insert Knouds handling for grant_exhausted'), JSON.stringify(labels));
  assert.ok(labels.includes('Insert full Knouds error handler'), JSON.stringify(labels));
  await wb.screenshot('quick-fix');
  await wb.page.keyboard.press('Escape');
  await wb.page.locator('.action-widget:visible').waitFor({ state: 'hidden' });
});

// The README's animation: hover the code, read the card, Quick Fix, the handling is inserted.
test('hover → Quick Fix → the Knouds handling is inserted in client.ts, then undone (media/hover-quick-fix.gif)', async () => {
  const wb = await workbench();
  const { page } = wb;
  await wb.openFile('client.ts');
  await wb.frame(1200);
  await wb.hover("'grant_exhausted'", { contains: 'What to do:' });
  await wb.frame(3500);
  await wb.dismissHover();
  await wb.clickText("'grant_exhausted'");
  await wb.quickFix({ contains: 'Insert Knouds handling for grant_exhausted' });
  await wb.frame(2000);
  await wb.chooseAction('Insert Knouds handling for grant_exhausted');
  // The handler function lands after runWorkflow, on screen.
  await poll(
    async () => (await wb.activeEditorLines()).some((l) => /function handleKnoudsGrantExhausted\(/.test(l)),
    { timeoutMs: 20_000, message: 'the handling was not inserted' },
  );
  await wb.frame(4000);
  await wb.saveAnimation('hover-quick-fix');
  // One undo takes the whole insertion back (and the file was never saved).
  await page.keyboard.press('Escape'); // leaves the snippet's placeholders
  await page.keyboard.press('Control+Z');
  await poll(
    async () => !(await wb.activeEditorLines()).some((l) => l.includes('handleKnoudsGrantExhausted')),
    {
      timeoutMs: 10_000,
      message: 'one undo did not take the inserted handling back',
    },
  );
});

test('"Open a Kynasmith handler for this error" in kynasmith-429.json opens an untitled TypeScript editor', async () => {
  const wb = await workbench();
  await wb.openFile('kynasmith-429.json');
  await wb.clickText('"rate_limited"');
  const labels = await wb.quickFix({ contains: 'Open a Kynasmith handler for this error' });
  assert.ok(labels.includes('Copy Kynasmith handler'), JSON.stringify(labels));
  const tabsBefore = await wb.tabs();
  await wb.chooseAction('Open a Kynasmith handler for this error');
  const untitled = await poll(
    async () => (await wb.tabs()).find((t) => /^Untitled-\d/.test(t) && !tabsBefore.includes(t)),
    { timeoutMs: 20_000, message: 'no new untitled editor tab' },
  );
  const lines = await poll(
    async () => {
      const lines = await wb.activeEditorLines();
      return lines.some((l) => l.includes('rate_limited')) ? lines : undefined;
    },
    { timeoutMs: 20_000, message: `the new editor ${untitled} does not show rate_limited` },
  );
  // The handling for this one code: a self-contained function that honours Retry-After.
  const text = lines.join('\n');
  assert.match(text, /function handleKynasmithRateLimited\(/, text);
  assert.match(text, /Retry-After/, text);
  const language = await wb.page.locator('.statusbar-item[id="status.editor.mode"]').innerText();
  assert.equal(language.trim(), 'TypeScript', 'the handler is TypeScript (apiErrors.snippetLanguage)');
});

test('the fixture files on disk are unchanged', () => {
  assert.deepEqual(snapshotFiles(), filesBefore);
});
