// UI test: the extension makes no network request. The workbench runs the extension's browser build
// in the web-worker extension host (as on vscode.dev) behind a recording proxy that sees every
// request leaving 127.0.0.1 from the page, its webview frames and its workers, while a person uses
// each feature. VS Code's own gallery look-ups are turned off, so whatever is recorded would be ours.
/* global Worker, Blob */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { poll, sharedWorkbench } from './workbench.mjs';

const workbench = sharedWorkbench({ web: true, offline: true });
/**
 * The browser's own Google sign-in check, which no Chromium flag turns off: a CONNECT to Google's
 * account host, made by the browser process, not by any page, frame or worker.
 */
const CHROMIUM_SERVICES = /^CONNECT accounts\.google\.com:443$/;

test('with the web build in use, no request leaves 127.0.0.1', async () => {
  const wb = await workbench();
  const { page } = wb;

  // The recording sees workers: a request from a worker of the page reaches the proxy.
  await page.evaluate(() => {
    const source = "fetch('https://probe.example/from-a-worker').catch(() => {})";
    new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
  });
  await poll(() => wb.outbound.some((r) => r.includes('probe.example')), {
    message: 'the proxy did not see a request made by a worker',
  });
  const probes = wb.outbound.length;

  await wb.openFile('kynasmith-429.json');
  const title = 'Kynasmith · rate_limited · 429 Too Many Requests · retryable';
  assert.ok((await wb.hover('"rate_limited"', { contains: title })).includes(title));
  await wb.dismissHover();

  await wb.openFile('api.log');
  await wb.problems();

  await wb.runCommand('API Errors: Show Catalog');
  await wb.webview().locator('tbody tr').first().waitFor({ timeout: 30_000 });

  // The catalog webview has the focus: the lookup must take it before anything is typed.
  await wb.openQuickPick('API Errors: Look Up Error Code', 'Look Up Error Code');
  await page.keyboard.type('grant');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'grant_exhausted' })
    .first()
    .waitFor({ timeout: 20_000 });
  await page.keyboard.press('Escape');

  const during = wb.outbound.slice(probes);
  const ours = during.filter((r) => !CHROMIUM_SERVICES.test(r));
  console.log(
    `network: ${ours.length} request(s) tried to leave 127.0.0.1 while the features ran (besides ${during.length - ours.length} of Chromium's own sign-in service)`,
  );
  assert.deepEqual(ours, [], 'no request leaves 127.0.0.1');
});
