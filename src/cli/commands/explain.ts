import { StringDecoder } from 'node:string_decoder';
import { parseArgs } from 'node:util';
import { dirname, resolve } from 'node:path';
import { version } from '../../../package.json';
import type { Catalog } from '../../core/catalog';
import { type CatalogLoader, catalogArgs, catalogOptionsOf } from '../catalogs';
import { type Container, type DetectOptions, type Finding, containerOf, detect, referencedPaths } from '../../core/detect';
import { bodySays } from '../../core/card';
import { type Clock, parseTimestamp } from '../../core/clock';
import { sourceLanguageOf } from '../../core/detect/syntax';
import { LazyTreeSitter } from '../../syntax/treeSitter';
import { summarize } from '../../core/explain';
import { printable } from '../../core/present';
import { type CliIo, UsageError, makeStyle } from '../io';
import { type Formatter, type Result, formats } from '../formats';
import { DEFAULT_CUTTER, type Piece, RecordCutter, locate, wholeText } from '../records';
import { type Input, inputsOf, problemOf } from '../sources';

/** A file the CLI could not read, said in one line, while the other files are still processed. */
class FileProblem extends Error {}

/**
 * Files up to this size are read and detected in one go (the common case, and the fastest: a 16 MB
 * JSON file takes 1.4× as long streamed), in about 6 times their size of memory; larger files, pipes
 * and standard input are read in chunks and detected piece by piece (see records.ts).
 */
const ONE_SHOT_BYTES = 24 * 1024 * 1024;
/** Streams are decoded and detected in slices of this many bytes (see explainStream). */
const SLICE_BYTES = 48 * 1024;
/** How many files found in directories are read ahead, in the background, while one is detected. */
const READ_AHEAD = 8;

/** The language id that makes detection read a piece as the container found at the stream's start. */
const LANGUAGE_OF: Record<Container, string> = { document: 'json', har: 'json', postman: 'json', lines: 'log', http: 'http', markdown: 'markdown', source: 'typescript', python: 'python', go: 'go' };

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** UTF-16 by its byte order mark; otherwise UTF-8, unless a NUL byte in the first 8 KB says binary (undefined). */
function encodingOf(head: Uint8Array): Encoding | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const n = Math.min(head.length, 8192);
  for (let i = 0; i < n; i++) if (head[i] === 0) return undefined;
  return 'utf-8';
}

/**
 * A decoder for text arriving in chunks: Node's StringDecoder for UTF-8 and UTF-16LE (several times
 * faster than TextDecoder's streaming mode), TextDecoder for UTF-16BE. A byte order mark is dropped.
 */
function decoderOf(encoding: Encoding): { write(bytes: Uint8Array): string; end(): string } {
  if (encoding === 'utf-16be') {
    const decoder = new TextDecoder(encoding);
    return { write: (bytes) => decoder.decode(bytes, { stream: true }), end: () => decoder.decode() };
  }
  const decoder = new StringDecoder(encoding === 'utf-8' ? 'utf8' : 'utf16le');
  let first = true;
  const dropMark = (text: string) => {
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) return text.slice(1);
    }
    return text;
  };
  if (encoding === 'utf-16le') return { write: (bytes) => dropMark(decoder.write(bytes as Buffer)), end: () => decoder.end() };
  // UTF-8 is decoded up to the last line end of what has arrived, the rest carried over as bytes: the
  // text handed on then mostly ends with its line, and the cutter rarely has to join two strings.
  let carried: Buffer[] = [];
  let carriedBytes = 0;
  return {
    write(bytes) {
      const buffer = bytes as Buffer;
      const newline = buffer.lastIndexOf(0x0a);
      // Bytes carried over are copied: the chunk they came from may be read into again.
      if (newline < 0 && carriedBytes + buffer.length < 1024 * 1024) {
        carried.push(Buffer.from(buffer));
        carriedBytes += buffer.length;
        return '';
      }
      const upTo = newline < 0 ? buffer.length : newline + 1;
      const head = carried.length === 0 ? buffer.subarray(0, upTo) : Buffer.concat([...carried, buffer.subarray(0, upTo)]);
      carried = upTo < buffer.length ? [Buffer.from(buffer.subarray(upTo))] : [];
      carriedBytes = buffer.length - upTo;
      return dropMark(decoder.write(head));
    },
    end: () => dropMark(decoder.write(Buffer.concat(carried)) + decoder.end()),
  };
}

function decodeWhole(bytes: Uint8Array): string {
  const encoding = encodingOf(bytes);
  if (!encoding) throw new FileProblem('is a binary file');
  return new TextDecoder(encoding).decode(bytes);
}

async function readText(path: string, io: CliIo): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(path);
  } catch (error) {
    throw new FileProblem(problemOf(error));
  }
  return decodeWhole(bytes);
}

