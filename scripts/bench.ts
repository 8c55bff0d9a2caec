// npm run bench: detection throughput against JSON.parse and jsonc-parser's scanner over the same
// text, `api-errors explain` start-up on a 16 MB file, `explain --format jsonl` streaming a 640 MB
// log against a node process that only splits it into lines and JSON.parses the error bodies (with
// peak memory, and grep -c as the I/O floor), a directory of 100 000 small files, and the language
// server through the protocol (hover latency, a 10 MB log's diagnostics, memory).
// Also: `npm run bench -- --fuzz 100000` runs the long fuzz campaign; `-- --stream-mb N` sets the
// log's size; `-- --lsp` the language server part only; `-- --mcp` the MCP server part only.
// Last, the MCP server (`api-errors mcp`) through the protocol with the SDK's client.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createScanner } from 'jsonc-parser';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import { builtinCatalog } from '../src/core/catalog';
import { detect, parseHttp } from '../src/core/detect';
import { escapedLog, har, http, jsonArray, log, mockFile } from '../test/fixtures/bigInputs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { LazyTreeSitter } from '../src/syntax/treeSitter';

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

type DetectOptionsLike = { languageId?: string; fileName?: string };

const mb = (text: string) => text.length / 1024 / 1024;
const rate = (text: string, ms: number) => `${(mb(text) / (ms / 1000)).toFixed(0)} MB/s`;

const fuzzIndex = process.argv.indexOf('--fuzz');
if (fuzzIndex >= 0) {
  const cases = Number(process.argv[fuzzIndex + 1] ?? 100_000);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { fuzz } = require('../test/unit/fuzz.test') as typeof import('../test/unit/fuzz.test');
  const t = performance.now();
  const result = fuzz(cases, Date.now() % 100000);
  console.log(
    `fuzz: ${result.cases} cases, no throw, ranges inside the text; ${((performance.now() - t) / 1000).toFixed(1)} s; slowest ${result.slowest.toFixed(2)} ms/KB`,
  );
  process.exit(0);
}

/** Detection throughput and the CLI's explain on 16 MB. */
function benchDetection(): void {
  console.log(
    '| input | size | detection | JSON.parse | jsonc scanner | detection ÷ JSON.parse | findings |',
  );
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
          ? text
              .split('\n')
              .filter(Boolean)
              .map((l) => l.slice(l.indexOf('{')))
          : parseHttp(text).responses.map((r) => text.slice(r.bodyStart, r.bodyEnd));
    const parse = time(() => {
      for (const part of jsonParts) JSON.parse(part);
    });
    const scan = time(() => scanAll(text), 5);
    console.log(
      `| ${name} | ${mb(text).toFixed(1)} MB | ${rate(text, detection)} | ${rate(text, parse)} | ${rate(text, scan)} | ${(parse / detection).toFixed(2)}× | ${findings} |`,
    );
    writeFileSync(join(out, `bench.${languageId}`), text);
  }
}

