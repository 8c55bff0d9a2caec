// Sets up everything the real-VS-Code tests need, idempotently, on a fresh machine or in CI.
// These machines cannot download VS Code desktop, so the tests run VS Code's own server and web
// workbench (code-server from npm) in Debian's Chromium (see shared/real-vscode.md). code-server's
// postinstall refuses root and downloads ripgrep, so its steps are done here by hand, each one
// recorded by a marker so that a re-run skips what is done and an interrupted run resumes.
//
// Usage: node scripts/test-env.mjs          (or import { ensureTestEnv } from './test-env.mjs')
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TEST_DIR = path.join(REPO_ROOT, '.vscode-test');
export const CODE_SERVER_DIR = path.join(TEST_DIR, 'code-server');
export const CODE_SERVER_ENTRY = path.join(
  CODE_SERVER_DIR,
  'node_modules',
  'code-server',
  'out',
  'node',
  'entry.js',
);
export const CHROMIUM = '/usr/bin/chromium';
/** Headless Chromium here: no sandbox as root, no GPU, and no attempts to reach the network by itself. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Debian packages: the browser, gssapi headers for the kerberos module, ripgrep, httpx for the Python
 * handlers, Go for the Go handlers, libfaketime for the calendar suite (the Node-side tests run at
 * other dates and zones), and Neovim, the third-party client of the language server's tests.
 */
const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'pkg-config', 'ripgrep', 'python3-httpx', 'golang-go', 'faketime', 'neovim'];
/** Native modules of VS Code's server, built from source because install scripts are not run. */
const VSCODE_NATIVE_MODULES = [
  '@parcel/watcher',
  '@vscode/spdlog',
  'kerberos',
  'native-watchdog',
  'node-pty',
  '@vscode/deviceid',
];

const MARKER = path.join(CODE_SERVER_DIR, '.installed');
const STEPS_DIR = path.join(CODE_SERVER_DIR, '.steps');
const LOCK_DIR = path.join(TEST_DIR, '.setup-lock');

/** Quiet (the demo): only what takes long is said, in plain words; the tests show every step. */
let quiet = false;
const log = (msg) => {
  if (!quiet) console.log(`[test-env] ${msg}`);
};
const secs = (t0) => `${((performance.now() - t0) / 1000).toFixed(1)}s`;

class SetupError extends Error {}

/** Children in their own process groups, ended with everything they started if this process stops. */
const running = new Set();
function killRunning() {
  for (const child of running) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  running.clear();
}
process.on('exit', killRunning);

function run(cmd, args, { cwd = REPO_ROOT, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const output = [];
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    running.add(child);
    // A signal while a step runs: end the step's whole tree (npm, node-gyp, make, g++), then stop
    // unless the importing program handles the signal itself.
    const onSignal = (signal) => {
      killRunning();
      releaseLock();
      if (process.listenerCount(signal) === 1) process.exit(130);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    child.stdout.on('data', (d) => output.push(d));
    child.stderr.on('data', (d) => output.push(d));
    child.on('error', (e) => reject(new SetupError(`${cmd} could not start: ${e.message}`)));
    child.on('close', (code) => {
      running.delete(child);
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      if (code === 0) return resolve();
      const tail = Buffer.concat(output).toString().trim().split('\n').slice(-25).join('\n');
      reject(new SetupError(`\`${cmd} ${args.join(' ')}\` failed (exit ${code}) in ${cwd}:\n${tail}`));
    });
  });
}

function missingDebianPackages() {
  return DEBIAN_PACKAGES.filter((pkg) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
    return !(r.status === 0 && r.stdout.includes('install ok installed'));
  });
}

async function ensureDebianPackages() {
  const t0 = performance.now();
  if (!fs.existsSync('/usr/bin/dpkg-query')) {
    throw new SetupError(
      `not a Debian-like system: install ${DEBIAN_PACKAGES.join(' ')} (or equivalents) by hand`,
    );
  }
  const missing = missingDebianPackages();
  if (missing.length === 0) return log(`debian packages present (${secs(t0)})`);
  const cmd = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new SetupError(`missing Debian packages: ${missing.join(' ')}\n  run as root: ${cmd}`);
  }
  log(`installing debian packages: ${missing.join(' ')}`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { env });
  await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
  const still = missingDebianPackages();
  if (still.length) throw new SetupError(`apt-get did not install: ${still.join(' ')}`);
  log(`debian packages installed (${secs(t0)})`);
}

