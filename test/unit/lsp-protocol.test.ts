import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { findingCard } from '../../src/core/card';
import { cardToMarkdown } from '../../src/core/cardMarkdown';
import { builtinCatalog } from '../../src/core/catalog';
import { detect } from '../../src/core/detect';
import { diagnosticText } from '../../src/core/quickFixes';
import { runBuiltCli } from './helpers/cli';
import { type ServerUnderTest, applyEdits, cliPath, frame, root, startBuiltServer } from './helpers/lsp';

// The server as editors run it: the built bundle, a separate process, framed JSON-RPC on stdio.

const workspace = resolve(root, 'test/fixtures/workspace');
const uriOf = (name: string) => pathToFileURL(resolve(workspace, name)).href;
const rateLimited = readFileSync(resolve(workspace, 'kynasmith-429.json'), 'utf8');
const clientTs = readFileSync(resolve(workspace, 'client.ts'), 'utf8');

interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; severity: number; message: string; code: string; source: string }[];
}

const plainClient = { workspace: { configuration: false }, textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } } };

async function initialized(server: ServerUnderTest, capabilities: object = plainClient, initializationOptions: object = {}, folder = workspace) {
  const result = await server.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(folder).href,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'workspace' }],
    capabilities,
    initializationOptions,
    locale: 'en-US',
  });
  await server.connection.sendNotification('initialized', {});
  return result;
}

function open(server: ServerUnderTest, uri: string, languageId: string, text: string, version = 1) {
  return server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
}

const diagnosticsFor = (server: ServerUnderTest, uri: string, version?: number) =>
  server.next<PublishedDiagnostics>('textDocument/publishDiagnostics', (p) => p.uri === uri && (version === undefined || p.version === version));

async function stop(server: ServerUnderTest): Promise<number | null> {
  await server.connection.sendRequest('shutdown');
  await server.connection.sendNotification('exit');
  const code = await server.exited;
  server.connection.dispose();
  return code;
}