/** Bodies in strings, HAR, source through tree-sitter, and the CLI (one-shot, streamed, directories). */
async function benchReadersAndCli(): Promise<void> {
  // Bodies written as strings: JSON.parse of every record and of every nested body (the work a
  // program that knew where the bodies are would do at least).
  const nestedInputs: [string, string, DetectOptionsLike, () => void][] = [];
  {
    const text = escapedLog(10 * 1024 * 1024);
    const lines = text.split('\n').filter(Boolean);
    nestedInputs.push([
      'structured log, bodies as escaped strings',
      text,
      { languageId: 'log' },
      () => {
        for (const line of lines) {
          let record = JSON.parse(line);
          if (typeof record.event === 'string') record = JSON.parse(record.event);
          if (typeof record.body === 'string' && record.body.startsWith('{')) JSON.parse(record.body);
        }
      },
    ]);
  }
  {
    const text = har(10 * 1024 * 1024);
    nestedInputs.push([
      'HAR 1.2 export',
      text,
      { fileName: 'bench.har', languageId: 'json' },
      () => {
        const parsed = JSON.parse(text) as {
          log: { entries: { response: { content: { text?: string; encoding?: string } } }[] };
        };
        for (const entry of parsed.log.entries) {
          const content = entry.response.content;
          if (content.text && !content.encoding && content.text.startsWith('{')) JSON.parse(content.text);
        }
      },
    ]);
  }
  for (const [name, text, options, parseAll] of nestedInputs) {
    let findings = 0;
    const detection = time(() => (findings = detect(text, builtinCatalog, options).length));
    const parse = time(parseAll);
    const scan = time(() => scanAll(text), 5);
    console.log(
      `| ${name} | ${mb(text).toFixed(1)} MB | ${rate(text, detection)} | ${rate(text, parse)} (with nested bodies) | ${rate(text, scan)} | ${(parse / detection).toFixed(2)}× | ${findings} |`,
    );
  }

  // A 3,000-line TypeScript test file of mocks, read through tree-sitter: the first detection (the
  // grammar already loaded, as after the first source document) and a detection after a 1-character edit.
  const treeSitterBench = async () => {
    const syntax = new LazyTreeSitter(async (file) => readFileSync(join(root, 'dist/tree-sitter', file)));
    const loadStarted = performance.now();
    await syntax.load('typescript');
    const loadMs = performance.now() - loadStarted;
    const text = mockFile(3000);
    const options = { languageId: 'typescript', fileName: 'handlers.test.ts', syntax };
    const coldStarted = performance.now();
    const findings = detect(text, builtinCatalog, options).length;
    const cold = performance.now() - coldStarted;
    // First detection: the text parsed whole (the kept tree first replaced by an unrelated one). After
    // an edit: the same file with one character typed, parsed from the previous tree.
    const unseen = (fn: () => unknown) => {
      let best = Infinity;
      for (let i = 0; i < 13; i++) {
        syntax.withTree('', 'typescript', () => 0);
        const t = performance.now();
        fn();
        if (i >= 3) best = Math.min(best, performance.now() - t);
      }
      return best;
    };
    const first = unseen(() => detect(text, builtinCatalog, options));
    const at = text.indexOf("name: 'item 5'") + 6;
    const edited = `${text.slice(0, at)}x${text.slice(at)}`;
    const edits: number[] = [];
    for (let i = 0; i < 21; i++) {
      detect(text, builtinCatalog, options);
      const t = performance.now();
      detect(edited, builtinCatalog, options);
      edits.push(performance.now() - t);
    }
    edits.sort((a, b) => a - b);
    const afterEdit = edits[0] as number;
    const medianEdit = edits[10] as number;
    console.log(
      `\n3,000-line TypeScript mock file (${(text.length / 1024).toFixed(0)} KB, ${findings} findings): grammar load ${loadMs.toFixed(0)} ms; first detection ${cold.toFixed(1)} ms cold, ${first.toFixed(1)} ms warm; after a 1-character edit ${afterEdit.toFixed(1)} ms best, ${medianEdit.toFixed(1)} ms median (parsed incrementally from the previous tree; the literals and findings the edit cannot have touched kept, comparisons found again)`,
    );
  };

  // The CLI over the 16 MB file against a node process that only reads and JSON.parses it (after the
  // tree-sitter figures: a bundle cannot await at its top level).
  const benchCli = () => {
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
    console.log(
      `\napi-errors explain --json (16 MB): ${cli.toFixed(0)} ms; node read + JSON.parse: ${baseline.toFixed(0)} ms; ratio ${(cli / baseline).toFixed(2)}×`,
    );

    // Streaming: a big log (2% error lines) as jsonl to a file, against the baseline and grep -c; peak RSS
    // from GNU time. Runs alternate, best of three each, as the machine is shared.
    const streamIndex = process.argv.indexOf('--stream-mb');
    const streamMb = streamIndex >= 0 ? Number(process.argv[streamIndex + 1]) : 640;
    const bigLog = join(out, 'stream.log');
    execFileSync(process.execPath, [join(root, 'scripts/bench-log.mjs'), bigLog, String(streamMb)]);
    const measure = (command: string, args: string[]): { ms: number; rssMb: number } => {
      const t = performance.now();
      const run = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 1 << 20,
        encoding: 'utf8',
      });
      const ms = performance.now() - t;
      const rssKb = Number(run.stderr.trim().split('\n').pop());
      return { ms, rssMb: rssKb / 1024 };
    };
    const jsonlOut = join(out, 'stream.jsonl');
    const shell = (script: string) => ['-c', script];
    const best = {
      cli: { ms: Infinity, rssMb: 0 },
      baseline: { ms: Infinity, rssMb: 0 },
      grep: { ms: Infinity, rssMb: 0 },
    };
    for (let i = 0; i < 3; i++) {
      const cli = measure(
        'sh',
        shell(
          `${JSON.stringify(process.execPath)} ${JSON.stringify(join(root, 'dist/cli.js'))} explain --format jsonl ${JSON.stringify(bigLog)} > ${JSON.stringify(jsonlOut)}`,
        ),
      );
      const baseline = measure(process.execPath, [
        join(root, 'scripts/bench-baseline.mjs'),
        bigLog,
        join(out, 'baseline.jsonl'),
      ]);
      // To a file, not /dev/null: GNU grep stops at the first match when its output is /dev/null.
      const grep = measure('sh', shell(`grep -c '"error"' ${JSON.stringify(bigLog)} > ${JSON.stringify(join(out, 'grep.count'))}`));
      for (const [name, m] of [
        ['cli', cli],
        ['baseline', baseline],
        ['grep', grep],
      ] as const) {
        if (m.ms < best[name].ms) best[name].ms = m.ms;
        best[name].rssMb = Math.max(best[name].rssMb, m.rssMb);
      }
    }
    const findings = Number(execFileSync('wc', ['-l', jsonlOut], { encoding: 'utf8' }).trim().split(' ')[0]);
    const size = statSync(bigLog).size / 1024 / 1024;
    console.log(
      `\n${size.toFixed(0)} MB log, 2% error lines, --format jsonl to a file (best of 3; peak RSS the highest of 3):`,
    );
    console.log(
      `  api-errors explain: ${(best.cli.ms / 1000).toFixed(2)} s, peak RSS ${best.cli.rssMb.toFixed(0)} MB, ${findings} findings`,
    );
    console.log(
      `  node split + JSON.parse + write (scripts/bench-baseline.mjs): ${(best.baseline.ms / 1000).toFixed(2)} s, peak RSS ${best.baseline.rssMb.toFixed(0)} MB`,
    );
    console.log(`  grep -c: ${(best.grep.ms / 1000).toFixed(2)} s`);
    console.log(
      `  ratio to the baseline ${(best.cli.ms / best.baseline.ms).toFixed(2)}× (goal ≤ 1.0×), to grep -c ${(best.cli.ms / best.grep.ms).toFixed(1)}×`,
    );
    rmSync(bigLog);
    rmSync(jsonlOut);
    rmSync(join(out, 'baseline.jsonl'));

    // A directory of 100 000 small files (one in ten with an error line).
    const tree = join(out, 'tree');
    rmSync(tree, { recursive: true, force: true });
    for (let d = 0; d < 100; d++) {
      mkdirSync(join(tree, `d${d}`), { recursive: true });
      for (let f = 0; f < 1000; f++) {
        const line =
          f % 10 === 0
            ? '2026-11-02T10:00:00Z ERROR POST https://api.kynasmith.dev/v1/x -> 429 {"error":{"code":"rate_limited","message":"Slow down"}}\n'
            : '2026-11-02T10:00:00Z INFO GET /health -> 200 {"ok":true}\n';
        writeFileSync(join(tree, `d${d}`, `f${f}.log`), line);
      }
    }
    const treeRun = measure(
      'sh',
      shell(
        `${JSON.stringify(process.execPath)} ${JSON.stringify(join(root, 'dist/cli.js'))} explain --format jsonl ${JSON.stringify(tree)} | wc -l > ${JSON.stringify(join(out, 'tree.count'))}`,
      ),
    );
    const treeFindings = Number(readFileSync(join(out, 'tree.count'), 'utf8').trim());
    console.log(
      `\n${readdirSync(tree).length * 1000} small files in 100 directories: ${(treeRun.ms / 1000).toFixed(2)} s, peak RSS ${treeRun.rssMb.toFixed(0)} MB, ${treeFindings} findings (10 000 expected)`,
    );
    rmSync(tree, { recursive: true, force: true });
  };

  await treeSitterBench();
  benchCli();
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
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const published = new Map<
    string,
    (params: { diagnostics: { range: { start: { line: number; character: number } } }[] }) => void
  >();
  connection.onNotification(
    'textDocument/publishDiagnostics',
    (params: { uri: string; diagnostics: never[] }) => published.get(params.uri)?.(params),
  );
  connection.listen();
  // As the in-editor bench: the limit raised to 50 MB (the generated "10 MB" log is 90 bytes over 10 MiB).
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    initializationOptions: { settings: { maxFileSizeMB: 50 } },
  });
  await connection.sendNotification('initialized', {});
  await new Promise((r) => setTimeout(r, 500));
  const idle = residentMb(child.pid!);

  const uri = 'file:///bench/service.log';
  const text = log(10 * 1024 * 1024);
  const diagnostics = new Promise<{
    diagnostics: { range: { start: { line: number; character: number } } }[];
  }>((r) => published.set(uri, r));
  const opened = performance.now();
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'log', version: 1, text },
  });
  const { diagnostics: found } = await diagnostics;
  const toDiagnostics = performance.now() - opened;
  const withLog = residentMb(child.pid!);

  const samples: number[] = [];
  for (let i = 0; i < 500; i++) {
    const at = found[Math.floor((i * found.length) / 500)]!.range.start;
    const t = performance.now();
    await connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: at.line, character: at.character + 1 },
    });
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);

  // What a VS Code client of this server would pay before any detection: the text crossing the pipe.
  const big = log(49 * 1024 * 1024);
  const bigUri = 'file:///bench/big.log';
  const bigDiagnostics = new Promise((r) => published.set(bigUri, r));
  const t = performance.now();
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: bigUri, languageId: 'log', version: 1, text: big },
  });
  await connection.sendRequest('textDocument/hover', {
    textDocument: { uri: 'file:///bench/none.log' },
    position: { line: 0, character: 0 },
  });
  const transfer = performance.now() - t;
  await bigDiagnostics;
  const bigMs = performance.now() - t;
  const pct = (p: number) =>
    samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))]!.toFixed(2);
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
  console.log(
    `\nlanguage server (dist/lsp.js, through the protocol): idle ${idle?.toFixed(0) ?? '?'} MB resident after initialize;`,
  );
  console.log(
    `  10 MB log: ${found.length} diagnostics ${toDiagnostics.toFixed(0)} ms after didOpen (${withLog?.toFixed(0) ?? '?'} MB resident with it open);`,
  );
  console.log(`  hover on its findings (500 requests, round trip): p50 ${pct(50)} ms, p99 ${pct(99)} ms`);
  console.log(
    `  49 MB log: didOpen sent and read by the server ${transfer.toFixed(0)} ms (the cost of the text crossing the pipe), its diagnostics ${bigMs.toFixed(0)} ms after didOpen`,
  );
}

