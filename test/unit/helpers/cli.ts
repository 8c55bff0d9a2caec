import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const root = resolve(__dirname, '../../..');
export const cliPath = resolve(root, 'dist/cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The terminal every CLI test runs in: no colour, UTC, US English, so that the dates the CLI writes
 * in the reader's zone and locale are the same on every machine (the moment itself comes from --now).
 */
const pinnedTerminal = { NO_COLOR: '1', TZ: 'UTC', LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8' };

/** Runs the built CLI as users do: a separate node process. */
export function runBuiltCli(args: string[], options: { stdin?: string; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: options.cwd ?? root, env: { ...process.env, ...pinnedTerminal } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
