import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { type MessageConnection, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';

export const root = resolve(__dirname, '../../..');
export const lspPath = resolve(root, 'dist/lsp.js');
export const cliPath = resolve(root, 'dist/cli.js');

export interface ServerUnderTest {
  child: ChildProcessWithoutNullStreams;
  connection: MessageConnection;
  /** Every notification the server sent, in order. */
  notifications: { method: string; params: unknown }[];
  /** Resolves with the next notification of `method` that `accept` takes. */
  next<T>(method: string, accept?: (params: T) => boolean): Promise<T>;
  /** Writes bytes to the server's stdin as they are: for malformed messages. */
  raw(bytes: string | Buffer): void;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Starts the built server as an editor does (a separate process on stdio) and connects to it with vscode-jsonrpc. */
export function startBuiltServer(command: string[] = [lspPath]): ServerUnderTest {
  const child = spawn(process.execPath, command, { cwd: root, env: { ...process.env, TZ: 'UTC', LANG: 'en_US.UTF-8' } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const notifications: { method: string; params: unknown }[] = [];
  const waiting: { method: string; accept: (params: unknown) => boolean; resolve: (params: unknown) => void }[] = [];
  connection.onNotification((method, params) => {
    notifications.push({ method, params });
    for (const w of [...waiting]) {
      if (w.method === method && w.accept(params)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(params);
      }
    }
  });
  connection.listen();
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  return {
    child,
    connection,
    notifications,
    next: <T>(method: string, accept: (params: T) => boolean = () => true) =>
      new Promise<T>((resolveNext) => waiting.push({ method, accept: accept as (params: unknown) => boolean, resolve: resolveNext as (params: unknown) => void })),
    raw: (bytes) => void child.stdin.write(bytes),
    stderr: () => stderr,
    exited,
  };
}

/** One framed message, with its Content-Length header as the base protocol writes it. */
export function frame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

/** Applies LSP text edits (non-overlapping) to a text, for checking what a quick fix would do. */
export function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = text.split('\n');
  const offsetOf = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start))
    .reduce((t, e) => t.slice(0, offsetOf(e.range.start)) + e.newText + t.slice(offsetOf(e.range.end)), text);
}
