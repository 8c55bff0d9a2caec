import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, closeAll, compiles, hoverAt, open, ourDiagnostics, positionOf, waitFor, workspaceFile } from './helpers';

/** The hover at `needle` once it says `expected` (a source file's grammar loads on first use). */
async function hoverSaying(document: vscode.TextDocument, needle: string, expected: RegExp) {
  return waitFor(
    `a hover matching ${expected} at ${needle}`,
    async () => {
      const hover = await hoverAt(document, positionOf(document, needle, 3));
      return expected.test(hover.text) ? hover : undefined;
    },
    30_000,
  );
}

async function diagnosticOn(document: vscode.TextDocument, exactText: string): Promise<vscode.Diagnostic> {
  return waitFor(`a diagnostic on ${exactText}`, async () => (await ourDiagnostics(document.uri)).find((d) => document.getText(d.range) === exactText), 30_000);
}

async function actionsAt(document: vscode.TextDocument, needle: string): Promise<vscode.CodeAction[]> {
  const position = positionOf(document, needle, 2);
  return waitFor(`quick fixes at ${needle}`, async () => {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(position, position));
    const ours = actions.filter((a) => a.command?.command.startsWith('apiErrors.'));
    return ours.length ? ours : undefined;
  }, 30_000);
}

/** An untitled document named like a test file (never written to disk), holding a workspace fixture's text. */
async function untitledCopy(fixture: string, name: string): Promise<vscode.TextDocument> {
  return untitled(new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(fixture))), name);
}

/** An untitled document named like a test file, holding `text`. */
async function untitled(text: string, name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path: `/api-errors-test/${name}` }));
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, new vscode.Position(0, 0), text);
  await vscode.workspace.applyEdit(edit);
  await vscode.window.showTextDocument(document);
  return document;
}