/** `<> ./file.json` references are read relative to the .http file. */
async function readReferences(path: string, text: string, io: CliIo): Promise<Map<string, string>> {
  const references = new Map<string, string>();
  const base = path === '-' ? io.cwd : dirname(resolve(io.cwd, path));
  for (const reference of referencedPaths(text)) {
    try {
      references.set(reference, await readText(resolve(base, reference), io));
    } catch {
      // A missing response file leaves that reference unexplained, nothing more.
    }
  }
  return references;
}

interface Run {
  io: CliIo;
  /** Loaded on the first source file only: other runs never read its wasm. */
  treeSitter: LazyTreeSitter;
  catalog: Catalog;
  clock: Clock;
  providers: string[] | undefined;
  formatter: Formatter;
  findings: number;
  /** Formatted results not yet written. */
  output: string;
}

export async function runExplain(argv: string[], io: CliIo, loadCatalog: CatalogLoader): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      format: { type: 'string', short: 'f' },
      provider: { type: 'string', short: 'p', multiple: true },
      now: { type: 'string' },
      exclude: { type: 'string', multiple: true },
      'max-warnings': { type: 'string' },
      ...catalogArgs,
    },
  });
  if (positionals.length === 0) throw new UsageError('explain needs at least one file, directory or pattern (or - for standard input)');
  const formatName = values.format ?? (values.json ? 'json' : 'text');
  const format = formats[formatName];
  if (!format || (values.json && formatName !== 'json')) throw new UsageError(`--format must be one of ${Object.keys(formats).join(', ')}${values.json ? ' (--json is --format json)' : ''}, got '${formatName}'`);
  const maxWarnings = values['max-warnings'] === undefined ? undefined : Number(values['max-warnings']);
  if (maxWarnings !== undefined && !(Number.isInteger(maxWarnings) && maxWarnings >= 0)) throw new UsageError(`--max-warnings must be a whole number, got '${values['max-warnings']}'`);
  const { catalog, broken } = await loadCatalog(catalogOptionsOf(values));
  for (const p of values.provider ?? []) if (!catalog.provider(p)) throw new UsageError(`unknown provider '${p}'`);
  const providers = values.provider?.map((p) => catalog.provider(p)?.id as string);
  const clock: Clock = { now: values.now === undefined ? io.now() : parseNow(values.now) };

  const formatter = format({ catalog, style: makeStyle(io.color && formatName === 'text'), version });
  const run: Run = { io, catalog, clock, providers, formatter, findings: 0, output: '', treeSitter: new LazyTreeSitter((file) => io.readFile(resolve(__dirname, 'tree-sitter', file))) };
  io.out(formatter.begin());
  let failed = false;
  for await (const prepared of readAhead(inputsOf(positionals, io, values.exclude ?? []), io)) {
    try {
      if ('problem' in prepared) throw new FileProblem(prepared.problem);
      if (prepared.bytes) await explainText(run, prepared.path, decodeWhole(prepared.bytes));
      else await explainStream(run, prepared.path);
    } catch (error) {
      if (!(error instanceof FileProblem)) throw error;
      // A binary file found in a directory is passed over, as grep -r and ripgrep do.
      if (error.message === 'is a binary file' && 'explicit' in prepared && !prepared.explicit) continue;
      failed = true;
      io.err(`api-errors: ${printable(prepared.path)}: ${error.message}\n`);
    }
  }
  io.out(formatter.end({ findings: run.findings, failed }));
  if (failed || broken) return 1;
  // ESLint's convention: more findings than --max-warnings fails the step.
  return maxWarnings !== undefined && run.findings > maxWarnings ? 1 : 0;
}

type Prepared = (Input & { problem: string }) | { path: string; explicit: boolean; bytes?: Uint8Array };

/**
 * Inputs with the small files already read: files found in directories are read up to READ_AHEAD at
 * a time in the background while earlier ones are detected; results still come in input order.
 */
async function* readAhead(inputs: AsyncIterable<Input>, io: CliIo): AsyncGenerator<Prepared> {
  const queue: Promise<Prepared>[] = [];
  const prepare = async (input: Input): Promise<Prepared> => {
    if ('problem' in input) return input;
    if (input.path === '-' || input.kind === 'fifo' || input.kind === 'other') return input;
    try {
      const size = input.size ?? (await io.stat(input.path)).size;
      if (size > ONE_SHOT_BYTES) return input;
      return { ...input, bytes: await (input.explicit ? io.readFile(input.path) : io.readFileInBackground(input.path)) };
    } catch (error) {
      return { path: input.path, problem: problemOf(error) };
    }
  };
  for await (const input of inputs) {
    queue.push(prepare(input));
    if (queue.length >= READ_AHEAD) yield await (queue.shift() as Promise<Prepared>);
  }
  while (queue.length > 0) yield await (queue.shift() as Promise<Prepared>);
}

/** A whole text detected in one go, as the editor does. */
async function explainText(run: Run, path: string, text: string): Promise<void> {
  const fileName = path === '-' ? undefined : path;
  const container = containerOf(text, { fileName });
  const references = container === 'http' ? await readReferences(path, text, run.io) : undefined;
  const sourceDefault = container === 'source' ? 'typescript' : container === 'python' || container === 'go' ? container : undefined;
  if (sourceDefault) await run.treeSitter.load(sourceLanguageOf({ fileName }, sourceDefault));
  const piece = wholeText(text);
  emit(run, path, piece, detect(text, run.catalog, { fileName, references, providers: run.providers, syntax: run.treeSitter }));
  await flush(run);
}