/** Runs one install step unless its marker says it is done; the marker is written only on success. */
async function step(name, fn) {
  const marker = path.join(STEPS_DIR, name);
  if (fs.existsSync(marker)) return;
  const t0 = performance.now();
  log(`${name}...`);
  await fn();
  fs.mkdirSync(STEPS_DIR, { recursive: true });
  fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
  log(`${name} done (${secs(t0)})`);
}

function forceSymlink(target, linkPath) {
  try {
    if (fs.readlinkSync(linkPath) === target) return;
  } catch {
    /* missing or not a link */
  }
  fs.rmSync(linkPath, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(linkPath), { recursive: true });
  fs.symlinkSync(target, linkPath);
}

function isInstalled() {
  try {
    return fs.readFileSync(MARKER, 'utf8').trim() === CODE_SERVER_VERSION && fs.existsSync(CODE_SERVER_ENTRY);
  } catch {
    return false;
  }
}

async function installCodeServer() {
  const t0 = performance.now();
  if (isInstalled()) return log(`code-server ${CODE_SERVER_VERSION} present (${secs(t0)})`);

  // Another version, or a half-written tree without step markers: start over.
  const pkgJson = path.join(CODE_SERVER_DIR, 'package.json');
  let wanted = false;
  try {
    wanted = JSON.parse(fs.readFileSync(pkgJson, 'utf8')).dependencies['code-server'] === CODE_SERVER_VERSION;
  } catch {
    /* not there yet */
  }
  if (!wanted) {
    fs.rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
    fs.mkdirSync(CODE_SERVER_DIR, { recursive: true });
    fs.writeFileSync(
      pkgJson,
      JSON.stringify(
        {
          name: 'vscode-test-code-server',
          private: true,
          dependencies: { 'code-server': CODE_SERVER_VERSION },
        },
        null,
        2,
      ) + '\n',
    );
  }
  log(`installing code-server ${CODE_SERVER_VERSION} into ${path.relative(REPO_ROOT, CODE_SERVER_DIR)}/`);

  const vscodeDir = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'lib', 'vscode');
  // node-gyp must build against the local Node's headers (no header download here).
  const gypEnv =
    fs.existsSync('/usr/include/node/node_version.h') && !process.env.npm_config_nodedir
      ? { npm_config_nodedir: '/usr' }
      : {};
  const npm = (args, cwd, env = {}) =>
    run('npm', args, {
      cwd,
      env: { npm_config_yes: 'true', npm_config_fund: 'false', npm_config_audit: 'false', ...gypEnv, ...env },
    });

  await step('1-npm-install-code-server', () =>
    npm(['install', '--ignore-scripts', '--no-package-lock'], CODE_SERVER_DIR),
  );
  await step('2-npm-install-vscode', () => npm(['install', '--omit=dev', '--ignore-scripts'], vscodeDir));
  await step('3-rebuild-vscode-natives', () => npm(['rebuild', ...VSCODE_NATIVE_MODULES], vscodeDir));
  await step('4-links', () => {
    forceSymlink('/usr/bin/rg', path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'));
    forceSymlink('node_modules', path.join(vscodeDir, 'node_modules.asar'));
  });
  await step('5-npm-install-extensions', () =>
    npm(['install', '--omit=dev', '--ignore-scripts'], path.join(vscodeDir, 'extensions')),
  );
  await step('6-rebuild-argon2', () => npm(['rebuild', 'argon2'], CODE_SERVER_DIR));

  if (!fs.existsSync(CODE_SERVER_ENTRY))
    throw new SetupError(`code-server entry missing after install: ${CODE_SERVER_ENTRY}`);
  fs.writeFileSync(MARKER, `${CODE_SERVER_VERSION}\n`);
  fs.rmSync(STEPS_DIR, { recursive: true, force: true });
  log(`code-server ${CODE_SERVER_VERSION} installed (${secs(t0)})`);
}

/**
 * VS Code 1.100's web workbench reads the payload's extensionDevelopmentKind into a getter named
 * extensionDevelopmentLocationKind, while the code that places extensions reads
 * extensionDevelopmentKind, so ["extensionDevelopmentKind","web"] is ignored and the extension
 * under development always runs in the Node extension host. Adding the missing alias makes the
 * web-worker host reachable (run-integration --web). Checked on every run: it is cheap.
 */
