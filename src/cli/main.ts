import { closeSync, createReadStream, fstatSync, lstatSync, openSync, readFileSync, readSync, readdirSync, statSync, writeSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { runCli } from './cli';
import type { CliIo } from './io';

function wantsColor(): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Standard output redirected to a file: text is encoded into one reused buffer and written with
 * writeSync when it fills or when a command waits for its output to drain. process.stdout.write
 * turns every string into a new Buffer, and a fresh buffer of a few hundred KB costs its page
 * faults again each time (on a busy virtual machine, more than the encoding): a streamed log's
 * output then took a quarter of the run. Writes to a file are synchronous anyway (process.stdout is
 * a SyncWriteStream there), so the order and what has been written when are as before.
 * Pipes and terminals keep process.stdout.
 */
class FileOutput {
  private static readonly SIZE = 256 * 1024;
  private readonly buffer = Buffer.allocUnsafe(FileOutput.SIZE);
  private used = 0;

  constructor(private readonly fd: number) {}

  write(text: string): void {
    // At most 3 bytes per UTF-16 code unit in UTF-8.
    if (this.used + text.length * 3 > FileOutput.SIZE) this.flush();
    if (text.length * 3 > FileOutput.SIZE) writeAll(this.fd, Buffer.from(text));
    else this.used += this.buffer.write(text, this.used);
  }

  flush(): void {
    if (this.used === 0) return;
    writeAll(this.fd, this.buffer.subarray(0, this.used));
    this.used = 0;
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}

function fileOutput(): FileOutput | undefined {
  try {
    return fstatSync(1).isFile() ? new FileOutput(1) : undefined;
  } catch {
    return undefined;
  }
}

const toFile = fileOutput();

const CHUNK_BYTES = 1024 * 1024;

/**
 * A file's bytes in chunks of 1 MB read synchronously into one reused buffer (each chunk is valid
 * until the next is asked for): a read stream makes a new 1 MB buffer per chunk, and fresh memory
 * costs its page faults every time — reading a 640 MB log took several times as long. FIFOs and
 * other special files keep a read stream (a read of one may wait).
 */
async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  const fd = openSync(path, 'r');
  let file: boolean;
  try {
    file = fstatSync(fd).isFile();
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  // The stream reads the descriptor already open (a FIFO opened twice would wait for a second writer), and closes it.
  if (!file) return yield* createReadStream(path, { fd, highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>;
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let n = readSync(fd, buffer, 0, CHUNK_BYTES, null); n > 0; n = readSync(fd, buffer, 0, CHUNK_BYTES, null)) yield buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

// The file system is read synchronously: the CLI does one thing at a time, and a 16 MB file read in
// one call is ~5 ms faster than fs/promises' 512 KB chunks, each a round trip through the thread pool.
const io: CliIo = {
  out: toFile ? (text) => toFile.write(text) : (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  color: wantsColor(),
  readFile: async (path) => readFileSync(path),
  readStdin,
  isDirectory: async (path) => statSync(path).isDirectory(),
  readDir: async (path) =>
    readdirSync(path, { withFileTypes: true }).map((d) => ({ name: d.name, isDirectory: d.isDirectory(), isFile: d.isFile(), isSymbolicLink: d.isSymbolicLink() })),
  stat: async (path) => {
    const s = await stat(path);
    return { kind: s.isFile() ? 'file' : s.isDirectory() ? 'directory' : s.isFIFO() ? 'fifo' : 'other', size: s.size };
  },
  isSymbolicLink: async (path) => lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() === true,
  chunks: (path) => (path === '-' ? process.stdin : fileChunks(path)),
  readFileInBackground: (path) => readFile(path),
  drained: async () => {
    toFile?.flush();
    if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
  },
  cwd: process.cwd(),
  now: () => Date.now(),
};

/** A bug, not a user error: said in one line, the stack kept for those who ask (API_ERRORS_DEBUG=1). */
function internalError(error: unknown): void {
  try {
    toFile?.flush();
  } catch {
    // The output is what failed: say the error all the same.
  }
  process.stderr.write(`api-errors: internal error: ${(error as Error)?.message ?? String(error)}\n`);
  if (process.env.API_ERRORS_DEBUG) process.stderr.write(`${(error as Error)?.stack}\n`);
  process.exit(70);
}

// A reader that closes the pipe (`| head -2`) has seen enough: stop at once, quietly, with status 0,
// as ripgrep does (grep's 141 would fail a `set -o pipefail` step that only wanted the first lines).
process.stdout.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' ? process.exit(0) : internalError(error)));
// With stderr gone there is nowhere left to say anything.
process.stderr.on('error', () => process.exit(process.exitCode ?? 1));
process.on('uncaughtException', internalError);
// No SIGINT handler on purpose: Ctrl-C keeps its default action and stops the process at once, even
// in the middle of a long detection.

runCli(process.argv.slice(2), io).then((code) => {
  toFile?.flush();
  process.exitCode = code;
}, internalError);
