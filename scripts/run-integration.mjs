// Runs the integration suite inside a real VS Code extension host on machines that cannot
// download VS Code desktop: code-server serves VS Code 1.100, headless Debian Chromium opens the
// workbench with extensionDevelopmentPath + extensionTestsPath, and the workbench calls the suite's
// run() exactly as desktop VS Code does for --extensionTestsPath (see shared/real-vscode.md).
// Builds nothing: expects `npm run build` (dist/) and `node scripts/build-tests.mjs` (out/test/).
//
//   node scripts/run-integration.mjs [--web] [--restricted] [--workspace DIR] [--grep PATTERN]
//                                    [--extension DIR] [--timeout SECONDS] [--verbose]
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { format, parseArgs } from 'node:util';
import { CHROMIUM, CHROMIUM_ARGS, REPO_ROOT, ensureTestEnv } from './test-env.mjs';
import { DEFAULT_WORKSPACE, startCodeServer, workbenchUrl } from './vscode-server.mjs';

/** The workbench's own start-up chatter, forwarded along with the suite's console (shown with --verbose). */
const WORKBENCH_NOISE =
  /^(Resolving connection token|Resolved connection token|Creating a socket|\[Service Worker\]|Updating additional builtin extensions cache|ChatSessionStore:|getaddrinfo ENOTFOUND|No search provider registered for scheme)/;

const { values: opts } = parseArgs({
  options: {
    web: { type: 'boolean', default: false },
    restricted: { type: 'boolean', default: false },
    workspace: { type: 'string', default: DEFAULT_WORKSPACE },
    grep: { type: 'string' },
    extension: { type: 'string', default: REPO_ROOT },
    tests: { type: 'string' },
    timeout: { type: 'string', default: '600' },
    verbose: { type: 'boolean', default: false },
  },
});

const host = opts.web ? 'web-worker host' : 'node host';
const tag = `integration (${host}${opts.restricted ? ', restricted' : ''})`;
const fail = (msg) => {
  console.error(`${tag}: error: ${msg}`);
  process.exit(1);
};

const extensionPath = path.resolve(opts.extension);
const testsPath = path.resolve(
  opts.tests ?? path.join(REPO_ROOT, 'out', 'test', 'integration', ...(opts.web ? ['web'] : []), 'index.js'),
);
const workspace = path.resolve(opts.workspace);
const timeoutMs = Number(opts.timeout) * 1000;
if (!(timeoutMs > 0)) fail(`--timeout must be a number of seconds, got ${opts.timeout}`);

// Fail fast, with the fix, on what a missing build would otherwise turn into a ten-minute wait.
let manifest;
try {
  manifest = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8'));
} catch (e) {
  fail(`cannot read ${path.join(extensionPath, 'package.json')}: ${e.message}`);
}
const entryField = opts.web ? 'browser' : 'main';
if (!manifest[entryField])
  fail(`package.json has no "${entryField}" entry, so the ${host} has nothing to load`);
const entry = path.resolve(extensionPath, manifest[entryField]);
if (!fs.existsSync(entry) && !fs.existsSync(`${entry}.js`))
  fail(`${path.relative(REPO_ROOT, entry)} does not exist: run \`npm run build\` first`);
if (!fs.existsSync(testsPath))
  fail(`${path.relative(REPO_ROOT, testsPath)} does not exist: run \`node scripts/build-tests.mjs\` first`);
if (!fs.existsSync(workspace)) fail(`workspace ${workspace} does not exist`);
// VS Code runs the suite in the extension host of the extension whose folder contains it, and in
// the remote Node host when no extension does: a suite outside the extension never sees the web worker.
if (path.relative(extensionPath, testsPath).startsWith('..')) {
  if (opts.web)
    fail(
      `the suite ${testsPath} must be inside the extension ${extensionPath} to run in the web-worker host`,
    );
  console.warn(`${tag}: note: the suite is outside the extension, so it runs in the remote Node host`);
}

const t0 = performance.now();
const secs = (t) => `${((performance.now() - t) / 1000).toFixed(1)}s`;

await ensureTestEnv().catch((e) => fail(e.message));
const { chromium } = await import('playwright-core');

let server;
let browser;
let cleaning;
const cleanup = () =>
  (cleaning ??= (async () => {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
  })());
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`${tag}: ${signal}, stopping`);
    void cleanup().then(() => process.exit(130));
  });
}

