// Starts a real VS Code (code-server 4.100.3, VS Code 1.100's server and web workbench) on
// 127.0.0.1 with a fresh user-data-dir and extensions-dir under .vscode-test/, for the
// integration and UI tests and for demos. As a CLI it keeps running and prints a URL that opens
// the workbench with the extension under development loaded:
//   node scripts/vscode-server.mjs [--port 3000] [--folder DIR] [--extension DIR] [--restricted]
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { CODE_SERVER_ENTRY, REPO_ROOT, TEST_DIR, ensureTestEnv } from './test-env.mjs';

export const DEFAULT_WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');

/** User settings of every run: a quiet workbench that never reaches for the network. */
const QUIET_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
};

/** Removes the data of runs whose launcher is gone (killed before it could clean up). */
function pruneRuns() {
  const runs = path.join(TEST_DIR, 'runs');
  let names = [];
  try {
    names = fs.readdirSync(runs);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.split('-')[1]);
    try {
      if (pid) process.kill(pid, 0);
      continue; // still running
    } catch {
      fs.rmSync(path.join(runs, name), { recursive: true, force: true });
    }
  }
}

/** A port the OS says is free now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    sock.once('connect', () => (sock.destroy(), resolve(true)));
    sock.once('error', () => resolve(false));
  });
}

/** A vscode-remote:// URI for a path on this machine, as the workbench served on `port` sees it. */
export function remoteUri(port, absPath) {
  return `vscode-remote://127.0.0.1:${port}${pathToFileURL(path.resolve(absPath)).pathname}`;
}

/**
 * The workbench URL for `folder`; with extensionDevelopmentPath it is an Extension Development
 * Host, with extensionTestsPath too it runs that suite and reports through codeAutomationExit.
 */
