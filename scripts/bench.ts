// npm run bench: detection throughput against JSON.parse and jsonc-parser's scanner over the same
// text, plus `api-errors explain` against a node process that only reads and JSON.parses the file,
// and the language server through the protocol (hover latency, a 10 MB log's diagnostics, memory).
// Also: `npm run bench -- --fuzz 100000` runs the long fuzz campaign; `npm run bench -- --lsp` the server only.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createScanner } from 'jsonc-parser';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import { builtinCatalog } from '../src/core/catalog';
import { detect, parseHttp } from '../src/core/detect';
import { http, jsonArray, log } from '../test/fixtures/bigInputs';

const root = resolve(__dirname, '..');
const out = join(root, '.bench');
mkdirSync(out, { recursive: true });

/** Best of `runs` timed runs after three warm-up runs; every row of the table is timed alike. */
function time(fn: () => unknown, runs = 10): number {
  for (let i = 0; i < 3; i++) fn(); // warm-up
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

function scanAll(text: string): number {
  const scanner = createScanner(text, false);
  let n = 0;
  // SyntaxKind is a const enum that isolatedModules cannot read: 17 is SyntaxKind.EOF.
  while (scanner.scan() !== 17) n++;
  return n;
}

const mb = (text: string) => text.length / 1024 / 1024;
const rate = (text: string, ms: number) => `${(mb(text) / (ms / 1000)).toFixed(0)} MB/s`;

const fuzzIndex = process.argv.indexOf('--fuzz');
if (fuzzIndex >= 0) {
  const cases = Number(process.argv[fuzzIndex + 1] ?? 100_000);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { fuzz } = require('../test/unit/fuzz.test') as typeof import('../test/unit/fuzz.test');
  const t = performance.now();
  const result = fuzz(cases, Date.now() % 100000);
  console.log(`fuzz: ${result.cases} cases, no throw, ranges inside the text; ${((performance.now() - t) / 1000).toFixed(1)} s; slowest ${result.slowest.toFixed(2)} ms/KB`);
  process.exit(0);
}

/** Detection throughput and the CLI's explain on 16 MB. */
function benchDetection(): void {
  console.log('| input | size | detection | JSON.parse | jsonc scanner | detection ÷ JSON.parse | findings |');
  console.log('|---|---|---|---|---|---|---|');
  const inputs: [string, string, string][] = [
    ['pretty JSON array (1 in 20 an error)', jsonArray(16 * 1024 * 1024), 'json'],
    ['log', log(10 * 1024 * 1024), 'log'],
    ['.http file', http(5 * 1024 * 1024), 'http'],
  ];
  for (const [name, text, languageId] of inputs) {
    let findings = 0;
    const detection = time(() => (findings = detect(text, builtinCatalog, { languageId }).length));
    // JSON.parse over the same JSON: the whole array; for logs, each line's body; for .http, each response body.
    const jsonParts =
      languageId === 'json'
        ? [text]
        : languageId === 'log'
          ? text.split('\n').filter(Boolean).map((l) => l.slice(l.indexOf('{')))
          : parseHttp(text).responses.map((r) => text.slice(r.bodyStart, r.bodyEnd));
    const parse = time(() => {
      for (const part of jsonParts) JSON.parse(part);
    });
    const scan = time(() => scanAll(text), 5);
    console.log(`| ${name} | ${mb(text).toFixed(1)} MB | ${rate(text, detection)} | ${rate(text, parse)} | ${rate(text, scan)} | ${(parse / detection).toFixed(2)}× | ${findings} |`);
    writeFileSync(join(out, `bench.${languageId}`), text);
  }

  // The CLI over the 16 MB file against a node process that only reads and JSON.parses it.
  const file = join(out, 'bench.json');
  const wall = (args: string[]) => {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      execFileSync(process.execPath, args, { stdio: 'ignore', maxBuffer: 1 << 30 });
      best = Math.min(best, performance.now() - t);
    }
    return best;
  };
  const cli = wall([join(root, 'dist/cli.js'), 'explain', '--json', file]);
  const baseline = wall(['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`]);
  console.log(`\napi-errors explain --json (16 MB): ${cli.toFixed(0)} ms; node read + JSON.parse: ${baseline.toFixed(0)} ms; ratio ${(cli / baseline).toFixed(2)}×`);
}

/** Resident memory of a process, from /proc (Linux); undefined elsewhere. */
function residentMb(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The language server through the protocol, as an editor drives it: idle memory after initialize,
 * didOpen of a 10 MB log to its diagnostics, and hover latency (p50, p99) on its findings.
 */
async function benchLanguageServer(): Promise<void> {
  const child = spawn(process.execPath, [join(root, 'dist/lsp.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published = new Map<string, (params: { diagnostics: { range: { start: { line: number; character: number } } }[] }) => void>();
  connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: never[] }) => published.get(params.uri)?.(params));
  connection.listen();
  // As the in-editor bench: the limit raised to 50 MB (the generated "10 MB" log is 90 bytes over 10 MiB).
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { settings: { maxFileSizeMB: 50 } } });
  await connection.sendNotification('initialized', {});
  await new Promise((r) => setTimeout(r, 500));
  const idle = residentMb(child.pid!);

  const uri = 'file:///bench/service.log';
  const text = log(10 * 1024 * 1024);
  const diagnostics = new Promise<{ diagnostics: { range: { start: { line: number; character: number } } }[] }>((r) => published.set(uri, r));
  const opened = performance.now();
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'log', version: 1, text } });
  const { diagnostics: found } = await diagnostics;
  const toDiagnostics = performance.now() - opened;
  const withLog = residentMb(child.pid!);

  const samples: number[] = [];
  for (let i = 0; i < 500; i++) {
    const at = found[Math.floor((i * found.length) / 500)]!.range.start;
    const t = performance.now();
    await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: at.line, character: at.character + 1 } });
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);

  // What a VS Code client of this server would pay before any detection: the text crossing the pipe.
  const big = log(49 * 1024 * 1024);
  const bigUri = 'file:///bench/big.log';
  const bigDiagnostics = new Promise((r) => published.set(bigUri, r));
  const t = performance.now();
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'log', version: 1, text: big } });
  await connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///bench/none.log' }, position: { line: 0, character: 0 } });
  const transfer = performance.now() - t;
  await bigDiagnostics;
  const bigMs = performance.now() - t;
  const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))]!.toFixed(2);
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
  console.log(`\nlanguage server (dist/lsp.js, through the protocol): idle ${idle?.toFixed(0) ?? '?'} MB resident after initialize;`);
  console.log(`  10 MB log: ${found.length} diagnostics ${toDiagnostics.toFixed(0)} ms after didOpen (${withLog?.toFixed(0) ?? '?'} MB resident with it open);`);
  console.log(`  hover on its findings (500 requests, round trip): p50 ${pct(50)} ms, p99 ${pct(99)} ms`);
  console.log(`  49 MB log: didOpen sent and read by the server ${transfer.toFixed(0)} ms (the cost of the text crossing the pipe), its diagnostics ${bigMs.toFixed(0)} ms after didOpen`);
}

// `--lsp`: the language server only.
if (!process.argv.includes('--lsp')) benchDetection();
void benchLanguageServer();
