/** The programs the snippet checks run: tsc, node, and Debian's python3 with httpx. */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const root = resolve(__dirname, '../..');

/** Debian's interpreter: the `python3` first on PATH (pyenv and the like) cannot see Debian's packages. */
export const PYTHON = '/usr/bin/python3';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(
  command: string,
  args: readonly string[],
  options: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? root,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.env ? { env: options.env } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Runs `task` over `items`, at most `limit` at a time. */
export async function eachLimited<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export const TSC = resolve(root, 'node_modules/typescript/bin/tsc');

const INSTALL = 'apt-get update && apt-get install -y python3-httpx';

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

async function hasHttpx(): Promise<boolean> {
  return (await run(PYTHON, ['-c', 'import httpx'])).code === 0;
}

const SUDO_INSTALL = 'sudo apt-get update && sudo apt-get install -y python3 python3-httpx';

/** /usr/bin/python3 is there, or the test fails saying what to install. */
export function ensurePython(): void {
  if (!existsSync(PYTHON)) {
    throw new Error(`${PYTHON} is missing: install Debian's python3 and httpx: ${SUDO_INSTALL}`);
  }
}

/**
 * Makes sure /usr/bin/python3 can import httpx: as root it installs Debian's python3-httpx, the way
 * the project installs its other needs; otherwise it fails saying exactly what to install.
 */
export async function ensurePythonHttpx(): Promise<void> {
  ensurePython();
  if (await hasHttpx()) return;
  if (isRoot()) {
    const installed = await new Promise<boolean>((done) =>
      execFile(
        'sh',
        ['-c', `apt-get install -y python3-httpx || (${INSTALL})`],
        { timeout: 300_000 },
        (error) => done(!error),
      ),
    );
    if (installed && (await hasHttpx())) return;
  }
  throw new Error(
    `${PYTHON} cannot import httpx. Install Debian's package: ${SUDO_INSTALL} ` +
      '(the snippet tests run /usr/bin/python3, which sees Debian packages, not pip or pyenv ones).',
  );
}

/** Debian's Go (golang-go: Go 1.19 on bookworm), the oldest Go the generated handlers promise to build with. */
export const GO = '/usr/bin/go';
export const GOFMT = '/usr/bin/gofmt';

/** Go builds offline: the handlers use the standard library only, so nothing is ever downloaded. */
export const GO_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GOPROXY: 'off',
  GOFLAGS: '-mod=mod',
  GO111MODULE: 'on',
};

const GO_INSTALL = 'sudo apt-get update && sudo apt-get install -y golang-go';

/**
 * Makes sure /usr/bin/go is there: as root it installs Debian's golang-go (scripts/test-env.mjs
 * lists it too); otherwise it fails saying exactly what to install.
 */
export async function ensureGo(): Promise<void> {
  if (existsSync(GO)) return;
  if (isRoot()) {
    await new Promise<void>((done) =>
      execFile(
        'sh',
        ['-c', 'apt-get install -y golang-go || (apt-get update && apt-get install -y golang-go)'],
        { timeout: 600_000 },
        () => done(),
      ),
    );
    if (existsSync(GO)) return;
  }
  throw new Error(`${GO} is missing. Install Debian's Go: ${GO_INSTALL}`);
}

/** A Go module in `dir` named `module`, Go 1.19. */
export function goModule(module: string): string {
  return `module ${module}\n\ngo 1.19\n`;
}