suite('error bodies where they really are: escaped logs, HAR exports, test mocks', () => {
  // Source files wait for tree-sitter's first load; the machines running this suite are shared.
  suiteSetup(async function () {
    this.timeout(60_000);
    await activate();
  });

  teardown(async () => {
    await closeAll();
  });

  test('a code inside an escaped log body: hover and diagnostic on its own characters', async function () {
    this.timeout(60_000);
    const document = await open('containers/structured.log');
    const { text, hovers } = await hoverSaying(document, '\\"INSUFFICIENT_CREDITS\\"', /Knouds · INSUFFICIENT_CREDITS · 402/);
    assert.equal(document.getText(hovers[0]?.range), '\\"INSUFFICIENT_CREDITS\\"');
    assert.doesNotMatch(text, /acme-shop/);
    await diagnosticOn(document, '\\"INSUFFICIENT_CREDITS\\"');
    // The foreign host's generic conflict is nobody's error.
    const diagnostics = await ourDiagnostics(document.uri);
    assert.ok(!diagnostics.some((d) => document.getText(d.range).includes('conflict')));
  });

  test('a HAR entry: the exchange’s status and Retry-After on the card', async function () {
    this.timeout(60_000);
    const document = await open('containers/checkout.har');
    const { text } = await hoverSaying(document, '\\"ORG_NOT_VERIFIED_LIMIT_EXCEEDED\\"', /Kayle ID · ORG_NOT_VERIFIED_LIMIT_EXCEEDED · 429/);
    assert.match(text, /Retry-After: 30/);
    await diagnosticOn(document, '\\"ORG_NOT_VERIFIED_LIMIT_EXCEEDED\\"');
  });

  test('an msw mock in a TypeScript test: hover and diagnostic with the mock’s status', async function () {
    this.timeout(60_000);
    const document = await open('containers/mocks.test.ts');
    const { text } = await hoverSaying(document, "'ORG_NOT_VERIFIED_LIMIT_EXCEEDED'", /Kayle ID · ORG_NOT_VERIFIED_LIMIT_EXCEEDED · 429/);
    assert.match(text, /Retry-After: 2/);
    await diagnosticOn(document, "'ORG_NOT_VERIFIED_LIMIT_EXCEEDED'");
  });

  test('nock mocks: the reply’s headers and the call’s path reach the card; a null hint is not listed', async function () {
    this.timeout(60_000);
    const document = await untitled(
      [
        "nock('https://api.kakunin.ai').post('/v1/certify').reply(429, { error: 'Rate limit exceeded' }, { 'Retry-After': '9' });",
        "nock('https://api.kayle.id').get('/v1/sessions/x').reply(404, { data: null, error: { code: 'SESSION_NOT_FOUND', message: 'No such session', hint: null } });",
        '',
      ].join('\n'),
      'nock.test.ts',
    );
    // The card arrives after the diagnostic: wait for the card's own lines.
    await hoverSaying(document, "'Rate limit exceeded'", /Retry-After: 9/);
    const kayle = await hoverSaying(document, "'SESSION_NOT_FOUND'", /Check the session ID/);
    assert.doesNotMatch(kayle.text, /hint/);
  });

  test('typing in a TypeScript test file: the diagnostics follow the text, a new mock gets one, a removed one loses it', async function () {
    this.timeout(90_000);
    const document = await untitledCopy('containers/mocks.test.ts', 'typing.test.ts');
    await diagnosticOn(document, "'SCOPE_DENIED'");
    const codes = async () => (await ourDiagnostics(document.uri)).map((d) => document.getText(d.range)).sort();
    const before = await codes();
    // Above every mock: each one moves, and each diagnostic must still cover its code's characters.
    const typed = new vscode.WorkspaceEdit();
    typed.insert(document.uri, new vscode.Position(0, 0), '// a note typed at the top\n');
    await vscode.workspace.applyEdit(typed);
    await waitFor('the diagnostics moved with the text', async () => (JSON.stringify(await codes()) === JSON.stringify(before) && (await ourDiagnostics(document.uri)).every((d) => d.range.start.line > 0) ? true : undefined), 30_000);
    // A new mock at the end is read, and only it: the others keep their diagnostics.
    const mock = "\nnock('https://api.kayle.id').get('/v1/sessions/x').reply(410, { data: null, error: { code: 'ORGANIZATION_FROZEN', message: 'Frozen' } });\n";
    const added = new vscode.WorkspaceEdit();
    added.insert(document.uri, document.positionAt(document.getText().length), mock);
    await vscode.workspace.applyEdit(added);
    const frozen = await diagnosticOn(document, "'ORGANIZATION_FROZEN'");
    assert.match(frozen.message, /ORGANIZATION_FROZEN/);
    assert.deepEqual(await codes(), [...before, "'ORGANIZATION_FROZEN'"].sort());
    // Its `error` key renamed: no error body any more, so its diagnostic goes and the others stay.
    const renamed = new vscode.WorkspaceEdit();
    const at = document.getText().lastIndexOf('error: { code');
    renamed.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + 'error'.length)), 'result');
    await vscode.workspace.applyEdit(renamed);
    await waitFor('the renamed body’s diagnostic gone', async () => (JSON.stringify(await codes()) === JSON.stringify(before) ? true : undefined), 30_000);
  });

  test('quick fix in a TypeScript test file: the handler goes to module level, one undoable edit, and compiles', async function () {
    this.timeout(90_000);
    const document = await untitledCopy('containers/mocks.test.ts', 'knouds.test.ts');
    const original = document.getText();
    const [branch] = await actionsAt(document, "'SCOPE_DENIED'");
    assert.equal(branch?.title, 'Insert Knouds handling for SCOPE_DENIED');
    await vscode.commands.executeCommand(branch!.command!.command, ...(branch!.command!.arguments ?? []));
    const after = await waitFor('the inserted handler', () => (document.getText() !== original ? document.getText() : undefined));
    // After the whole describe(…) the mock is in, at column 0.
    const describeEnd = original.indexOf('\n});\n', original.indexOf('SCOPE_DENIED')) + '\n});'.length;
    assert.equal(after.slice(0, describeEnd), original.slice(0, describeEnd));
    assert.equal(after.slice(after.length - (original.length - describeEnd)), original.slice(describeEnd));
    const inserted = after.slice(describeEnd, after.length - (original.length - describeEnd));
    assert.match(inserted, /^\n(?:\S|$)/m, 'starts a module-level line');
    assert.match(inserted, /SCOPE_DENIED/);
    await compiles(inserted, 'typescript');
    await vscode.commands.executeCommand('undo');
    await waitFor('undo restores the text', () => (document.getText() === original ? true : undefined));
  });

  test('quick fix in a Python test file: the handler goes after the test function, one undoable edit, and compiles', async function () {
    this.timeout(60_000);
    const document = await untitledCopy('containers/test_clients.py', 'test_kayle.py');
    const original = document.getText();
    const [branch] = await actionsAt(document, "'SESSION_NOT_FOUND'");
    assert.equal(branch?.title, 'Insert Kayle ID handling for SESSION_NOT_FOUND');
    await vscode.commands.executeCommand(branch!.command!.command, ...(branch!.command!.arguments ?? []));
    const after = await waitFor('the inserted handler', () => (document.getText() !== original ? document.getText() : undefined));
    const functionEnd = original.indexOf('assert kayle.get_session("ses_404") is None') + 'assert kayle.get_session("ses_404") is None'.length;
    assert.equal(after.slice(0, functionEnd), original.slice(0, functionEnd));
    const inserted = after.slice(functionEnd, after.length - (original.length - functionEnd));
    assert.match(inserted, /^\n+(?:def|class|async def|import|from|[A-Z_]+ =)/, `module level: ${inserted.slice(0, 80)}`);
    await compiles(after, 'python');
    await vscode.commands.executeCommand('undo');
    await waitFor('undo restores the text', () => (document.getText() === original ? true : undefined));
  });
});
