// npm run bench: detection throughput against JSON.parse and jsonc-parser's scanner over the same
// text, plus `api-errors explain` against a node process that only reads and JSON.parses the file,
// and the MCP server (`api-errors mcp`) through the protocol. `npm run bench -- --mcp` runs only the
// MCP part; `npm run bench -- --fuzz 100000` runs the long fuzz campaign.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { join, resolve } from 'node:path';
import { createScanner } from 'jsonc-parser';
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
    const transport = new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', '--no-discover'], cwd: out, stderr: 'ignore' });
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
  const queries = ['rate_limited', '429', 'token expired', 'SESSION_NOT_FOUND', 'knouds 402', 'grant_exhausted', 'Agent not found', 'quota'];
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
  const at = (q: number) => (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number).toFixed(2);
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
  const rss = (pid: number | null) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
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
  console.log(`| start to first tools/list answer (5 starts) | median ${(starts[2] as number).toFixed(0)} ms, best ${(starts[0] as number).toFixed(0)} ms; server CPU median ${(startCpus[2] as number).toFixed(0)} ms |`);
  console.log(`| lookup through the protocol (1000 calls) | p50 ${at(0.5)} ms, p99 ${at(0.99)} ms; server CPU ${lookupCpu.toFixed(2)} ms a call |`);
  console.log(`| explain, 1 MB log as text (${byText.findings} findings) | ${byText.best.toFixed(0)} ms |`);
  console.log(`| explain, 1 MB log by path | ${byPath.best.toFixed(0)} ms |`);
  console.log(`| resident memory: idle after start / after this bench | ${idle.toFixed(0)} MB / ${afterWork.toFixed(0)} MB |`);
}

void (async () => {
  if (!process.argv.includes('--mcp')) benchDetection();
  await benchMcp();
  process.exit(0);
})();

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
