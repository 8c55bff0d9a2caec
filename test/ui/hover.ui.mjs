// UI test: a person opens an error response and rests the mouse on the error code (or on the
// status line of a .http response); the hover card explains it. Runs with `node --test` (see
// scripts/run-ui.mjs); --media writes media/hover.png.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineOf, sharedWorkbench } from './workbench.mjs';

const workbench = sharedWorkbench();

test('hovering "rate_limited" in kynasmith-429.json shows the Kynasmith card with its links', async () => {
  const wb = await workbench();
  await wb.openFile('kynasmith-429.json');
  const title = 'Kynasmith · rate_limited · 429 Too Many Requests · retryable';
  const text = await wb.hover('"rate_limited"', { contains: title });
  assert.ok(text.includes(title), text);
  assert.ok(text.includes('retry after 42 s'), `details.retry_after_seconds is interpreted:\n${text}`);
  const links = await wb.hoverLinks();
  for (const link of ['Insert handler…', 'Copy code', 'Look up…'])
    assert.ok(
      links.includes(link),
      `the card links to ${JSON.stringify(link)}; links: ${JSON.stringify(links)}`,
    );
  await wb.screenshot('hover');
  await wb.dismissHover();
});

// The card's links run only commands listed in isTrusted.enabledCommands: clicking proves it.
test(
  'clicking "Look up…" in the hover card opens the lookup with the code',
  async () => {
    const wb = await workbench();
    const { page } = wb;
    await wb.openFile('kynasmith-429.json');
    await wb.hover('"rate_limited"', { contains: 'Look up…' });
    const link = page.locator('.monaco-hover-content:visible a', { hasText: 'Look up…' });
    await link.scrollIntoViewIfNeeded();
    await link.click();
    const input = page.locator('.quick-input-widget input');
    try {
      await input.waitFor({ timeout: 10_000 });
      assert.equal(await input.inputValue(), 'rate_limited');
      assert.match(
        await page.locator('.quick-input-widget .quick-input-title').innerText(),
        /Look Up Error Code/,
      );
    } finally {
      if (await input.isVisible()) await page.keyboard.press('Escape');
      await wb.dismissHover();
    }
  },
);

test('hovering the "HTTP/1.1 429" status line in requests.http shows the Kakunin card', async () => {
  const wb = await workbench();
  await wb.openFile('requests.http');
  await wb.goToLine(lineOf('requests.http', 'HTTP/1.1 429'));
  const text = await wb.hover('HTTP/1.1 429', { contains: 'Kakunin' });
  assert.match(text, /Kakunin/);
  assert.match(text, /429 Too Many Requests/);
  assert.ok(text.includes('retry after 42 s'), `the Retry-After header is interpreted:\n${text}`);
  await wb.dismissHover();
});