/** `[error]` lines of the extension hosts' logs under the server's user-data-dir, with what follows them. */
function extensionHostErrors(userDataDir) {
  const logsDir = path.join(userDataDir, 'logs');
  if (!fs.existsSync(logsDir)) return [];
  const files = fs.readdirSync(logsDir, { recursive: true }).map(String).filter((f) => /exthost/i.test(f) && f.endsWith('.log'));
  const found = [];
  for (const file of files) {
    const lines = fs.readFileSync(path.join(logsDir, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!/\[error\]/.test(line)) return;
      // The entry goes on until the next timestamped line (a stack trace, a multi-line message).
      let end = i + 1;
      while (end < lines.length && lines[end] && !/^\d{4}-\d\d-\d\d /.test(lines[end])) end++;
      found.push(`${file}: ${lines.slice(i, end).join('\n    ')}`);
    });
  }
  return found;
}

/** What marks an error as this extension's (or its tests'): its id or its bundles in the stack. */
const OURS = /api-error-inspector|dist\/(browser\/)?extension\.js|out\/test\/integration/;
/**
 * Errors the workbench page reports. (In the web-worker host a rejection nobody handled reaches no
 * log we can read, nor an `unhandledrejection` listener, in VS Code 1.100: the Node host's log,
 * read below, is where the shared code is proven.)
 */
const browserErrors = [];

let exitCode = 1;
const counts = { passing: undefined, failing: 0, pending: 0 };
let hostKind;
try {
  const tServer = performance.now();
  server = await startCodeServer({
    folder: workspace,
    trust: !opts.restricted,
    userSettings: {
      ...(opts.grep ? { 'integrationTests.grep': opts.grep } : {}),
      // Restricted Mode without the modal "Do you trust the authors" dialog.
      ...(opts.restricted
        ? { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' }
        : {}),
    },
    onOutput: opts.verbose ? (l) => console.log(`[code-server] ${l}`) : undefined,
  });
  console.log(`${tag}: code-server on ${server.url} (${secs(tServer)})`);

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const page = await browser.newPage();

  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  let done = false;
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    if (done || (!opts.verbose && WORKBENCH_NOISE.test(text))) return;
    for (const line of text.split('\n')) {
      const kind = /^integration: running in the (\S+) extension host/.exec(line);
      if (kind) hostKind = kind[1];
      const m = /^\s*(\d+) (passing|failing|pending)\b/.exec(line);
      if (m) counts[m[2]] = Number(m[1]);
    }
    (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => {
    done = true;
    finish({ code: Number(code) });
  });
  page.on('crash', () => finish({ error: 'the workbench page crashed' }));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Extension Host|rejected promise/i.test(m.text())) browserErrors.push(`browser console: ${m.text()}`);
  });
  page.on('pageerror', (e) => browserErrors.push(`page error: ${e.stack ?? e.message}`));
  if (opts.verbose) page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text()}`));
  void server.exited.then(({ code, signal }) =>
    finish({ error: `code-server stopped during the run (${signal ?? `exit ${code}`})` }),
  );

  const url = workbenchUrl({
    port: server.port,
    folder: workspace,
    extensionDevelopmentPath: extensionPath,
    extensionTestsPath: testsPath,
    web: opts.web,
  });
  const tSuite = performance.now();
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          error: `timed out after ${opts.timeout}s without the suite finishing (no codeAutomationExit); rerun with --verbose`,
        }),
      timeoutMs,
    );
  });
  await page.goto(url);
  const result = await Promise.race([finished, timedOut]);
  clearTimeout(timer);
  if (result.error) {
    console.error(`${tag}: error: ${result.error}`);
  } else if (hostKind && hostKind !== (opts.web ? 'web-worker' : 'node')) {
    console.error(
      `${tag}: error: the suite ran in the ${hostKind} extension host, not the ${opts.web ? 'web-worker' : 'node'} one`,
    );
  } else {
    exitCode = result.code;
    console.log(`${tag}: suite exited with code ${exitCode} (${secs(tSuite)}; ${secs(t0)} in all)`);
  }
  // The extension must never be the source of an error in the extension host's log, whatever the
  // tests fed it (an unhandled rejection, a provider that threw): that fails the run.
  // VS Code reports a rejection nobody handled after a second: give the last test's that long.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const errors = [...extensionHostErrors(server.userDataDir), ...browserErrors];
  const ours = errors.filter((e) => OURS.test(e));
  if (errors.length > ours.length)
    console.log(`${tag}: note: ${errors.length - ours.length} error(s) of other extensions in the extension host log (not ours)`);
  if (ours.length) {
    console.error(`${tag}: error: the extension host logged ${ours.length} error(s) from this extension:\n${ours.join('\n')}`);
    exitCode = 1;
  }
} catch (e) {
  console.error(`${tag}: error: ${e.message}`);
} finally {
  await cleanup();
}
// The closing line CI reads; mocha's own summary ("3 passing") is above it.
if (counts.passing !== undefined)
  console.log(`${tag.split(' ')[0]}: ${counts.passing} passed, ${counts.failing} failed`);
process.exit(exitCode);
