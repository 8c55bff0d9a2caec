// Runs the UI tests (test/ui/**/*.ui.mjs, node:test + Playwright): each drives a real VS Code
// workbench (code-server in headless Chromium) with this extension under development, like a person.
// Sets up the environment first so that its progress is visible, then runs the files one at a time.
//
//   node scripts/run-ui.mjs [--grep PATTERN] [--extension DIR | --vsix FILE] [--media] [--verbose] [--timeout SECONDS]
//   --media writes the screenshots to media/ (the README's images) instead of test-results/ui/.
//   --vsix installs that package into the workbench (code-server --install-extension) and tests it
//   instead of the development folder: what users install is what is tested.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, ensureTestEnv } from './test-env.mjs';

const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    extension: { type: 'string', default: REPO_ROOT },
    vsix: { type: 'string' },
    media: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '600' },
  },
});
const fail = (msg) => {
  console.error(`ui: error: ${msg}`);
  process.exit(1);
};

const extensionPath = path.resolve(opts.extension);
const vsix = opts.vsix ? path.resolve(opts.vsix) : undefined;
if (vsix && !fs.existsSync(vsix)) fail(`${opts.vsix} does not exist: run \`npm run package\` first`);
const main = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8')).main ?? '';
if (!main || !fs.existsSync(path.resolve(extensionPath, main)))
  fail(`${main || 'the main entry'} of ${extensionPath} does not exist: run \`npm run build\` first`);

const uiDir = path.join(REPO_ROOT, 'test', 'ui');
const files = fs
  .readdirSync(uiDir, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.ui.mjs'))
  .sort()
  .map((f) => path.join(uiDir, f));
if (files.length === 0) fail(`no *.ui.mjs under ${uiDir}`);

await ensureTestEnv().catch((e) => fail(e.message));

const args = [
  '--test',
  '--test-concurrency=1',
  ...(opts.grep ? ['--test-name-pattern', opts.grep] : []),
  ...files,
];
const child = spawn(process.execPath, args, {
  cwd: REPO_ROOT,
  stdio: 'inherit',
  detached: true, // own process group: a timeout ends the tests and the servers and browsers they started
  env: {
    ...process.env,
    UI_EXTENSION_PATH: extensionPath,
    ...(vsix ? { UI_VSIX: vsix } : {}),
    ...(opts.media ? { UI_SCREENSHOT_DIR: path.join(REPO_ROOT, 'media') } : {}),
    ...(opts.verbose ? { UI_VERBOSE: '1' } : {}),
  },
});
const killGroup = () => {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* gone */
  }
};
const timer = setTimeout(
  () => {
    console.error(`ui: error: timed out after ${opts.timeout}s; stopping the UI tests`);
    killGroup();
  },
  Number(opts.timeout) * 1000,
);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, killGroup);
child.on('exit', (code, signal) => {
  clearTimeout(timer);
  killGroup(); // stragglers (a test that died without closing its browser)
  process.exit(code ?? (signal ? 1 : 0));
});
