// UI test: a person opens an error response and rests the mouse on the error code (or on the
// status line of a .http response); the hover card explains it. Runs with `node --test` (see
// scripts/run-ui.mjs); --media writes media/hover.png.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../../scripts/test-env.mjs';
import { DEFAULT_WORKSPACE } from '../../scripts/vscode-server.mjs';
import { lineOf, sharedWorkbench } from './workbench.mjs';

const workbench = sharedWorkbench();

test('hovering "rate_limited" in kynasmith-429.json shows the diagnostic line and the Kynasmith card with its links', async () => {
  const wb = await workbench();
  await wb.openFile('kynasmith-429.json');
  // The diagnostic's line and the card share the hover: the verdict is said once.
  const verdict = 'Kynasmith · rate_limited · 429 Too Many Requests · retryable';
  const text = await wb.hover('"rate_limited"', { contains: `${verdict} — ` });
  assert.equal(text.split(verdict).length - 1, 1, `the verdict appears once:\n${text}`);
  assert.ok(text.includes('What to do:'), text);
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
test('clicking "Look up…" in the hover card opens the lookup with the code', async () => {
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
});

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

/** The sentences a person reads in a hover, as words (case, spacing, punctuation and link targets aside). */
function sentencesOf(text) {
  return text
    .split(/\n+|(?<=[.!?])\s+/)
    .map((s) =>
      s
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim(),
    )
    .filter((s) => s.split(' ').length >= 4);
}

// Where a diagnostic shares the hover, VS Code shows its line above the card: every code of the
// sample workspace, found by the CLI (the same core), is hovered and read as a person would.
test('every code of the sample workspace: the hover (diagnostic and card) says each sentence once', async () => {
  const wb = await workbench();
  const { findings } = JSON.parse(
    execFileSync(
      process.execPath,
      [path.join(REPO_ROOT, 'dist', 'cli.js'), 'explain', '--format', 'json', '.'],
      {
        cwd: DEFAULT_WORKSPACE,
        encoding: 'utf8',
      },
    ),
  );
  const byCode = new Map();
  for (const f of findings) if (!byCode.has(f.code)) byCode.set(f.code, f);
  assert.ok(byCode.size >= 15, `the sample workspace has codes of every provider: ${[...byCode.keys()]}`);
  const repeated = [];
  for (const f of byCode.values()) {
    await wb.openFile(f.file);
    await wb.goToLine(f.line, { column: f.column + 1 });
    // "API Errors" is the diagnostic's source: the hover holds the diagnostic's line, not only the card.
    const text = await wb.hoverAtCursor({ contains: 'API Errors' });
    assert.ok(
      text.includes(f.code),
      `the hover at ${f.file}:${f.line}:${f.column} is about ${f.code}:\n${text}`,
    );
    const seen = new Set();
    for (const sentence of sentencesOf(text)) {
      if (seen.has(sentence)) repeated.push(`${f.file}:${f.line} ${f.code}: "${sentence}"`);
      seen.add(sentence);
    }
    await wb.dismissHover();
  }
  assert.deepEqual(repeated, [], 'no sentence appears twice in one hover');
});
