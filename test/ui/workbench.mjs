// Drives the real VS Code workbench (code-server in headless Chromium) the way a person does:
// opens files, moves the mouse onto text, reads hovers, runs commands from the palette, and takes
// screenshots. The workbench is an Extension Development Host of this repository (payload with only
// extensionDevelopmentPath), so what the tests see is what a user of the extension sees.
// The callbacks of page.evaluate run in the browser.
/* global document, NodeFilter */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after } from 'node:test';
import { CHROMIUM, CHROMIUM_ARGS, REPO_ROOT, ensureTestEnv } from '../../scripts/test-env.mjs';
import { DEFAULT_WORKSPACE, startCodeServer, workbenchUrl } from '../../scripts/vscode-server.mjs';

export const MEDIA_DIR = path.join(REPO_ROOT, 'media');
const FAILURE_DIR = path.join(REPO_ROOT, 'test-results', 'ui');
const SCREENSHOT_DIR = process.env.UI_SCREENSHOT_DIR
  ? path.resolve(process.env.UI_SCREENSHOT_DIR)
  : FAILURE_DIR;

/** Retries `fn` until it returns a truthy value or `timeoutMs` passes; returns that value or throws `message`. */
export async function poll(fn, { timeoutMs = 10_000, intervalMs = 100, message = 'condition not met' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `${message} within ${timeoutMs / 1000}s${lastError ? ` (last error: ${lastError.message})` : ''}`,
      );
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** SHA-256 of every file under `dir` (relative path → hash): compare two to prove nothing was written. */
export function snapshotFiles(dir = DEFAULT_WORKSPACE) {
  const out = {};
  for (const rel of fs.readdirSync(dir, { recursive: true }).map(String).sort()) {
    const file = path.join(dir, rel);
    if (fs.statSync(file).isFile())
      out[rel] = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  }
  return out;
}

/** The 1-based line of the first line of `file` (in the fixture workspace) that contains `text`. */
export function lineOf(file, text, dir = DEFAULT_WORKSPACE) {
  const index = fs
    .readFileSync(path.join(dir, file), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(text));
  if (index < 0) throw new Error(`${file} has no line containing ${JSON.stringify(text)}`);
  return index + 1;
}

/**
 * Starts code-server and Chromium and opens the workbench with the extension under development.
 * Options: extensionPath (default: UI_EXTENSION_PATH or the repository), workspace (default
 * test/fixtures/workspace), trust (false: Restricted Mode), userSettings (written to the fresh
 * user settings before the workbench starts), viewport, verbose; web (the extension's browser build
 * in the web-worker extension host, as on vscode.dev); offline (VS Code's own extension gallery
 * turned off, and every request that would leave 127.0.0.1 recorded in wb.outbound and refused);
 * vsix (default UI_VSIX): the packaged extension installed as users install it, instead of the
 * development folder (the suite then tests exactly what is published). With web, the development
 * folder is used all the same: code-server runs an installed extension in its Node host, and only
 * extensionDevelopmentKind reaches the web-worker host (the browser build is the same file).
 */
export async function openWorkbench({
  extensionPath = process.env.UI_EXTENSION_PATH || REPO_ROOT,
  vsix = process.env.UI_VSIX,
  workspace = DEFAULT_WORKSPACE,
  trust = true,
  userSettings = {},
  viewport = { width: 1440, height: 900 },
  verbose = !!process.env.UI_VERBOSE,
  web = false,
  offline = false,
  install = [],
  locale,
} = {}) {
  await ensureTestEnv();
  if (web) vsix = undefined;
  const { chromium } = await import('playwright-core');
  const proxy = offline ? await startRecordingProxy() : undefined;
  const server = await startCodeServer({
    folder: workspace,
    trust,
    // An empty gallery: the workbench then looks nothing up on open-vsx.org by itself.
    env: offline ? { EXTENSIONS_GALLERY: '{}' } : {},
    install: [...(vsix ? [vsix] : []), ...install],
    locale,
    userSettings: {
      ...(trust ? {} : { 'security.workspace.trust.startupPrompt': 'never' }),
      ...userSettings,
    },
    onOutput: verbose ? (l) => console.log(`[code-server] ${l}`) : undefined,
  });
  let browser;
  try {
    // Chromium sends everything but loopback to the proxy: the page, its frames and every worker.
    // (A flag, not Playwright's proxy option: that one sends loopback through the proxy too.)
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [...CHROMIUM_ARGS, ...(proxy ? [`--proxy-server=${proxy.url}`, ...CHROMIUM_QUIET] : [])],
      headless: true,
    });
    const page = await browser.newPage({ viewport });
    if (verbose) page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text()}`));
    await page.goto(
      workbenchUrl({
        port: server.port,
        folder: workspace,
        extensionDevelopmentPath: vsix ? undefined : extensionPath,
        web,
      }),
    );
    const wb = new Workbench(page, server, browser, proxy);
    await wb.ready();
    return wb;
  } catch (e) {
    await browser?.close().catch(() => {});
    await server.stop();
    proxy?.close();
    throw e;
  }
}

/** An RGBA image at half its width and height, each pixel the mean of four: a README-sized animation. */
function halfSize({ width, height, data }) {
  const w = width >> 1;
  const h = height >> 1;
  const out = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 4; c++) {
        const at = (dy, dx) => data[((2 * y + dy) * width + 2 * x + dx) * 4 + c];
        out[(y * w + x) * 4 + c] = (at(0, 0) + at(0, 1) + at(1, 0) + at(1, 1)) >> 2;
      }
  return { width: w, height: h, data: out };
}

/** Chromium's own background services (autofill, sign-in, components), which call Google by themselves. */
const CHROMIUM_QUIET = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,SigninInterception',
];

/**
 * An HTTP proxy on 127.0.0.1 that records what the browser asks it for ("GET http://host/path" or
 * "CONNECT host:443") and refuses it: nothing reaches the network, and nothing goes unnoticed.
 */
async function startRecordingProxy() {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(403).end('offline test');
  });
  server.on('connect', (req, socket) => {
    requests.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, requests, close: () => server.close() };
}

/**
 * One workbench for the tests of a file, started by the first test that asks for it (so a file
 * whose tests are all filtered out by --grep starts nothing) and closed after the file's tests:
 *   const workbench = sharedWorkbench();  ...  test('…', async () => { const wb = await workbench(); … });
 */
export function sharedWorkbench(options) {
  let started;
  after(async () => {
    const wb = await started?.catch(() => undefined);
    await wb?.close();
  });
  return () => (started ??= openWorkbench(options));
}

export class Workbench {
  constructor(page, server, browser, proxy) {
    this.page = page;
    this.server = server;
    this.browser = browser;
    this.proxy = proxy;
  }

  /** With `offline`: every request that tried to leave 127.0.0.1 since the workbench opened. */
  get outbound() {
    return this.proxy?.requests ?? [];
  }

  /** The workbench is up and the folder is listed in the explorer. */
  async ready({ timeoutMs = 60_000 } = {}) {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
    await this.page
      .locator('.explorer-folders-view .monaco-list-row')
      .first()
      .waitFor({ timeout: timeoutMs });
  }

  /**
   * Opens a workspace file through Quick Open (Ctrl+P), as a person would, and waits until it is
   * the active editor. Enter is pressed only once the highlighted row is the file: Quick Open first
   * lists recently opened files and filters them a moment later.
   */
  async openFile(name, { timeoutMs = 20_000 } = {}) {
    const { page } = this;
    const base = path.basename(name);
    const input = page.locator('.quick-input-widget input');
    const focused = page.locator('.quick-input-list .monaco-list-row.focused');
    await poll(
      async () => {
        if (await input.isVisible()) {
          await page.keyboard.press('Escape');
          await input.waitFor({ state: 'hidden', timeout: 5_000 });
        }
        await page.keyboard.press('Control+P');
        await input.waitFor({ timeout: 10_000 });
        await input.fill(name);
        await poll(async () => (await focused.count()) === 1 && (await focused.innerText()).includes(base), {
          timeoutMs: 5_000,
          message: `Quick Open did not highlight ${base}`,
        });
        await page.keyboard.press('Enter');
        return true;
      },
      { timeoutMs, intervalMs: 500, message: `could not open ${name} with Quick Open` },
    ).catch((e) => this.fail(e, 'failed-open'));
    await page
      .locator(`.editor-group-container.active .tab.active[aria-label*="${base}"]`)
      .waitFor({ timeout: timeoutMs })
      .catch((e) => this.fail(e, 'failed-open'));
    await page
      .locator('.editor-group-container.active .editor-instance .monaco-editor .view-lines')
      .waitFor({ timeout: timeoutMs });
  }

  /** Opens a file by clicking its row in the explorer (only files listed at the top level). */
  async clickInExplorer(name, { timeoutMs = 20_000 } = {}) {
    await this.page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: name })
      .first()
      .click({ timeout: timeoutMs });
    await this.page
      .locator(`.tabs-container .tab[aria-label*="${name}"]`)
      .first()
      .waitFor({ timeout: timeoutMs });
  }

  /** The innermost span of the visible editor whose text contains `text` (a token). */
  token(text) {
    return this.page
      .locator('.editor-instance .monaco-editor .view-lines span span', { hasText: text })
      .first();
  }

  /**
   * The screen rectangle of the first rendered occurrence of `text` in the active editor (across
   * token spans; spaces match the editor's non-breaking spaces), or undefined while it is not
   * rendered. Scroll it into view first (goToLine) when the file is longer than the window.
   */
  async textBox(text) {
    return this.page.evaluate((wanted) => {
      const root =
        document.querySelector(
          '.editor-group-container.active .editor-instance .monaco-editor .view-lines',
        ) ?? document.querySelector('.editor-instance .monaco-editor .view-lines');
      if (!root) return undefined;
      const lines = Array.from(root.querySelectorAll('.view-line')).sort(
        (a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top,
      );
      for (const line of lines) {
        const nodes = [];
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        let all = '';
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          nodes.push({ node: n, start: all.length });
          all += n.data;
        }
        const at = all.replace(/\u00a0/g, ' ').indexOf(wanted);
        if (at < 0) continue;
        const locate = (offset) => {
          const hit = nodes.findLast((x) => x.start <= offset);
          return [hit.node, offset - hit.start];
        };
        const range = document.createRange();
        range.setStart(...locate(at));
        const end = locate(at + wanted.length - 1);
        range.setEnd(end[0], end[1] + 1);
        const r = range.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }
      return undefined;
    }, text);
  }

  /** Waits until `text` is rendered in the active editor and returns its rectangle. */
  async waitForText(text, { timeoutMs = 20_000 } = {}) {
    return poll(() => this.textBox(text), {
      timeoutMs,
      message: `${JSON.stringify(text)} is not shown in the active editor`,
    });
  }

  /** Go to Line (Ctrl+G), so that a line of a long file is on screen; with `column`, the cursor goes there. */
  async goToLine(line, { column, timeoutMs = 20_000 } = {}) {
    const { page } = this;
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: timeoutMs });
    await input.fill(column ? `:${line}:${column}` : `:${line}`);
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /** Clicks inside `text` in the active editor (at `fraction` of its width): the cursor goes there. */
  async clickText(text, { fraction = 0.5, timeoutMs = 20_000 } = {}) {
    const box = await this.waitForText(text, { timeoutMs });
    await this.page.mouse.click(box.x + box.width * fraction, box.y + box.height / 2);
  }

  /**
   * Moves the mouse onto `text` in the active editor in several steps (editor hovers need real
   * mouse movement) and returns the hover's text. The extension may still be activating: until the
   * hover shows (and contains `contains`), the mouse leaves and comes back, up to `timeoutMs`.
   */
  async hover(text, options = {}) {
    return this.#hoverOver(
      async () => {
        const box = await this.textBox(text);
        return box && { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      },
      options,
      `over ${JSON.stringify(text)}`,
    );
  }

  /** Like `hover`, on the character right of the cursor (put there by goToLine with a column). */
  async hoverAtCursor(options = {}) {
    const cursor = this.page
      .locator('.editor-group-container.active .monaco-editor .cursors-layer .cursor')
      .first();
    return this.#hoverOver(
      async () => {
        const box = await cursor.boundingBox();
        return box && { x: box.x + 5, y: box.y + box.height / 2 };
      },
      options,
      'at the cursor',
    );
  }

  async #hoverOver(point, { timeoutMs = 45_000, contains } = {}, where) {
    const { page } = this;
    const hover = page.locator('.monaco-hover-content:visible');
    return poll(
      async () => {
        const at = await point();
        if (!at) return undefined;
        await page.mouse.move(at.x, at.y - 60, { steps: 2 }); // away, then onto the text
        await page.mouse.move(at.x, at.y, { steps: 8 });
        try {
          await hover.first().waitFor({ timeout: 4_000 });
        } catch {
          return undefined;
        }
        // Providers answer one after another: read until the hover stops changing.
        // appendText renders spaces as &nbsp;: read them as the spaces a person sees.
        const read = async () => (await hover.allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
        let content = await read();
        for (let i = 0; i < 12; i++) {
          await new Promise((r) => setTimeout(r, 250));
          const again = await read();
          if (again === content) break;
          content = again;
        }
        if (!contains || content.includes(contains)) return content;
        // A hover stays up (and is not computed again) while the mouse comes back to the same word:
        // close it, so the next try reads a fresh one.
        await page.keyboard.press('Escape');
        return undefined;
      },
      {
        timeoutMs,
        intervalMs: 250,
        message: `no hover${contains ? ` containing ${JSON.stringify(contains)}` : ''} ${where}`,
      },
    ).catch((e) => this.fail(e, 'failed-hover'));
  }

  /** The texts of the links in the visible hover. */
  async hoverLinks() {
    const links = await this.page.locator('.monaco-hover-content:visible a').allInnerTexts();
    return links.map((l) => l.replace(/\u00a0/g, ' ').trim());
  }

  /** Moves the mouse off the editor and presses Escape until no hover is visible. */
  async dismissHover() {
    const { page } = this;
    await poll(
      async () => {
        await page.mouse.move(5, 450, { steps: 3 });
        await page.keyboard.press('Escape');
        return (await page.locator('.monaco-hover-content:visible').count()) === 0;
      },
      { timeoutMs: 10_000, intervalMs: 300, message: 'the hover did not go away' },
    );
  }

  /**
   * Quick Fix (Ctrl+.) at the cursor; returns the labels of the actions in the action widget. The
   * findings may not be computed yet: until the widget lists an action containing `contains`, it is
   * closed and asked for again.
   */
  async quickFix({ contains, timeoutMs = 45_000 } = {}) {
    const { page } = this;
    const widget = page.locator('.action-widget:visible');
    const items = widget.locator('.monaco-list-row.action');
    return poll(
      async () => {
        if ((await widget.count()) > 0) {
          await page.keyboard.press('Escape');
          await widget.first().waitFor({ state: 'hidden', timeout: 5_000 });
        }
        await page.keyboard.press('Control+Period');
        try {
          await items.first().waitFor({ timeout: 5_000 });
        } catch {
          return undefined;
        }
        const labels = (await items.allInnerTexts()).map((t) => t.trim());
        return !contains || labels.some((l) => l.includes(contains)) ? labels : undefined;
      },
      {
        timeoutMs,
        intervalMs: 500,
        message: `no quick fix${contains ? ` ${JSON.stringify(contains)}` : ''} at the cursor`,
      },
    ).catch((e) => this.fail(e, 'failed-quick-fix'));
  }

  /** Chooses the action whose label contains `label` in the open action widget (arrow keys, Enter). */
  async chooseAction(label, { timeoutMs = 20_000 } = {}) {
    const { page } = this;
    const items = page.locator('.action-widget:visible .monaco-list-row.action');
    await items.first().waitFor({ timeout: timeoutMs });
    const labels = (await items.allInnerTexts()).map((t) => t.trim());
    const index = labels.findIndex((l) => l.includes(label));
    if (index < 0) throw new Error(`no action ${JSON.stringify(label)} in ${JSON.stringify(labels)}`);
    await poll(
      async () => {
        const focused = page.locator('.action-widget:visible .monaco-list-row.action.focused');
        if ((await focused.count()) && (await focused.first().innerText()).includes(label)) return true;
        await page.keyboard.press('ArrowDown');
        return false;
      },
      { timeoutMs, intervalMs: 150, message: `could not select the action ${JSON.stringify(label)}` },
    );
    await page.keyboard.press('Enter');
    await page.locator('.action-widget:visible').waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /** The editor tabs' labels (aria-label), in order. */
  async tabs() {
    return this.page
      .locator('.tabs-container .tab')
      .evaluateAll((tabs) => tabs.map((t) => t.getAttribute('aria-label') ?? ''));
  }

  /** The rendered lines of the active editor, top to bottom, with ordinary spaces. */
  async activeEditorLines() {
    return this.page.evaluate(() => {
      const root = document.querySelector(
        '.editor-group-container.active .editor-instance .monaco-editor .view-lines',
      );
      if (!root) return [];
      return Array.from(root.querySelectorAll('.view-line'))
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
        .map((l) => l.textContent.replace(/\u00a0/g, ' '));
    });
  }

  /**
   * Opens the Problems panel (Ctrl+Shift+M) and returns the texts of its rows (files and markers)
   * once `until(rows)` holds.
   */
  async problems({ until = (rows) => rows.length > 0, timeoutMs = 30_000 } = {}) {
    const { page } = this;
    const panel = page.locator('.markers-panel');
    if (!(await panel.isVisible().catch(() => false))) await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ timeout: timeoutMs });
    const rows = panel.locator('.monaco-list-row');
    return poll(
      async () => {
        const texts = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
        return until(texts) ? texts : undefined;
      },
      { timeoutMs, intervalMs: 250, message: 'the Problems panel did not show the expected rows' },
    ).catch((e) => this.fail(e, 'failed-problems'));
  }

  /** The modal dialog (showInformationMessage with modal: true): { title, detail, buttons }. */
  async dialog({ timeoutMs = 20_000 } = {}) {
    const box = this.page.locator('.monaco-dialog-box');
    await box.waitFor({ timeout: timeoutMs });
    const title = (await box.locator('.dialog-message-text').innerText()).trim();
    const detail = (
      await box
        .locator('.dialog-message-detail')
        .innerText()
        .catch(() => '')
    ).trim();
    const buttons = (
      await box.locator('.dialog-buttons a, .dialog-buttons .monaco-button').allInnerTexts()
    ).map((b) => b.trim());
    const text = (await box.innerText()).trim();
    const spaces = (t) => t.replace(/\u00a0/g, ' ');
    return { title: spaces(title), detail: spaces(detail), buttons: buttons.map(spaces), text: spaces(text) };
  }

  /**
   * The document of the visible webview: webviews are an iframe.webview (the host) holding the
   * content in #active-frame.
   */
  webview() {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  /** Rethrows `error` with a screenshot of the moment in test-results/ui/ (never in media/). */
  async fail(error, name) {
    const shot = await this.screenshot(name, FAILURE_DIR).catch(() => undefined);
    throw new Error(`${error.message}${shot ? ` (screenshot: ${path.relative(REPO_ROOT, shot)})` : ''}`);
  }

  /**
   * Runs a command by its palette label (F1, type, Enter). Right after start-up the palette may not
   * list contributed commands yet: until the command's row shows, the palette is closed and opened again.
   */
  async runCommand(label, { timeoutMs = 45_000 } = {}) {
    const { page } = this;
    const input = page.locator('.quick-input-widget input');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    await poll(
      async () => {
        if (await input.isVisible()) {
          await page.keyboard.press('Escape');
          await input.waitFor({ state: 'hidden', timeout: 5_000 });
        }
        await page.keyboard.press('F1');
        await input.waitFor({ timeout: 10_000 });
        await input.fill(`>${label}`);
        await row.waitFor({ timeout: 5_000 });
        return true;
      },
      { timeoutMs, intervalMs: 500, message: `the command palette does not list ${JSON.stringify(label)}` },
    ).catch((e) => this.fail(e, 'failed-command'));
    await page.keyboard.press('Enter');
  }

  /**
   * Runs a palette command that opens a quick pick of its own and waits until that quick pick (its
   * title containing `title`) is up and focused: keys typed before would go to whatever had the
   * focus (the palette closing, a webview). Returns the quick input widget.
   */
  async openQuickPick(command, title, { timeoutMs = 30_000 } = {}) {
    await this.runCommand(command);
    const widget = this.page.locator('.quick-input-widget');
    await poll(async () => (await widget.locator('.quick-input-title').innerText()).includes(title), {
      timeoutMs,
      message: `the ${JSON.stringify(title)} quick pick did not open`,
    });
    await widget.locator('input').click();
    return widget;
  }

  /** Texts of the notification toasts on screen. */
  async notifications() {
    return this.page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
  }

  /** Saves a PNG of the page as DIR/NAME.png (DIR: UI_SCREENSHOT_DIR, default test-results/ui; MEDIA_DIR for the README's images). */
  async screenshot(name, dir = SCREENSHOT_DIR) {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Adds the page as it is now to the frames of an animation (see saveAnimation), shown for `ms`. */
  async frame(ms = 1500) {
    (this.frames ??= []).push({ png: await this.page.screenshot(), ms });
  }

  /** Writes the frames taken so far as DIR/NAME.gif at half size, looping, and forgets them. */
  async saveAnimation(name, dir = SCREENSHOT_DIR) {
    const frames = this.frames ?? [];
    this.frames = [];
    const { PNG } = await import('pngjs');
    // gifenc is CommonJS: Node's ESM loader sees its exports as `default`.
    const { GIFEncoder, quantize, applyPalette } = (await import('gifenc')).default;
    const gif = GIFEncoder();
    for (const { png, ms } of frames) {
      const { width, height, data } = halfSize(PNG.sync.read(png));
      const palette = quantize(data, 256);
      gif.writeFrame(applyPalette(data, palette), width, height, { palette, delay: ms });
    }
    gif.finish();
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}.gif`);
    fs.writeFileSync(file, gif.bytes());
    return file;
  }

  async close() {
    await this.browser.close().catch(() => {});
    await this.server.stop();
    this.proxy?.close();
  }
}
