import { parseArgs } from 'node:util';
import { dirname, resolve } from 'node:path';
import type { Catalog } from '../../core/catalog';
import { type CatalogLoader, catalogArgs, catalogOptionsOf } from '../catalogs';
import { detect, referencedPaths } from '../../core/detect';
import type { Finding } from '../../core/detect';
import { containerOf } from '../../core/detect';
import { bodySays } from '../../core/card';
import { type Clock, parseTimestamp } from '../../core/clock';
import { sourceLanguageOf } from '../../core/detect/syntax';
import { LazyTreeSitter } from '../../syntax/treeSitter';
import { summarize } from '../../core/explain';
import { printable, summaryRetryLabel } from '../../core/present';
import { type CliIo, UsageError, makeStyle } from '../io';

/** A file the CLI could not read, said in one line, while the other files are still processed. */
class FileProblem extends Error {}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

async function readText(path: string, io: CliIo): Promise<string> {
  let bytes: Uint8Array;
  try {
    if (path === '-') bytes = await io.readStdin();
    else {
      if (await io.isDirectory(path)) throw new FileProblem('is a directory');
      bytes = await io.readFile(path);
    }
  } catch (error) {
    if (error instanceof FileProblem) throw error;
    const code = (error as { code?: string }).code;
    throw new FileProblem(code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot be read (${code ?? (error as Error).message})`);
  }
  if (looksBinary(bytes)) throw new FileProblem('is a binary file');
  return new TextDecoder('utf-8').decode(bytes);
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

export async function runExplain(argv: string[], io: CliIo, loadCatalog: CatalogLoader): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, provider: { type: 'string', short: 'p', multiple: true }, now: { type: 'string' }, ...catalogArgs },
  });
  if (positionals.length === 0) throw new UsageError('explain needs at least one file (or - for standard input)');
  const { catalog, broken } = await loadCatalog(catalogOptionsOf(values));
  for (const p of values.provider ?? []) if (!catalog.provider(p)) throw new UsageError(`unknown provider '${p}'`);
  const providers = values.provider?.map((p) => catalog.provider(p)?.id as string);
  const clock: Clock = { now: values.now === undefined ? io.now() : parseNow(values.now) };

  // Tree-sitter is loaded on the first source file only: other runs never read its wasm.
  const treeSitter = new LazyTreeSitter((file) => io.readFile(resolve(__dirname, 'tree-sitter', file)));

  const style = makeStyle(io.color);
  const json: object[] = [];
  let failed = false;
  const human: string[] = [];
  for (const path of positionals) {
    let text: string;
    try {
      text = await readText(path, io);
    } catch (error) {
      failed = true;
      io.err(`api-errors: ${printable(path)}: ${(error as Error).message}\n`);
      continue;
    }
    const fileName = path === '-' ? undefined : path;
    const container = containerOf(text, { fileName });
    const references = container === 'http' ? await readReferences(path, text, io) : undefined;
    const python = container === 'python';
    if (python || container === 'source') await treeSitter.load(sourceLanguageOf({ fileName }, python));
    const findings = detect(text, catalog, { fileName, references, providers, syntax: treeSitter });
    const lines = new LineCursor(text);
    if (values.json) {
      for (const f of findings) json.push(findingToJson(f, path, lines, catalog, clock));
    } else if (findings.length > 0) {
      human.push(style.bold(printable(path)));
      for (const f of findings) {
        human.push(formatFinding(f, path, lines, catalog, style));
        for (const said of saysOf(f, catalog, clock)) human.push(`    ${style.dim('·')} ${printable(said)}`);
      }
      human.push('');
    }
  }
  if (values.json) io.out(JSON.stringify({ findings: json }, null, 2) + '\n');
  else if (human.length > 0) io.out(human.join('\n') + '\n');
  else if (!failed) io.out('No API errors found.\n');
  return failed || broken ? 1 : 0;
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

/**
 * 1-based line and column of offsets asked for mostly in increasing order (findings come sorted):
 * one pass over the newlines up to the last finding instead of indexing every line of a big file.
 * Same answers as LineIndex for any offset, in any order.
 */
class LineCursor {
  private line = 1;
  private lineStart = 0;
  /** The first newline at or after lineStart (-1: none). */
  private nextNewline: number;

  constructor(private readonly text: string) {
    this.nextNewline = text.indexOf('\n');
  }

  position(offset: number): { line: number; column: number } {
    while (this.nextNewline >= 0 && this.nextNewline < offset) {
      this.line++;
      this.lineStart = this.nextNewline + 1;
      this.nextNewline = this.text.indexOf('\n', this.lineStart);
    }
    while (offset < this.lineStart && this.lineStart > 0) {
      this.nextNewline = this.lineStart - 1;
      this.lineStart = this.lineStart >= 2 ? this.text.lastIndexOf('\n', this.lineStart - 2) + 1 : 0;
      this.line--;
    }
    return { line: this.line, column: offset - this.lineStart + 1 };
  }
}

function findingToJson(f: Finding, file: string, lines: LineCursor, catalog: Catalog, clock: Clock) {
  const start = lines.position(f.codeRange.start);
  const end = lines.position(f.codeRange.end);
  const summary = summarize(f, catalog);
  return {
    file,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    kind: f.kind,
    provider: f.provider,
    candidates: f.candidates.map((c) => ({ provider: c.provider, score: c.score, code: c.entry?.code ?? null, evidence: c.evidence.map((e) => e.detail) })),
    code: f.code,
    status: f.status ?? null,
    retryable: summary.retryable,
    ...(summary.retryUnknown ? { retryUnknown: true } : {}),
    title: summary.title,
    remedy: summary.remedy,
    known: f.known,
    ...(f.generic ? { generic: f.generic } : {}),
    ...(summary.retryCondition ? { retryCondition: summary.retryCondition } : {}),
    ...(summary.docs ? { docs: summary.docs } : {}),
    ...(f.statusSource ? { statusSource: f.statusSource } : {}),
    ...(Object.keys(f.headers).length ? { headers: f.headers } : {}),
    ...(f.fields.length ? { fields: Object.fromEntries(f.fields.map((x) => [x.path, x.value])) } : {}),
    ...(f.fields.length || Object.keys(f.headers).length ? { says: saysOf(f, catalog, clock) } : {}),
    ...(f.referencedFile ? { referencedFile: f.referencedFile } : {}),
    ...(f.request ? { request: f.request } : {}),
    evidence: f.evidence.map((e) => e.detail),
  };
}

function formatFinding(f: Finding, file: string, lines: LineCursor, catalog: Catalog, style: ReturnType<typeof makeStyle>): string {
  const { line, column } = lines.position(f.codeRange.start);
  const s = summarize(f, catalog);
  const retry = s.retryable === true ? style.green('retryable') : s.retryable === false ? style.red('not retryable') : style.yellow(summaryRetryLabel(s));
  const provider = f.provider ? f.provider : f.generic ? `(${f.generic})` : `(${f.candidates.map((c) => c.provider).join('|')})`;
  const known = f.known || f.generic || !f.provider ? '' : style.yellow(' [not in the catalog]');
  // Another API's error: what its status means is the useful part (the catalog has no remedy for it).
  const action = f.generic ? `${s.title} (${s.providerName}, not a catalogued provider)` : s.remedy;
  // The code comes from the file itself: shown, never interpreted by the terminal.
  // The exchange the body answers, as the container recorded it (`POST https://…/sessions → 429`).
  const request = f.request ? style.dim(`  (${printable(`${f.request.method ? `${f.request.method} ` : ''}${f.request.url}${f.status !== undefined ? ` → ${f.status}` : ''}`)})`) : '';
  return `${style.dim(`${printable(file)}:${line}:${column}`)}  ${provider}  ${style.bold(printable(f.code))}  ${f.status ?? '-'}  ${retry}${known} — ${printable(action)}${request}`;
}
