// Runs the same integration suite in desktop VS Code through @vscode/test-electron, for machines
// that can download VS Code (a developer laptop, a public CI). One suite, two launchers: where no
// download is possible (these project machines) use scripts/run-integration.mjs (code-server).
// On Linux without a display, run it inside Xvfb:  xvfb-run -a node scripts/run-electron.mjs
//
//   node scripts/run-electron.mjs [--vscode-version stable|1.100.0] [--workspace DIR] [--grep PATTERN]
//                                 [--restricted] [--extension DIR]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './test-env.mjs';

const { values: opts } = parseArgs({
  options: {
    'vscode-version': { type: 'string', default: 'stable' },
    workspace: { type: 'string', default: path.join(REPO_ROOT, 'test', 'fixtures', 'workspace') },
    grep: { type: 'string' },
    restricted: { type: 'boolean', default: false },
    extension: { type: 'string', default: REPO_ROOT },
  },
});

const tag = 'integration (desktop)';
const fail = (msg) => {
  console.error(`${tag}: error: ${msg}`);
  process.exit(1);
};

const extensionDevelopmentPath = path.resolve(opts.extension);
const extensionTestsPath = path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js');
const main =
  JSON.parse(fs.readFileSync(path.join(extensionDevelopmentPath, 'package.json'), 'utf8')).main ?? '';
if (!main || !fs.existsSync(path.resolve(extensionDevelopmentPath, main)))
  fail(`${main || 'the main entry'} does not exist: run \`npm run build\` first`);
if (!fs.existsSync(extensionTestsPath))
  fail('out/test/integration/index.js does not exist: run `node scripts/build-tests.mjs` first');
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  fail(
    'no display for Electron: run it as `xvfb-run -a node scripts/run-electron.mjs` (Debian package xvfb)',
  );
}

const { runTests } = await import('@vscode/test-electron');
try {
  const code = await runTests({
    version: opts['vscode-version'],
    cachePath: path.join(REPO_ROOT, '.vscode-test', 'desktop'),
    timeout: 30_000, // idle timeout of the download, so a blocked network fails instead of hanging
    extensionDevelopmentPath,
    extensionTestsPath,
    extensionTestsEnv: opts.grep ? { MOCHA_GREP: opts.grep } : {},
    launchArgs: [
      path.resolve(opts.workspace),
      '--disable-extensions',
      ...(opts.restricted ? [] : ['--disable-workspace-trust']),
    ],
  });
  process.exit(code);
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  if (
    /download|fetch|getaddrinfo|ENOTFOUND|ECONN|ETIMEDOUT|EAI_AGAIN|timed? ?out|socket|certificate|status code/i.test(
      message,
    )
  ) {
    fail(
      `could not download VS Code ${opts['vscode-version']} (${message.split('\n')[0]}); on machines without that access run \`node scripts/run-integration.mjs\` (code-server) instead`,
    );
  }
  // TestRunFailedError: VS Code started and the suite failed (its output is above).
  fail(message.split('\n')[0]);
}
