// Drives the real VS Code workbench (code-server in headless Chromium) the way a person does:
// opens files, moves the mouse onto text, reads hovers, runs commands from the palette, and takes
// screenshots. The workbench is an Extension Development Host of this repository (payload with only
// extensionDevelopmentPath), so what the tests see is what a user of the extension sees.
import fs from 'node:fs';
import path from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS, REPO_ROOT, ensureTestEnv } from '../../scripts/test-env.mjs';
import { DEFAULT_WORKSPACE, startCodeServer, workbenchUrl } from '../../scripts/vscode-server.mjs';

export const MEDIA_DIR = path.join(REPO_ROOT, 'media');
const SCREENSHOT_DIR = process.env.UI_SCREENSHOT_DIR
  ? path.resolve(process.env.UI_SCREENSHOT_DIR)
  : path.join(REPO_ROOT, 'test-results', 'ui');

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

/**
 * Starts code-server and Chromium and opens the workbench with the extension under development.
 * Options: extensionPath (default: UI_EXTENSION_PATH or the repository), workspace (default
 * test/fixtures/workspace), trust (false: Restricted Mode), viewport, verbose.
 */
export async function openWorkbench({
  extensionPath = process.env.UI_EXTENSION_PATH || REPO_ROOT,
  workspace = DEFAULT_WORKSPACE,
  trust = true,
  viewport = { width: 1440, height: 900 },
  verbose = !!process.env.UI_VERBOSE,
} = {}) {
  await ensureTestEnv();
  const { chromium } = await import('playwright-core');
  const server = await startCodeServer({
    folder: workspace,
    trust,
    userSettings: trust ? {} : { 'security.workspace.trust.startupPrompt': 'never' },
    onOutput: verbose ? (l) => console.log(`[code-server] ${l}`) : undefined,
  });
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const page = await browser.newPage({ viewport });
    if (verbose) page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text()}`));
    await page.goto(
      workbenchUrl({ port: server.port, folder: workspace, extensionDevelopmentPath: extensionPath }),
    );
    const wb = new Workbench(page, server, browser);
    await wb.ready();
    return wb;
  } catch (e) {
    await browser?.close().catch(() => {});
    await server.stop();
    throw e;
  }
}

export class Workbench {
  constructor(page, server, browser) {
    this.page = page;
    this.server = server;
    this.browser = browser;
  }

  /** The workbench is up and the folder is listed in the explorer. */
  async ready({ timeoutMs = 60_000 } = {}) {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
    await this.page
      .locator('.explorer-folders-view .monaco-list-row')
      .first()
      .waitFor({ timeout: timeoutMs });
  }

  /** Opens a workspace file through Quick Open (Ctrl+P), as a person would, and waits for its editor. */
  async openFile(name, { timeoutMs = 20_000 } = {}) {
    const { page } = this;
    await page
      .locator('.monaco-workbench')
      .click({ position: { x: 5, y: 5 } })
      .catch(() => {});
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: timeoutMs });
    await input.fill(name);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(name) }).first();
    await row.waitFor({ timeout: timeoutMs });
    await page.keyboard.press('Enter');
    await page
      .locator(`.tabs-container .tab[aria-label*="${path.basename(name)}"]`)
      .first()
      .waitFor({ timeout: timeoutMs });
    await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: timeoutMs });
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
   * Moves the mouse onto `text` in the editor in several steps (editor hovers need real mouse
   * movement) and returns the hover's text. The extension may still be activating: until the
   * hover shows, the mouse leaves and comes back, up to `timeoutMs`.
   */
  async hover(text, { timeoutMs = 30_000, contains } = {}) {
    const { page } = this;
    const token = this.token(text);
    await token.waitFor({ timeout: timeoutMs });
    const hover = page.locator('.monaco-hover-content:visible');
    return poll(
      async () => {
        const box = await token.boundingBox();
        if (!box) return undefined;
        await page.mouse.move(box.x + box.width / 2, box.y - 40, { steps: 2 }); // away, then onto the token
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
        try {
          await hover.first().waitFor({ timeout: 3_000 });
        } catch {
          return undefined;
        }
        // Providers answer one after another: read until the hover stops changing.
        const read = async () => (await hover.allInnerTexts()).join('\n');
        let content = await read();
        for (let i = 0; i < 12; i++) {
          await new Promise((r) => setTimeout(r, 250));
          const again = await read();
          if (again === content) break;
          content = again;
        }
        return !contains || content.includes(contains) ? content : undefined;
      },
      {
        timeoutMs,
        intervalMs: 250,
        message: `no hover${contains ? ` containing ${JSON.stringify(contains)}` : ''} over ${JSON.stringify(text)}`,
      },
    ).catch(async (e) => {
      const shot = await this.screenshot('failed-hover').catch(() => undefined);
      throw new Error(`${e.message}${shot ? ` (screenshot: ${path.relative(REPO_ROOT, shot)})` : ''}`);
    });
  }

  /** Runs a command by its palette label (F1, type, Enter). */
  async runCommand(label, { timeoutMs = 20_000 } = {}) {
    const { page } = this;
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: timeoutMs });
    await input.fill(`>${label}`);
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: label })
      .first()
      .waitFor({ timeout: timeoutMs });
    await page.keyboard.press('Enter');
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

  async close() {
    await this.browser.close().catch(() => {});
    await this.server.stop();
  }
}
