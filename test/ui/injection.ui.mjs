// UI test: text from documents and catalogs that tries to be markup, links, icons or script is shown
// as plain text in the rendered hover card and in the catalog webview, and the webview's Content
// Security Policy refuses any script but its own. The workspace (test/fixtures/hostile-workspace)
// holds an Overten body whose 100 KB message is hostile and a custom catalog whose texts are.
// The callbacks of page.evaluate / frame.evaluate run in the browser.
/* global document, window */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../../scripts/test-env.mjs';
import { poll, sharedWorkbench, snapshotFiles } from './workbench.mjs';

const workspace = path.join(REPO_ROOT, 'test', 'fixtures', 'hostile-workspace');
const workbench = sharedWorkbench({ workspace });
const before = snapshotFiles(workspace);

// What the hostile text would become if anything rendered it: a link, an image, a script, an icon.
const LITERALS = [
  '[run me](command:workbench.action.terminal.new)',
  '<img src=x onerror=',
  '<script>',
  '$(alert)',
  '# Heading',
];

/** The elements of the visible hover that hostile text could have produced, and where its links go. */
async function renderedHover(page) {
  return page.evaluate(() => {
    const roots = Array.from(document.querySelectorAll('.monaco-hover-content')).filter(
      (e) => e.offsetParent !== null,
    );
    const all = (selector) => roots.flatMap((r) => Array.from(r.querySelectorAll(selector)));
    return {
      text: roots
        .map((r) => r.innerText)
        .join('\n')
        .replace(/\u00a0/g, ' '),
      // Markup the hostile text would produce if rendered: `<img>`, `<script>`, `# Heading`, `**bold**`, `<b>bold</b>`.
      dangerous: [
        ...all('img, script, iframe, h1, h2, h3'),
        ...all('strong, b').filter((e) => e.textContent === 'bold'),
      ].map((e) => e.outerHTML.slice(0, 120)),
      icons: all('.codicon-alert').length,
      // The workbench's own buttons under a diagnostic (View Problem, Quick Fix) are a.action: not rendered Markdown.
      links: all('a:not(.action)').map(
        (a) => a.getAttribute('data-href') ?? a.getAttribute('href') ?? a.outerHTML.slice(0, 200),
      ),
      pwned: window.__pwned,
    };
  });
}