/**
 * A file read in chunks and detected piece by piece as they arrive (records.ts says where pieces are
 * cut), so memory stays bounded by the longest record, not the file.
 */
async function explainStream(run: Run, path: string): Promise<void> {
  const fileName = path === '-' ? undefined : path;
  let decoder: { write(bytes: Uint8Array): string; end(): string } | undefined;
  let cutter: RecordCutter | undefined;
  let options: DetectOptions = {};
  let toldForced = false;
  const detectPieces = async (pieces: Piece[]) => {
    for (const piece of pieces) {
      if (piece.forced && !toldForced) {
        toldForced = true;
        run.io.err(`api-errors: ${printable(path)}:${piece.line}: a record longer than ${DEFAULT_CUTTER.maxRecord / 1024 / 1024} MiB characters, read in pieces\n`);
      }
      const references = cutter && options.languageId === 'http' ? await readReferences(path, piece.text, run.io) : undefined;
      emit(run, path, piece, detect(piece.text, run.catalog, references ? { ...options, references } : options));
    }
  };
  try {
    for await (const chunk of run.io.chunks(path)) {
      if (!decoder) {
        const encoding = encodingOf(chunk);
        if (!encoding) throw new FileProblem('is a binary file');
        decoder = decoderOf(encoding);
      }
      // Decoded a slice at a time: strings under V8's large-object size (128 KB) are made and
      // dropped in the young generation, several times faster than megabyte strings on a busy machine.
      for (let at = 0, end = 0; at < chunk.length; at = end) {
        // Slices end with a line end when one is near, so the decoder seldom carries bytes over.
        const newline = chunk.lastIndexOf(0x0a, Math.min(chunk.length, at + SLICE_BYTES) - 1);
        end = newline >= at && at + SLICE_BYTES < chunk.length ? newline + 1 : Math.min(chunk.length, at + SLICE_BYTES);
        const text = decoder.write(chunk.subarray(at, end));
        if (!cutter) {
          if (text.length === 0) continue;
          const container = containerOf(text, { fileName });
          cutter = new RecordCutter(container);
          options = { fileName, languageId: LANGUAGE_OF[container], providers: run.providers };
        }
        const pieces = cutter.push(text);
        if (pieces.length > 0) await detectPieces(pieces);
      }
      // What this chunk found goes out before the next chunk is read: at once for a line from a
      // pipe, in one write per megabyte from a file.
      await flush(run);
    }
  } catch (error) {
    if (error instanceof FileProblem) throw error;
    throw new FileProblem(problemOf(error));
  }
  if (!decoder) return;
  const rest = decoder.end();
  if (!cutter) {
    if (rest.length === 0) return;
    const container = containerOf(rest, { fileName });
    cutter = new RecordCutter(container);
    options = { fileName, languageId: LANGUAGE_OF[container], providers: run.providers };
  }
  await detectPieces([...cutter.push(rest), ...cutter.end()]);
  await flush(run);
}

/** Hands a piece's new findings, located, to the format; its text waits in `run.output` for flush(). */
function emit(run: Run, path: string, piece: Piece, findings: readonly Finding[]): void {
  if (findings.length === 0) return;
  const results: Result[] = locate(piece, findings).map((l) => ({ file: path, ...l, summary: summarize(l.finding, run.catalog), says: saysOf(l.finding, run.catalog, run.clock) }));
  if (results.length === 0) return;
  run.findings += results.length;
  run.output += run.formatter.results(results);
  // Handed on in parts of at most about 32K characters: a longer string is flattened into V8's
  // large-object space, fresh memory each time, when it is written.
  if (run.output.length >= OUTPUT_PART) {
    run.io.out(run.output);
    run.output = '';
  }
}

const OUTPUT_PART = 32 * 1024;

/** Writes what was found so far, and waits for standard output to take it (memory stays bounded when it is slow). */
async function flush(run: Run): Promise<void> {
  if (run.output.length === 0) return;
  run.io.out(run.output);
  run.output = '';
  await run.io.drained();
}

/** `--now`: an ISO 8601 time or Unix seconds, to read a log as of when it was written. */
function parseNow(value: string): number {
  const ms = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) * 1000 : parseTimestamp(value);
  if (!Number.isFinite(ms)) throw new UsageError(`--now must be an ISO 8601 time or Unix seconds, got '${value}'`);
  return ms;
}

/** What the body's own fields and headers say, in the reader's units ("retry after 42 s"); none for most log lines. */
function saysOf(f: Finding, catalog: Catalog, clock: Clock): string[] {
  return f.fields.length === 0 && Object.keys(f.headers).length === 0 ? [] : bodySays(f, catalog, clock);
}