describe('language server: the protocol, through the built bundle', { timeout: 120_000 }, () => {
  let server: ServerUnderTest;
  before(async () => {
    server = startBuiltServer();
    await initialized(server);
  });
  after(async () => {
    assert.equal(await stop(server), 0, `the server exits cleanly on shutdown + exit\n${server.stderr()}`);
  });

  it('initialize: the whole reply', async () => {
    const other = startBuiltServer();
    const result = await initialized(other);
    assert.deepEqual(result, {
      capabilities: {
        textDocumentSync: { openClose: true, change: 2 },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        executeCommandProvider: { commands: ['apiErrors.lookup', 'apiErrors.handler'] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'api-errors-lsp' },
    });
    assert.equal(await stop(other), 0);
  });

  it('didOpen: diagnostics are pushed, the same words as in VS Code', async () => {
    const uri = uriOf('kynasmith-429.json');
    const published = diagnosticsFor(server, uri);
    await open(server, uri, 'json', rateLimited);
    const [finding] = detect(rateLimited, builtinCatalog, { languageId: 'json' });
    assert.ok(finding);
    const text = diagnosticText(finding, builtinCatalog);
    assert.deepEqual(await published, {
      uri,
      version: 1,
      diagnostics: [
        {
          range: { start: { line: 2, character: 12 }, end: { line: 2, character: 26 } },
          severity: 3,
          source: 'API Errors',
          message: 'Kynasmith · rate_limited · 429 Too Many Requests · retryable — retry after Retry-After',
          code: 'rate_limited',
          codeDescription: { href: text.docs },
        },
      ],
    });
  });

  it('hover: the card as Markdown over the code’s range, the same as the core renders it', async () => {
    const uri = uriOf('kynasmith-429.json');
    const reply = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 16 } });
    const [finding] = detect(rateLimited, builtinCatalog, { languageId: 'json' });
    assert.ok(finding);
    assert.deepEqual(reply, {
      contents: { kind: 'markdown', value: cardToMarkdown(findingCard(finding, builtinCatalog, { now: Date.now(), locale: 'en-US' })) },
      range: { start: { line: 2, character: 12 }, end: { line: 2, character: 26 } },
    });
    assert.equal(await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }), null, 'no hover away from findings');
    assert.equal(await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///never/opened.json' }, position: { line: 0, character: 0 } }), null);
  });

  it('didChange (incremental): findings follow edits of a log exactly as a fresh scan finds them', async () => {
    const uri = 'file:///tmp/lsp-protocol/service.log';
    const first = `2026-11-02T14:33:08Z INFO started\n2026-11-02T14:33:09Z ERROR knouds 402 {"error": "Your account does not have enough credits.", "code": "INSUFFICIENT_CREDITS"}\n`;
    const opened = diagnosticsFor(server, uri, 1);
    await open(server, uri, 'log', first);
    assert.equal((await opened).diagnostics.length, 1);
    const added = `2026-11-02T14:33:10Z ERROR kynasmith 429 {"error": {"code": "rate_limited", "message": "Too many requests.", "retryable": true}}\n`;
    const lines = first.split('\n').length - 1;
    const changed = diagnosticsFor(server, uri, 3);
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: lines, character: 0 }, end: { line: lines, character: 0 } }, text: added }],
    });
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: { line: 0, character: 21 }, end: { line: 0, character: 25 } }, text: 'WARN' }],
    });
    const incremental = await changed;
    const fresh = 'file:///tmp/lsp-protocol/fresh.log';
    const scanned = diagnosticsFor(server, fresh, 1);
    await open(server, fresh, 'log', `${first.replace('INFO', 'WARN')}${added}`);
    assert.deepEqual(incremental.diagnostics, (await scanned).diagnostics);
    assert.deepEqual(incremental.diagnostics.map((d) => d.code), ['INSUFFICIENT_CREDITS', 'rate_limited']);
  });

  it('didClose: the diagnostics are cleared', async () => {
    const uri = 'file:///tmp/lsp-protocol/fresh.log';
    const cleared = diagnosticsFor(server, uri);
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual(await cleared, { uri, diagnostics: [] });
  });

  it('codeAction: quick fixes insert the handler after the statement, as plain text for a client without snippets', async () => {
    const uri = uriOf('client.ts');
    await open(server, uri, 'typescript', clientTs);
    const line = clientTs.split('\n').findIndex((l) => l.includes("'grant_exhausted'"));
    const character = clientTs.split('\n')[line]!.indexOf("'grant_exhausted'") + 2;
    const actions = (await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line, character }, end: { line, character } },
      context: { diagnostics: [] },
    })) as { title: string; kind: string; isPreferred: boolean; edit: { changes: Record<string, { range: never; newText: string }[]> } }[];
    // The full handler would declare KnoudsErrorBody a second time (the file would stop compiling): not offered here.
    assert.deepEqual(actions.map((a) => [a.title, a.kind, a.isPreferred]), [['Insert Knouds handling for grant_exhausted', 'quickfix', true]]);
    const edits = actions[0]!.edit.changes[uri]!;
    assert.equal(edits.length, 1);
    const after = applyEdits(clientTs, edits);
    assert.match(after, /if \(err\.code === 'grant_exhausted'\) \{\n[\s\S]*?function \w+/);
    assert.doesNotMatch(edits[0]!.newText, /\$\{\d/, 'no snippet placeholders for a client that cannot expand them');

    const small = 'file:///tmp/lsp-protocol/small.ts';
    const text = "const body = await response.json();\nif (body.code === 'grant_exhausted') throw new Error('upgrade');\n";
    await open(server, small, 'typescript', text);
    const both = (await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: small },
      range: { start: { line: 1, character: 20 }, end: { line: 1, character: 20 } },
      context: { diagnostics: [] },
    })) as { title: string; isPreferred: boolean; edit: { changes: Record<string, { range: never; newText: string }[]> } }[];
    assert.deepEqual(both.map((a) => [a.title, a.isPreferred]), [['Insert Knouds handling for grant_exhausted', true], ['Insert full Knouds error handler', false]]);
    assert.match(applyEdits(text, both[1]!.edit.changes[small]!), /^const body = [^\n]*\nif \(body\.code === 'grant_exhausted'\)[^\n]*\n\n\/\/ Knouds API: callKnouds\(\)/, 'the full handler goes after the top-level statement, a blank line first');
  });

  it('source through tree-sitter: an msw mock gets its diagnostic once the grammar is loaded, and its fix goes to module level in a test file', async () => {
    const uri = uriOf('containers/mocks.test.ts');
    const text = readFileSync(resolve(workspace, 'containers/mocks.test.ts'), 'utf8');
    const withMock = server.next<PublishedDiagnostics>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.some((d) => d.message.includes('ORG_NOT_VERIFIED_LIMIT_EXCEEDED')));
    await open(server, uri, 'typescript', text);
    const published = await withMock;
    const lines = text.split('\n');
    const diagnostic = published.diagnostics.find((d) => d.message.includes('ORG_NOT_VERIFIED_LIMIT_EXCEEDED'))!;
    assert.equal(lines[diagnostic.range.start.line]!.slice(diagnostic.range.start.character, diagnostic.range.end.character), "'ORG_NOT_VERIFIED_LIMIT_EXCEEDED'");
    const line = lines.findIndex((l) => l.includes("'SCOPE_DENIED'"));
    const character = lines[line]!.indexOf("'SCOPE_DENIED'") + 2;
    const actions = (await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line, character }, end: { line, character } },
      context: { diagnostics: [] },
    })) as { title: string; edit: { changes: Record<string, { range: { start: { line: number; character: number } }; newText: string }[]> } }[];
    assert.equal(actions[0]?.title, 'Insert Knouds handling for SCOPE_DENIED');
    const [edit] = actions[0]!.edit.changes[uri]!;
    // After the whole describe(…) the mock is in, at column 0: a test file's handlers go to module level.
    const describeEnd = text.indexOf('\n});\n', text.indexOf('SCOPE_DENIED')) + '\n});'.length;
    const before = text.slice(0, describeEnd).split('\n');
    assert.deepEqual(edit!.range.start, { line: before.length - 1, character: before[before.length - 1]!.length });
    assert.match(edit!.newText, /^\n(?:\S|$)/m);
  });

  it('codeAction in Go: the handler and the imports it lacks in one edit, one package clause, after the function', async () => {
    const uri = uriOf('client.go');
    const text = readFileSync(resolve(workspace, 'client.go'), 'utf8');
    await open(server, uri, 'go', text);
    const line = text.split('\n').findIndex((l) => l.includes('"ORGANIZATION_FROZEN"'));
    const character = text.split('\n')[line]!.indexOf('"ORGANIZATION_FROZEN"') + 2;
    const actions = (await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line, character }, end: { line, character } },
      context: { diagnostics: [] },
    })) as { title: string; edit: { changes: Record<string, { range: never; newText: string }[]> } }[];
    assert.deepEqual(actions.map((a) => a.title), ['Insert Kayle ID handling for ORGANIZATION_FROZEN', 'Insert full Kayle ID error handler']);
    const edits = actions[0]!.edit.changes[uri]!;
    assert.equal(edits.length, 2, 'the imports and the handler');
    const after = applyEdits(text, edits);
    assert.equal(after.match(/^package /gm)?.length, 1);
    assert.equal(after.match(/^import /gm)?.length, 1);
    for (const path of ['errors', 'fmt', 'net/http', 'sync', 'time']) assert.equal(after.match(new RegExp(`^\\t"${path}"$`, 'gm'))?.length, 1, path);
    const handler = after.indexOf('func CallKayle(');
    assert.ok(handler > after.indexOf('\treturn err\n}\n') && handler < after.indexOf('// Lookup reads a session'), 'between the two functions');
  });

  it('codeAction: snippet text edits for a client that supports them', async () => {
    const other = startBuiltServer();
    await initialized(other, { ...plainClient, workspace: { workspaceEdit: { documentChanges: true, snippetEditSupport: true } } });
    const uri = uriOf('client.ts');
    await open(other, uri, 'typescript', clientTs);
    const line = clientTs.split('\n').findIndex((l) => l.includes("'grant_exhausted'"));
    const actions = (await other.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line, character: 20 }, end: { line, character: 20 } },
      context: { diagnostics: [] },
    })) as { edit: { documentChanges: { textDocument: { uri: string; version: number }; edits: { snippet: { kind: string; value: string } }[] }[] } }[];
    const change = actions[0]!.edit.documentChanges[0]!;
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    assert.equal(change.edits[0]!.snippet.kind, 'snippet');
    assert.match(change.edits[0]!.snippet.value, /\$\{1:\w+\}/, 'the function name is a tab stop');
    assert.equal(await stop(other), 0);
  });

  it('executeCommand: lookup and handler; a wrong command or argument is a protocol error', async () => {
    const found = (await server.connection.sendRequest('workspace/executeCommand', { command: 'apiErrors.lookup', arguments: [{ query: 'rate_limited' }] })) as { entries: { provider: string; code: string }[]; markdown: string };
    assert.deepEqual(found.entries[0] && [found.entries[0].provider, found.entries[0].code], ['kynasmith', 'rate_limited']);
    assert.match(found.markdown, /^\*\*Kynasmith · rate_limited · 429 Too Many Requests · retryable\*\*/);
    const handler = (await server.connection.sendRequest('workspace/executeCommand', { command: 'apiErrors.handler', arguments: [{ provider: 'kakunin', language: 'python' }] })) as { language: string; text: string };
    assert.equal(handler.language, 'python');
    assert.match(handler.text, /^(?:import|from) /m);
    for (const [command, args] of [['apiErrors.nothing', []], ['apiErrors.lookup', []], ['apiErrors.handler', [{ provider: 'nobody' }]]] as const) {
      await assert.rejects(server.connection.sendRequest('workspace/executeCommand', { command, arguments: args }), (error: ResponseError<unknown>) => error.code === -32602, command);
    }
  });

  it('cancellation: a cancelled hover on a big log answers RequestCancelled', async () => {
    const uri = 'file:///tmp/lsp-protocol/big.log';
    const line = `2026-11-02T14:33:09Z ERROR knouds 402 {"error": "Your account does not have enough credits.", "code": "INSUFFICIENT_CREDITS"}\n`;
    await open(server, uri, 'log', line.repeat(Math.ceil((4 * 1024 * 1024) / line.length)));
    const source = new CancellationTokenSource();
    const hover = server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 60 } }, source.token);
    source.cancel();
    await assert.rejects(hover, (error: ResponseError<unknown>) => error.code === -32800);
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('malformed messages: protocol errors, and the server stays up', async () => {
    // Bad JSON in a well-framed message, a message that is not JSON-RPC, a request without a method.
    server.raw(frame('{"jsonrpc": "2.0", "id": 99, "method": '));
    server.raw(frame('{"hello": "world"}'));
    server.raw(frame('[1, 2, 3]'));
    await assert.rejects(server.connection.sendRequest('textDocument/unknownThing', {}), (error: ResponseError<unknown>) => error.code === -32601);
    await server.connection.sendNotification('$/unknownNotification', {});
    // Requests whose params are not what the method takes.
    await assert.rejects(server.connection.sendRequest('textDocument/hover', { textDocument: null, position: 'here' }), (error: ResponseError<unknown>) => error.code === -32602);
    await assert.rejects(server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: 'file:///x.ts' } }), (error: ResponseError<unknown>) => error.code === -32602);
    await assert.rejects(server.connection.sendRequest('textDocument/hover'), (error: ResponseError<unknown>) => error.code === -32602);
    const uri = uriOf('kynasmith-429.json');
    const reply = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 16 } })) as { contents: { value: string } };
    assert.match(reply.contents.value, /rate_limited/, 'still answering');
  });

  it('a 50 MB didOpen: not scanned (over apiErrors.maxFileSizeMB), said once, and the server answers on', async () => {
    const uri = 'file:///tmp/lsp-protocol/huge.log';
    const said = server.next<{ type: number; message: string }>('window/showMessage', (p) => p.message.includes('huge.log'));
    const published = diagnosticsFor(server, uri);
    const line = `{"error": {"code": "rate_limited", "message": "Too many requests.", "retryable": true}}\n`;
    await open(server, uri, 'log', line.repeat(Math.ceil((50 * 1024 * 1024) / line.length)));
    assert.match((await said).message, /huge\.log is 50\.0 MB, over apiErrors\.maxFileSizeMB \(10 MB\): not scanned\./);
    assert.deepEqual((await published).diagnostics, []);
    assert.equal(await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 20 } }), null);
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.equal(server.child.exitCode, null, 'still running');
  });
});