export function workbenchUrl({ port, folder, extensionDevelopmentPath, extensionTestsPath, web = false }) {
  const url = new URL(`http://127.0.0.1:${port}/`);
  if (folder) url.searchParams.set('folder', path.resolve(folder));
  const payload = [];
  if (extensionDevelopmentPath)
    payload.push(['extensionDevelopmentPath', remoteUri(port, extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(port, extensionTestsPath)]);
  if (web) payload.push(['extensionDevelopmentKind', 'web']);
  if (payload.length) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

/**
 * Starts code-server and waits until it listens. Options: port (free one if absent), folder
 * (default test/fixtures/workspace), trust (false leaves workspace trust on: Restricted Mode),
 * userSettings (merged into the fresh user settings), keepData, onOutput(line), env (added to
 * the server's environment), install (.vsix files installed into the fresh extensions dir first,
 * as a user installs a downloaded package: `code-server --install-extension FILE`), locale (the
 * display language, `--locale`: a language pack for it must be installed).
 * Returns { url, port, folder, userDataDir, stop() }; stop() kills the process group and is idempotent.
 */
/**
 * Lists the installed language packs in user-data/languagepacks.json, as VS Code's language pack
 * service does once it has run: code-server reads that file to resolve `--locale` when it starts,
 * before that service has seen extensions installed by `--install-extension`.
 */
function writeLanguagePacks(userDataDir, extensionsDir) {
  const packs = {};
  for (const dir of fs.readdirSync(extensionsDir, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    const root = path.join(extensionsDir, dir.name);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    for (const localization of manifest.contributes?.localizations ?? []) {
      const id = `${manifest.publisher}.${manifest.name}`.toLowerCase();
      packs[localization.languageId.toLowerCase()] = {
        hash: crypto.createHash('md5').update(`${id}@${manifest.version}`).digest('hex'),
        extensions: [{ extensionIdentifier: { id }, version: manifest.version }],
        translations: Object.fromEntries(
          localization.translations.map((t) => [t.id, path.join(root, t.path)]),
        ),
        label: localization.localizedLanguageName ?? localization.languageName,
      };
    }
  }
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify(packs));
}

export async function startCodeServer({
  port,
  folder = DEFAULT_WORKSPACE,
  trust = true,
  userSettings = {},
  keepData = false,
  onOutput,
  env = {},
  install = [],
  locale,
  timeoutMs = 60_000,
} = {}) {
  if (!fs.existsSync(CODE_SERVER_ENTRY)) await ensureTestEnv();
  if (!fs.existsSync(folder)) throw new Error(`workspace folder does not exist: ${folder}`);
  port = port ? Number(port) : await freePort();
  if (await canConnect(port)) throw new Error(`port ${port} on 127.0.0.1 is already in use`);

  pruneRuns();
  const runDir = path.join(TEST_DIR, 'runs', `${Date.now()}-${process.pid}-${port}`);
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_USER_SETTINGS, ...userSettings }, null, 2) + '\n',
  );

  for (const vsix of install) {
    const installed = spawnSync(
      process.execPath,
      [
        CODE_SERVER_ENTRY,
        '--user-data-dir',
        userDataDir,
        '--extensions-dir',
        extensionsDir,
        '--install-extension',
        path.resolve(vsix),
      ],
      { cwd: runDir, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 },
    );
    if (installed.status !== 0)
      throw new Error(
        `code-server --install-extension ${vsix} failed (exit ${installed.status}):\n${installed.stdout}${installed.stderr}`,
      );
  }

  if (locale) writeLanguagePacks(userDataDir, extensionsDir);

  const args = [
    CODE_SERVER_ENTRY,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(trust ? ['--disable-workspace-trust'] : []),
    ...(locale ? ['--locale', locale] : []),
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    path.resolve(folder),
  ];
  const t0 = performance.now();
  // detached: its own process group, so stop() also ends the extension hosts and other children.
  const child = spawn(process.execPath, args, {
    cwd: runDir,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      buf += chunk;
      const lines = buf.split('\n');
      buf = lines.pop();
      for (const line of lines) {
        output.push(line);
        if (output.length > 200) output.shift();
        onOutput?.(line);
      }
    });
  }
  let exited = false;
  const exitedPromise = new Promise((resolve) =>
    child.once('exit', (code, signal) => ((exited = true), resolve({ code, signal }))),
  );
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  // Never leave a server behind when the launcher dies.
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);

  let stopped;
  const stop = () =>
    (stopped ??= (async () => {
      process.removeListener('exit', onExit);
      if (!exited) {
        killGroup('SIGTERM');
        const timer = setTimeout(() => killGroup('SIGKILL'), 5_000);
        await exitedPromise;
        clearTimeout(timer);
      }
      killGroup('SIGKILL'); // stragglers in the group (extension hosts, watchers)
      if (!keepData) fs.rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
    })());

  const deadline = Date.now() + timeoutMs;
  while (!(await canConnect(port))) {
    if (exited) {
      await stop();
      throw new Error(`code-server exited before listening:\n${output.slice(-20).join('\n')}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `code-server did not listen on 127.0.0.1:${port} within ${timeoutMs / 1000}s:\n${output.slice(-20).join('\n')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    port,
    folder: path.resolve(folder),
    userDataDir,
    runDir,
    startupMs: performance.now() - t0,
    output,
    exited: exitedPromise,
    stop,
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      folder: { type: 'string', default: DEFAULT_WORKSPACE },
      extension: { type: 'string', default: REPO_ROOT },
      restricted: { type: 'boolean', default: false },
      web: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  await ensureTestEnv({ quiet: !values.verbose });
  const server = await startCodeServer({
    port: values.port,
    folder: values.folder,
    trust: !values.restricted,
    onOutput: values.verbose ? (l) => console.log(`[code-server] ${l}`) : undefined,
  });
  const url = workbenchUrl({
    port: server.port,
    folder: server.folder,
    extensionDevelopmentPath: path.resolve(values.extension),
    web: values.web,
  });
  console.log(
    `API Error Inspector is running in VS Code${values.restricted ? ' (Restricted Mode)' : ''}. Open in a browser:\n`,
  );
  console.log(`  ${url}\n`);
  console.log(
    'Then open responses/quota.json, requests.http or api.log and hover an error code, or run "API Errors: Try It" from the Command Palette (F1). Ctrl+C stops it.',
  );
  const shutdown = async () => {
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  const { code, signal } = await server.exited;
  console.error(
    `[vscode-server] code-server stopped by itself (${signal ?? `exit ${code}`}):\n${server.output.slice(-20).join('\n')}`,
  );
  await server.stop();
  process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(`[vscode-server] error: ${e.message}`);
    process.exit(1);
  });
}