const WORKBENCH_JS = path.join(
  CODE_SERVER_DIR,
  'node_modules',
  'code-server',
  'lib',
  'vscode',
  'out',
  'vs',
  'code',
  'browser',
  'workbench',
  'workbench.js',
);
const KIND_ANCHOR =
  'get extensionDevelopmentLocationKind(){return this.a||(this.a=this.g()),this.a.extensionDevelopmentKind}';
const KIND_ALIAS = 'get extensionDevelopmentKind(){return this.extensionDevelopmentLocationKind}';

function patchWebExtensionKind() {
  const source = fs.readFileSync(WORKBENCH_JS, 'utf8');
  if (source.includes(KIND_ALIAS)) return;
  if (!source.includes(KIND_ANCHOR))
    throw new SetupError(`cannot patch ${WORKBENCH_JS}: the extensionDevelopmentLocationKind getter changed`);
  fs.writeFileSync(`${WORKBENCH_JS}.tmp`, source.replace(KIND_ANCHOR, KIND_ALIAS + KIND_ANCHOR));
  fs.renameSync(`${WORKBENCH_JS}.tmp`, WORKBENCH_JS);
  log('patched the web workbench so that extensionDevelopmentKind=web reaches the web-worker host');
}

function checkNode() {
  const major = Number(process.versions.node.split('.')[0]);
  // code-server 4.100.x (VS Code 1.100) declares engines.node "20"; its native modules are built for this Node.
  if (major !== 20)
    throw new SetupError(
      `code-server ${CODE_SERVER_VERSION} needs Node 20, this is Node ${process.versions.node}`,
    );
}

function checkPlaywright() {
  if (!fs.existsSync(path.join(REPO_ROOT, 'node_modules', 'playwright-core', 'package.json'))) {
    throw new SetupError(
      'playwright-core is not installed: run `npm ci` (or `npm install`) in the repository first',
    );
  }
}

let lockHeld = false;
function releaseLock() {
  if (lockHeld) fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  lockHeld = false;
}
process.on('exit', releaseLock);

/** Serialises concurrent set-ups (two launchers started at once); a lock left by a dead process is taken over. */
async function withLock(fn) {
  fs.mkdirSync(TEST_DIR, { recursive: true });
  const owner = path.join(LOCK_DIR, 'pid');
  const deadline = Date.now() + 15 * 60_000;
  let waited = 0;
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      lockHeld = true;
      fs.writeFileSync(owner, String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let pid = NaN;
      try {
        pid = Number(fs.readFileSync(owner, 'utf8'));
      } catch {
        /* not written yet, or never: judged by the lock's age below */
      }
      let alive = false;
      try {
        if (pid) {
          process.kill(pid, 0);
          alive = true;
        }
      } catch {
        /* no such process */
      }
      let ageMs = 0;
      try {
        ageMs = Date.now() - fs.statSync(LOCK_DIR).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      if ((pid && !alive) || (!pid && ageMs > 10_000)) {
        log('taking over a set-up lock left by a process that is gone');
        fs.rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (waited++ === 0) log(`waiting for another set-up (pid ${pid || '?'}) to finish`);
      if (Date.now() > deadline)
        throw new SetupError(`timed out waiting for another set-up (lock ${LOCK_DIR})`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    releaseLock();
  }
}

/** Ensures the Debian packages only (for suites that need no VS Code, such as the calendar suite). */
export async function ensureDebianPackagesOnly() {
  await withLock(ensureDebianPackages);
}

/** Ensures Debian packages, code-server and playwright-core are there. Returns paths the launchers need. */
export async function ensureTestEnv({ quiet: quietSetup = false } = {}) {
  quiet = quietSetup;
  const t0 = performance.now();
  if (quiet && !(fs.existsSync(MARKER) && missingDebianPackages().length === 0))
    console.log('Setting up VS Code for the first run (a few minutes; later runs start at once)…');
  checkNode();
  checkPlaywright();
  await withLock(async () => {
    await ensureDebianPackages();
    await installCodeServer();
    patchWebExtensionKind();
  });
  log(`ready (${secs(t0)})`);
  return { codeServerEntry: CODE_SERVER_ENTRY, chromium: CHROMIUM, testDir: TEST_DIR };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  ensureTestEnv().catch((e) => {
    console.error(`[test-env] error: ${e instanceof SetupError ? e.message : e.stack}`);
    process.exit(1);
  });
}