describe('language server: settings through workspace/configuration, pull diagnostics, custom catalogs', { timeout: 60_000 }, () => {
  it('workspace/configuration: the severity and the switch of the extension’s settings', async () => {
    const server = startBuiltServer([cliPath, 'lsp', '--stdio']);
    let settings: object = { diagnostics: { severity: 'error' } };
    const asked: unknown[] = [];
    server.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => {
      asked.push(...params.items);
      return params.items.map(() => settings);
    });
    server.connection.onRequest('client/registerCapability', () => null);
    await initialized(server, { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } });
    const uri = uriOf('kynasmith-429.json');
    const first = diagnosticsFor(server, uri);
    await open(server, uri, 'json', rateLimited);
    assert.deepEqual((await first).diagnostics.map((d) => d.severity), [1]);
    assert.ok(asked.some((item) => (item as { section?: string; scopeUri?: string }).section === 'apiErrors' && (item as { scopeUri?: string }).scopeUri === uri), JSON.stringify(asked));
    settings = { 'diagnostics.enabled': false };
    const second = diagnosticsFor(server, uri);
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual((await second).diagnostics, []);
    assert.equal(await stop(server), 0);
  });

  it('pull diagnostics where the client supports them (and no pushes then)', async () => {
    const server = startBuiltServer();
    const result = (await initialized(server, { ...plainClient, textDocument: { diagnostic: {} } })) as { capabilities: { diagnosticProvider?: object } };
    assert.deepEqual(result.capabilities.diagnosticProvider, { identifier: 'apiErrors', interFileDependencies: false, workspaceDiagnostics: false });
    const uri = uriOf('kynasmith-429.json');
    await open(server, uri, 'json', rateLimited);
    const report = (await server.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { kind: string; items: { code: string }[] };
    assert.deepEqual([report.kind, report.items.map((d) => d.code)], ['full', ['rate_limited']]);
    assert.equal(server.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics').length, 0);
    assert.equal(await stop(server), 0);
  });

  it('custom catalogs from the workspace folders, only when the client says the workspace is trusted', async () => {
    const folder = resolve(root, 'test/fixtures/catalogs');
    const body = readFileSync(resolve(folder, 'acme-declined.json'), 'utf8');
    const uri = pathToFileURL(resolve(folder, 'acme-declined.json')).href;
    const codesWith = async (initializationOptions: object) => {
      const server = startBuiltServer();
      await initialized(server, plainClient, initializationOptions, folder);
      // The catalog loads after `initialized`: wait for the diagnostics that follow it.
      const published = server.next<PublishedDiagnostics>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length > 0);
      await open(server, uri, 'json', body);
      const codes = await Promise.race([published.then((p) => p.diagnostics.map((d) => d.code)), new Promise<string[]>((r) => setTimeout(() => r([]), 3000))]);
      assert.equal(await stop(server), 0);
      return codes;
    };
    assert.deepEqual(await codesWith({}), [], 'an untrusted workspace: built-in catalogs only');
    assert.deepEqual(await codesWith({ workspaceTrusted: true }), ['CARD_DECLINED']);
  });

  it('a catalog added on disk takes effect when the client reports the change (trusted workspace)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'api-errors-lsp-'));
    try {
      const server = startBuiltServer();
      const registered: unknown[] = [];
      server.connection.onRequest('client/registerCapability', (params: { registrations: { method: string }[] }) => {
        registered.push(...params.registrations.map((r) => r.method));
        return null;
      });
      await initialized(server, { ...plainClient, workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } }, { workspaceTrusted: true }, folder);
      const body = readFileSync(resolve(root, 'test/fixtures/catalogs/acme-declined.json'), 'utf8');
      const uri = pathToFileURL(join(folder, 'acme-declined.json')).href;
      const before = diagnosticsFor(server, uri);
      await open(server, uri, 'json', body);
      assert.deepEqual((await before).diagnostics, [], 'no catalog yet');
      assert.ok(registered.includes('workspace/didChangeWatchedFiles'), JSON.stringify(registered));
      copyFileSync(resolve(root, 'test/fixtures/catalogs/acme.api-errors.json'), join(folder, 'acme.api-errors.json'));
      const after = server.next<PublishedDiagnostics>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length > 0);
      await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(folder, 'acme.api-errors.json')).href, type: 1 }] });
      assert.deepEqual((await after).diagnostics.map((d) => d.code), ['CARD_DECLINED']);
      assert.equal(await stop(server), 0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('api-errors lsp', () => {
  it('speaks over stdio only: anything else is a usage error (exit 2); it ends when stdin closes', async () => {
    const wrong = await runBuiltCli(['lsp']);
    assert.deepEqual([wrong.code, wrong.stdout, wrong.stderr], [2, '', "api-errors: lsp speaks over stdio only: api-errors lsp --stdio\nRun 'api-errors --help' for usage.\n"]);
    const closed = await runBuiltCli(['lsp', '--stdio']);
    assert.deepEqual([closed.code, closed.stdout], [0, ''], 'stdout stays the protocol’s: nothing else is written to it');
  });
});