function assertInert(hover, what) {
  for (const literal of LITERALS)
    assert.ok(
      hover.text.includes(literal),
      `${what}: ${JSON.stringify(literal)} is shown as text:\n${hover.text.slice(0, 2000)}`,
    );
  assert.deepEqual(hover.dangerous, [], `${what}: no element made from the hostile text`);
  assert.equal(hover.icons, 0, `${what}: $(alert) is not an icon`);
  assert.equal(hover.pwned, undefined, `${what}: no script ran`);
  const foreign = hover.links.filter((l) => !l.startsWith('command:apiErrors.') && !/^https:\/\//.test(l));
  assert.deepEqual(foreign, [], `${what}: every link is one of ours or the docs`);
  assert.ok(
    !hover.links.some((l) => l.includes('workbench.action.terminal')),
    `${what}: the hostile command link is not a link`,
  );
}

test('a hostile 100 KB message in an Overten body renders as plain text in the hover card', async () => {
  const wb = await workbench();
  await wb.openFile('hostile-overten.json');
  await wb.hover('"rate_limit_exceeded"', { contains: 'Overten · rate_limit_exceeded' });
  const hover = await renderedHover(wb.page);
  assertInert(hover, 'Overten body');
  assert.ok(
    hover.text.length < 20_000,
    `the 100 KB message is clipped (${hover.text.length} characters shown)`,
  );
  await wb.dismissHover();
});

test('a custom catalog whose texts are hostile renders them as plain text in the hover card', async () => {
  const wb = await workbench();
  await wb.openFile('hostile-custom.json');
  await wb.hover('"PWNED"', { contains: 'PWNED · 400 Bad Request' });
  const hover = await renderedHover(wb.page);
  assertInert(hover, 'custom catalog entry');
  assert.ok(
    hover.text.includes('Hostile API <b>bold</b>'),
    `the display name is text: ${hover.text.slice(0, 300)}`,
  );
  await wb.dismissHover();
});

test('the catalog webview shows hostile catalog text as text and its CSP refuses other scripts', async () => {
  const wb = await workbench();
  await wb.runCommand('API Errors: Show Catalog');
  const view = wb.webview();
  await view.locator('#filter').waitFor({ timeout: 30_000 });
  await view.locator('#filter').click();
  await wb.page.keyboard.type('PWNED');
  const row = view.locator('#rows tr:not([hidden])', { hasText: 'PWNED' });
  await row.first().waitFor({ timeout: 20_000 });
  const text = (await row.first().innerText()).replace(/\s+/g, ' ');
  for (const literal of [
    '[run me](command:workbench.action.terminal.new)',
    '<img src=x onerror=',
    '<script>window.__pwned',
    '$(alert)',
  ])
    assert.ok(text.includes(literal), `${JSON.stringify(literal)} is shown as text in the row: ${text}`);

  // The content frame itself, to look inside it and to try what an injected script would.
  const frame = await poll(
    async () => {
      for (const f of wb.page.frames())
        if (
          (await f
            .locator('#filter')
            .count()
            .catch(() => 0)) > 0
        )
          return f;
      return undefined;
    },
    { timeoutMs: 10_000, message: 'the catalog webview frame' },
  );
  // An inline script allowed by the CSP would run as it is appended; the refusals are reported as
  // events a moment later: answer once both have come (or after 10 s, with what came).
  const inside = await frame.evaluate(
    () =>
      new Promise((resolve) => {
        const violations = [];
        let inlineRan = false;
        const report = () =>
          resolve({
            inlineRan,
            pwned: window.__pwned,
            violations,
            madeFromCatalog: document.querySelectorAll('#rows img, #rows script, #rows a[href^="command:"]')
              .length,
            scripts: Array.from(document.querySelectorAll('script')).map(
              (s) => s.getAttribute('nonce') !== null,
            ),
            csp:
              document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ??
              '',
            count: document.querySelector('#count')?.textContent ?? '',
          });
        document.addEventListener('securitypolicyviolation', (e) => {
          violations.push(e.effectiveDirective);
          const refused = (d) => violations.some((v) => v.startsWith(d));
          if (refused('script-src') && refused('img-src')) report();
        });
        setTimeout(report, 10_000);
        const script = document.createElement('script');
        script.textContent = 'window.__inline = 1';
        document.body.appendChild(script);
        inlineRan = window.__inline === 1;
        const image = document.createElement('img');
        image.src = 'http://127.0.0.1:9/tracker.png';
        document.body.appendChild(image);
      }),
  );
  assert.equal(inside.inlineRan, false, 'an injected inline script does not run');
  assert.ok(
    inside.violations.some((d) => d.startsWith('script-src')),
    `the CSP reported the script: ${inside.violations}`,
  );
  assert.ok(
    inside.violations.some((d) => d.startsWith('img-src')),
    `the CSP reported the remote image: ${inside.violations}`,
  );
  assert.equal(inside.pwned, undefined, 'nothing from the catalog ran');
  assert.equal(inside.madeFromCatalog, 0, 'no element was made from catalog text');
  assert.match(inside.csp, /default-src 'none'/);
  assert.match(inside.csp, /script-src 'nonce-[A-Za-z0-9]+'/);
  assert.match(
    inside.count,
    /^1 \/ \d+$/,
    `the nonce'd script did run: it filtered to one row (${inside.count})`,
  );
  // The page's own script is the only one that carries the nonce; the injected one (no nonce) is refused.
  assert.equal(inside.scripts.filter(Boolean).length, 1);
});

test('nothing in the hostile workspace was written', () => {
  assert.deepEqual(snapshotFiles(workspace), before);
});
