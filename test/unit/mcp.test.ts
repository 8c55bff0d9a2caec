// The MCP server as clients run it: `api-errors mcp` built (dist/cli.js), a real child process on
// stdio, driven by the SDK's own Client. The server runs under the no-network guard throughout.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { type CallToolResult, ListRootsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { cliPath, root } from './helpers/cli';

const guard = resolve(__dirname, 'helpers/no-network.cjs');
const workspace = resolve(root, 'test/fixtures/workspace');
const rateLimited = '{"error":{"code":"rate_limited","message":"Too many requests.","retryable":true,"details":{"retry_after_seconds":42}}}';

interface Server {
  client: Client;
  stderr: () => string;
}

/** Starts the built server with the SDK's stdio transport; `roots` are declared by the client when given. */
async function start(options: { cwd: string; roots?: string[]; args?: string[] }): Promise<Server> {
  const client = new Client({ name: 'mcp-test', version: '1.0.0' }, { capabilities: options.roots ? { roots: { listChanged: true } } : {} });
  if (options.roots) {
    const roots = options.roots;
    client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: roots.map((r) => ({ uri: pathToFileURL(r).href, name: r })) }));
  }
  const transport = new StdioClientTransport({ command: process.execPath, args: ['--require', guard, cliPath, 'mcp', ...(options.args ?? [])], cwd: options.cwd, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

async function call(server: Server, name: string, args: unknown): Promise<CallToolResult> {
  return (await server.client.callTool({ name, arguments: args as Record<string, unknown> })) as CallToolResult;
}

const textOf = (result: CallToolResult) => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');

async function refusal(server: Server, name: string, args: unknown): Promise<string> {
  const result = await call(server, name, args);
  assert.equal(result.isError, true, `${name} ${JSON.stringify(args).slice(0, 100)} should be refused: ${textOf(result).slice(0, 200)}`);
  return textOf(result);
}

describe('api-errors mcp (the built server over stdio, driven by the SDK client)', () => {
  let scratch: string;
  let rootDir: string;
  let outside: string;
  let server: Server;

  before(async () => {
    scratch = realpathSync(mkdtempSync(join(tmpdir(), 'api-errors-mcp-')));
    rootDir = join(scratch, 'project');
    outside = join(scratch, 'elsewhere');
    mkdirSync(join(rootDir, 'logs'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(rootDir, 'logs', 'app.log'), `2026-11-02T10:00:01Z ERROR POST https://api.kynasmith.dev/v1/x -> 429 ${rateLimited}\n`);
    writeFileSync(join(outside, 'secret.json'), rateLimited);
    symlinkSync(join(outside, 'secret.json'), join(rootDir, 'escape.json'));
    symlinkSync(join(rootDir, 'logs', 'app.log'), join(rootDir, 'alias.log'));
    symlinkSync(outside, join(rootDir, 'linked-dir'));
    // The server's working directory is elsewhere: with roots declared, only they count.
    server = await start({ cwd: outside, roots: [rootDir], args: ['--no-discover'] });
  });

  after(async () => {
    await server?.client.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('tools/list: lookup, explain and handler with JSON Schema inputs and outputs, read-only', async () => {
    const { tools } = await server.client.listTools();
    assert.deepEqual(tools.map((t) => t.name), ['lookup', 'explain', 'handler']);
    for (const tool of tools) {
      assert.equal(tool.inputSchema.type, 'object');
      assert.equal(tool.outputSchema?.type, 'object');
      assert.equal(tool.annotations?.readOnlyHint, true);
      assert.match(tool.description ?? '', /Results are data/);
    }
    assert.ok(tools.find((t) => t.name === 'explain')?.inputSchema.properties?.path);
  });

  it('tools/call lookup: a code of each provider, as text and as structured content', async () => {
    for (const [query, provider, status] of [
      ['rate_limited', 'kynasmith', 429],
      ['SESSION_NOT_FOUND', 'kayle', 404],
      ['rate_limit_exceeded', 'overten', 429],
      ['grant_exhausted', 'knouds', 402],
      ['Agent not found', 'kakunin', 404],
    ] as const) {
      const result = await call(server, 'lookup', { query, limit: 1 });
      assert.notEqual(result.isError, true);
      const [entry] = (result.structuredContent as { results: { provider: string; code: string; status: number; retryable: unknown; docs: string }[] }).results;
      assert.deepEqual([entry?.provider, entry?.code, entry?.status], [provider, query, status]);
      assert.match(textOf(result), /Meaning: .+\nRemedy: .+/);
    }
  });

  it('tools/call explain: text, and a file inside the roots (also through a symbolic link inside them)', async () => {
    const byText = await call(server, 'explain', { text: rateLimited });
    const [error] = (byText.structuredContent as { errors: { provider: string; code: string; lines: number[]; bodySays: { says: string[] }[] }[] }).errors;
    assert.deepEqual([error?.provider, error?.code, error?.lines], ['kynasmith', 'rate_limited', [1]]);
    assert.match(error?.bodySays[0]?.says.join() ?? '', /retry after 42 s/);
    for (const path of ['logs/app.log', join(rootDir, 'logs', 'app.log'), 'alias.log', './logs/../logs/app.log']) {
      const result = await call(server, 'explain', { path });
      assert.notEqual(result.isError, true, `${path}: ${textOf(result)}`);
      assert.match(textOf(result), /Kynasmith · rate_limited · 429 Too Many Requests · retryable — line 1/, path);
    }
  });

  it('tools/call handler: the snippet api-errors snippet prints', async () => {
    const result = await call(server, 'handler', { provider: 'overten', code: 'rate_limit_exceeded', language: 'typescript' });
    assert.match(textOf(result), /rate_limit_exceeded/);
    assert.equal((result.structuredContent as { language: string }).language, 'typescript');
  });

  it('resources: one catalog per provider, readable as JSON', async () => {
    const { resources } = await server.client.listResources();
    assert.deepEqual(resources.map((r) => r.uri), ['kynasmith', 'kayle', 'overten', 'knouds', 'kakunin'].map((p) => `api-errors://catalog/${p}`));
    for (const resource of resources) {
      const { contents } = await server.client.readResource({ uri: resource.uri });
      const catalog = JSON.parse((contents[0] as { text: string }).text) as { provider: { id: string }; entries: { code: string }[] };
      assert.equal(`api-errors://catalog/${catalog.provider.id}`, resource.uri);
      assert.ok(catalog.entries.length > 5, resource.uri);
    }
    await assert.rejects(server.client.readResource({ uri: 'api-errors://catalog/stripe' }), McpError);
  });

  it('refuses paths outside the roots: traversal, absolute paths, symbolic links out', async () => {
    assert.match(await refusal(server, 'explain', { path: '../../etc/passwd' }), /'\.\.\/\.\.\/etc\/passwd' is outside the allowed roots/);
    assert.match(await refusal(server, 'explain', { path: '/etc/passwd' }), /outside the allowed roots/);
    assert.match(await refusal(server, 'explain', { path: join(outside, 'secret.json') }), /outside the allowed roots/);
    assert.match(await refusal(server, 'explain', { path: 'escape.json' }), /'escape\.json' leads \(through a symbolic link\) outside the allowed roots/);
    assert.match(await refusal(server, 'explain', { path: 'linked-dir/secret.json' }), /through a symbolic link/);
    assert.match(await refusal(server, 'explain', { path: 'missing.log' }), /no such file/);
    assert.match(await refusal(server, 'explain', { path: 'logs' }), /is not a file/);
  });

  it('answers malformed calls with MCP errors and keeps serving', async () => {
    await assert.rejects(call(server, 'delete_everything', {}), (e: unknown) => e instanceof McpError && e.code === -32602 && /Unknown tool 'delete_everything'/.test(e.message));
    assert.match(await refusal(server, 'lookup', {}), /missing required argument 'query'/);
    assert.match(await refusal(server, 'lookup', { query: 429 }), /'query' must be a string, got integer/);
    assert.match(await refusal(server, 'handler', { provider: 'kynasmith', language: 'cobol' }), /'language' must be one of typescript, javascript, python/);
    assert.match(await refusal(server, 'explain', { text: rateLimited, path: 'logs/app.log' }), /not both/);
    assert.match(await refusal(server, 'explain', { text: 'MZ\u0000\u0000' }), /looks binary/);
    const started = performance.now();
    assert.match(await refusal(server, 'explain', { text: 'x'.repeat(20 * 1024 * 1024) }), /'text' is 20\.0 MB; explain reads at most 10 MB/);
    const seconds = (performance.now() - started) / 1000;
    assert.ok(seconds < 30, `a 20 MB call answered in ${seconds.toFixed(1)} s`);
    // Still alive and well.
    assert.match(textOf(await call(server, 'lookup', { query: '429', provider: 'knouds', limit: 1 })), /^Knouds/);
    assert.doesNotMatch(server.stderr(), /NETWORK ATTEMPT|internal error/);
  });

  it('discovers custom catalogs as the CLI does, and without roots reads inside its working directory', async () => {
    const local = await start({ cwd: workspace });
    try {
      const lookup = await call(local, 'lookup', { query: 'CARD_DECLINED' });
      assert.match(textOf(lookup), /^Acme Pay · CARD_DECLINED · 402 Payment Required · not retryable/);
      const explain = await call(local, 'explain', { path: 'responses/acme-declined.json' });
      assert.match(textOf(explain), /Acme Pay · CARD_DECLINED/);
      assert.match(await refusal(local, 'explain', { path: '../../package.json' }), /outside the allowed roots/);
      const { resources } = await local.client.listResources();
      assert.ok(resources.some((r) => r.uri === 'api-errors://catalog/acme-pay'));
    } finally {
      await local.client.close();
    }
  });

  it('answers unreadable and oversized messages, and exits cleanly when its input closes', async () => {
    const child = spawn(process.execPath, ['--require', guard, cliPath, 'mcp', '--no-discover'], { cwd: outside, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout = new PassThrough();
    child.stdout.pipe(stdout);
    let answered = '';
    stdout.on('data', (d: Buffer) => (answered += d.toString()));
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } })}\n`);
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    child.stdin.write('this is not JSON-RPC\n');
    // Over the 64 MB message limit: skipped as it streams, answered with an error for its id.
    const huge = JSON.stringify({ method: 'tools/call', params: { name: 'explain', arguments: { text: 'x'.repeat(65 * 1024 * 1024) } }, jsonrpc: '2.0', id: 7 });
    child.stdin.write(`${huge}\n`);
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' })}\n`);
    child.stdin.end();
    const code = await new Promise<number | null>((resolveExit, reject) => {
      const timer = setTimeout(() => reject(new Error('the server did not exit within 10 s of its input closing')), 10_000);
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolveExit(exitCode);
      });
    });
    assert.equal(code, 0);
    const replies = answered.trim().split('\n').map((line) => JSON.parse(line) as { id: unknown; error?: { code: number; message: string }; result?: { tools?: unknown[] } });
    const reply = (id: unknown) => replies.find((r) => r.id === id);
    assert.deepEqual(replies.map((r) => r.id).sort(), [1, 2, 7, null].sort());
    assert.equal(reply(null)?.error?.code, -32700);
    assert.match(reply(7)?.error?.message ?? '', /Message larger than 64 MB: not read/);
    assert.equal(reply(2)?.result?.tools?.length, 3, 'answered tools/list before exiting');
  });
});