/** The built MCP server as a client runs it: start to first tools/list, lookup latency, explain of a 1 MB log, idle memory. */
async function benchMcp(): Promise<void> {
  const cli = join(root, 'dist/cli.js');
  // CPU time of the server process (user + system, from /proc): unlike wall time, not inflated
  // when the machine is shared.
  const cpuMs = (pid: number | null) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime in 1/100 s
  };
  const connect = async () => {
    const client = new Client({ name: 'bench', version: '1' });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [cli, 'mcp', '--no-discover'],
      cwd: out,
      stderr: 'ignore',
    });
    const started = performance.now();
    await client.connect(transport);
    await client.listTools();
    return { client, transport, startMs: performance.now() - started, startCpuMs: cpuMs(transport.pid) };
  };
  const starts: number[] = [];
  const startCpus: number[] = [];
  for (let i = 0; i < 5; i++) {
    const { client, startMs, startCpuMs } = await connect();
    starts.push(startMs);
    startCpus.push(startCpuMs);
    await client.close();
  }
  const { client, transport } = await connect();
  const queries = [
    'rate_limited',
    '429',
    'token expired',
    'SESSION_NOT_FOUND',
    'knouds 402',
    'grant_exhausted',
    'Agent not found',
    'quota',
  ];
  const latencies: number[] = [];
  let lookupCpu = 0;
  for (let i = 0; i < 1100; i++) {
    if (i === 100) lookupCpu = cpuMs(transport.pid);
    const t = performance.now();
    await client.callTool({ name: 'lookup', arguments: { query: queries[i % queries.length] as string } });
    if (i >= 100) latencies.push(performance.now() - t); // the first 100 warm up
  }
  lookupCpu = (cpuMs(transport.pid) - lookupCpu) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number).toFixed(2);
  const logText = log(1024 * 1024);
  writeFileSync(join(out, 'mcp-1mb.log'), logText);
  const explainBy = async (args: Record<string, unknown>) => {
    let best = Infinity;
    let findings = 0;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const result = await client.callTool({ name: 'explain', arguments: args });
      best = Math.min(best, performance.now() - t);
      findings = (result.structuredContent as { findings: number }).findings;
    }
    return { best, findings };
  };
  const byText = await explainBy({ text: logText, fileName: 'mcp-1mb.log' });
  const byPath = await explainBy({ path: 'mcp-1mb.log' });
  // Idle: a pause after the work, then the server's resident memory as the kernel counts it.
  await new Promise((r) => setTimeout(r, 2000));
  const rss = (pid: number | null) =>
    Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
  const afterWork = rss(transport.pid);
  await client.close();
  const fresh = await connect();
  await new Promise((r) => setTimeout(r, 2000));
  const idle = rss(fresh.transport.pid);
  await fresh.client.close();
  starts.sort((a, b) => a - b);
  startCpus.sort((a, b) => a - b);
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  console.log(`\n| MCP server (api-errors mcp, stdio, SDK client; load average ${load}) | |`);
  console.log('|---|---|');
  console.log(
    `| start to first tools/list answer (5 starts) | median ${(starts[2] as number).toFixed(0)} ms, best ${(starts[0] as number).toFixed(0)} ms; server CPU median ${(startCpus[2] as number).toFixed(0)} ms |`,
  );
  console.log(
    `| lookup through the protocol (1000 calls) | p50 ${at(0.5)} ms, p99 ${at(0.99)} ms; server CPU ${lookupCpu.toFixed(2)} ms a call |`,
  );
  console.log(`| explain, 1 MB log as text (${byText.findings} findings) | ${byText.best.toFixed(0)} ms |`);
  console.log(`| explain, 1 MB log by path | ${byPath.best.toFixed(0)} ms |`);
  console.log(
    `| resident memory: idle after start / after this bench | ${idle.toFixed(0)} MB / ${afterWork.toFixed(0)} MB |`,
  );
}

// `--lsp` and `--mcp`: that server only. (A bundle cannot await at its top level: a chain instead.)
const only = process.argv.includes('--lsp') ? 'lsp' : process.argv.includes('--mcp') ? 'mcp' : undefined;
const detectionDone = only ? Promise.resolve() : (benchDetection(), benchReadersAndCli());
void detectionDone
  .then(() => (only !== 'mcp' ? benchLanguageServer() : undefined))
  .then(() => (only !== 'lsp' ? benchMcp() : undefined))
  .then(() => process.exit(0));
