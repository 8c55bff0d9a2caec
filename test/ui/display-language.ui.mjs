// UI test: a person whose VS Code speaks German (display language "de", set by a language pack as
// VS Code's "Configure Display Language" does) uses the extension: its commands, its lookup and its
// hover cards speak German too (package.nls.de.json and l10n/bundle.l10n.de.json). The language pack
// is a test fixture that switches the language and translates none of VS Code's own strings.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../../scripts/test-env.mjs';
import { poll, sharedWorkbench } from './workbench.mjs';

/** The fixture language pack, packaged as users receive one. */
function germanLanguagePack() {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'language-pack-')), 'language-pack-de.vsix');
  execFileSync(
    path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce'),
    ['package', '--skip-license', '--allow-missing-repository', '--no-dependencies', '--out', out],
    { cwd: path.join(REPO_ROOT, 'test', 'fixtures', 'language-pack-de'), stdio: 'ignore' },
  );
  return out;
}

const workbench = sharedWorkbench({ locale: 'de', install: [germanLanguagePack()] });

test('in German: the command palette, the lookup and the hover card speak German', async () => {
  const wb = await workbench();
  const { page } = wb;
  const widget = await wb.openQuickPick('API-Fehler: Fehlercode nachschlagen', 'Fehlercode nachschlagen');
  await page.keyboard.type('organization frozen');
  const first = widget.locator('.quick-input-list .monaco-list-row').first();
  await poll(
    async () => (await first.locator('.label-name').first().innerText()).trim() === 'ORGANIZATION_FROZEN',
    {
      timeoutMs: 20_000,
      message: 'ORGANIZATION_FROZEN is not the first result',
    },
  );
  await page.keyboard.press('Escape');

  await wb.openFile('kynasmith-429.json');
  const text = await wb.hover('"rate_limited"', { contains: 'Was zu tun ist:' });
  const links = await wb.hoverLinks();
  assert.ok(
    links.includes('Fehlerbehandlung einfügen…'),
    `the card's action links are German: ${JSON.stringify(links)}`,
  );
  assert.match(text, /Diese Antwort sagt/, text);
  await wb.screenshot('hover-de');
  await wb.dismissHover();
});
