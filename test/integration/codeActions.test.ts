import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, closeAll, compiles, open, positionOf, setSetting, waitFor, workspaceFile } from './helpers';

async function actionsAt(document: vscode.TextDocument, needle: string): Promise<vscode.CodeAction[]> {
  const position = positionOf(document, needle, 2);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(position, position));
  return actions.filter((a) => a.command?.command.startsWith('apiErrors.'));
}

async function apply(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.command, `${action.title} has no command`);
  await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

suite('quick fixes', () => {
  suiteSetup(async () => {
    await activate();
  });

  teardown(async () => {
    await setSetting('snippetLanguage', undefined);
    await closeAll();
  });

  test('in TypeScript: insert the handling for one code after the statement, as one undoable edit that compiles', async function () {
    this.timeout(90_000); // includes a real tsc run
    const original = (await vscode.workspace.openTextDocument(workspaceFile('client.ts'))).getText();
    // Work on an untitled copy: a quick fix test must never write to the fixture on disk.
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: original });
    await vscode.window.showTextDocument(document);
    const actions = await actionsAt(document, "'grant_exhausted'");
    assert.deepEqual(actions.map((a) => a.title), ['Insert Knouds handling for grant_exhausted', 'Insert full Knouds error handler']);
    assert.ok(actions.every((a) => a.kind?.value === vscode.CodeActionKind.QuickFix.value));
    await apply(actions[0]!);
    const after = await waitFor('the inserted handling', () => (document.getText() !== original ? document.getText() : undefined));
    // Inserted after the whole `if (…) { … }` statement, never inside the comparison.
    const ifEnd = original.indexOf("    throw new Error('Upgrade the plan to keep using this model.');\n  }") + "    throw new Error('Upgrade the plan to keep using this model.');\n  }".length;
    assert.equal(after.slice(0, ifEnd), original.slice(0, ifEnd));
    assert.ok(after.length > original.length);
    assert.ok(after.slice(ifEnd).includes('grant_exhausted'), 'the branch handles grant_exhausted');
    await compiles(after, 'typescript');
    await vscode.commands.executeCommand('undo');
    await waitFor('undo restores the text', () => (document.getText() === original ? true : undefined));
  });

  test('a full handler whose names the file already declares opens beside it instead of breaking the file', async () => {
    const original = (await vscode.workspace.openTextDocument(workspaceFile('client.ts'))).getText();
    assert.match(original, /interface KnoudsErrorBody/, 'the fixture declares a name the handler also declares');
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: original });
    await vscode.window.showTextDocument(document);
    const full = (await actionsAt(document, "'SCOPE_DENIED'")).find((a) => a.title === 'Insert full Knouds error handler');
    await apply(full!);
    const beside = await waitFor('the handler in a new editor', () =>
      vscode.window.visibleTextEditors.find((e) => e.document !== document && e.document.isUntitled && e.document.getText().includes('KnoudsErrorBody')),
    );
    assert.equal(beside.document.languageId, 'typescript');
    assert.equal(document.getText(), original, 'the file with the clash is untouched');
  });

  test('in TypeScript: insert the full provider handler after the top-level statement', async function () {
    this.timeout(90_000);
    // The client without its own KnoudsErrorBody, so nothing clashes with the handler's declarations.
    const original = (await vscode.workspace.openTextDocument(workspaceFile('client.ts'))).getText().replace(/KnoudsErrorBody/g, 'WorkflowErrorBody');
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: original });
    await vscode.window.showTextDocument(document);
    const full = (await actionsAt(document, "'SCOPE_DENIED'")).find((a) => a.title === 'Insert full Knouds error handler');
    assert.ok(full);
    await apply(full);
    const after = await waitFor('the inserted handler', () => (document.getText() !== original ? document.getText() : undefined));
    const functionEnd = original.indexOf('\n}\n') + 2;
    assert.equal(after.slice(0, functionEnd), original.slice(0, functionEnd), 'inserted after runWorkflow, not inside it');
    await compiles(after, 'typescript');
  });

  test('in Python: the branch goes after the if block and the file still compiles', async function () {
    this.timeout(60_000);
    const original = 'import httpx\n\ndef check(body: dict) -> None:\n    if body.get("code") == "EXECUTION_FAILED":\n        print("failed")\n    print("done")\n';
    const document = await vscode.workspace.openTextDocument({ language: 'python', content: original });
    await vscode.window.showTextDocument(document);
    const [branch] = await actionsAt(document, '"EXECUTION_FAILED"');
    assert.equal(branch?.title, 'Insert Knouds handling for EXECUTION_FAILED');
    await apply(branch!);
    const after = await waitFor('the inserted branch', () => (document.getText() !== original ? document.getText() : undefined));
    assert.ok(after.startsWith(original.slice(0, original.indexOf('    print("done")'))));
    await compiles(after, 'python');
  });

  test('in Go: the handler goes after the enclosing function, its imports merge into the block, one undo step, and it builds', async function () {
    this.timeout(120_000); // includes tree-sitter-go's first load and a real go vet
    const fixture = await vscode.workspace.openTextDocument(workspaceFile('client.go'));
    assert.equal(fixture.languageId, 'go');
    const original = fixture.getText();
    const document = await vscode.workspace.openTextDocument({ language: 'go', content: original });
    await vscode.window.showTextDocument(document);
    // Read through tree-sitter-go (loaded from the extension's dist/tree-sitter): the code quoted in a comment is no comparison.
    await waitFor('the tree reading (nothing in the comment)', async () => ((await actionsAt(document, '"SESSION_NOT_FOUND"')).length === 0 ? true : undefined), 60_000);
    const switchCase = positionOf(document, 'case "SESSION_NOT_FOUND"', 8);
    const onCase = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(switchCase, switchCase));
    assert.ok(onCase.some((a) => a.title === 'Insert Kayle ID handling for SESSION_NOT_FOUND'), onCase.map((a) => a.title).join(', '));
    const actions = await actionsAt(document, '"ORGANIZATION_FROZEN"');
    assert.deepEqual(actions.map((a) => a.title), ['Insert Kayle ID handling for ORGANIZATION_FROZEN', 'Insert full Kayle ID error handler']);
    await apply(actions[0]!);
    const after = await waitFor('the inserted handler', () => (document.getText() !== original ? document.getText() : undefined));
    assert.equal(after.match(/^package /gm)?.length, 1, 'one package clause');
    assert.equal(after.match(/^import /gm)?.length, 1, 'one import declaration');
    for (const path of ['errors', 'fmt', 'net/http', 'sync', 'time']) assert.equal(after.match(new RegExp(`^\\t"${path}"$`, 'gm'))?.length, 1, path);
    // After StartSession's closing brace, before Lookup: never inside a function.
    const handler = after.indexOf('func CallKayle(');
    assert.ok(handler > after.indexOf('\treturn err\n}\n') && handler < after.indexOf('// Lookup reads a session'));
    assert.equal(after.slice(after.indexOf('// Lookup reads a session')), original.slice(original.indexOf('// Lookup reads a session')));
    await compiles(after, 'go');
    await vscode.commands.executeCommand('undo');
    await waitFor('one undo restores the text', () => (document.getText() === original ? true : undefined));
  });

  test('a fix offered on an older version of the document changes nothing', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: "if (e.code === 'grant_exhausted') up();\n" });
    const editor = await vscode.window.showTextDocument(document);
    const [branch] = await actionsAt(document, "'grant_exhausted'");
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// edited\n'));
    const before = document.getText();
    await apply(branch!);
    assert.equal(document.getText(), before);
  });

  test('in a JSON response: open a handler in a new editor, or copy it', async () => {
    await setSetting('snippetLanguage', 'typescript');
    const document = await open('kynasmith-429.json');
    const actions = await actionsAt(document, '"rate_limited"');
    assert.deepEqual(actions.map((a) => a.title), ['Open a Kynasmith handler for this error', 'Copy Kynasmith handler']);
    await apply(actions[0]!);
    const opened = await waitFor('an untitled TypeScript editor', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.isUntitled && e.document.languageId === 'typescript' && e.document.getText().includes('rate_limited') ? e : undefined;
    });
    assert.ok(opened.document.getText().length > 100);
    assert.equal(document.isDirty, false, 'the JSON file is untouched');
    await vscode.env.clipboard.writeText('');
    await apply(actions[1]!);
    const copied = await waitFor('the handler in the clipboard', async () => (await vscode.env.clipboard.readText()) || undefined);
    assert.match(copied, /rate_limited/);
  });
});
