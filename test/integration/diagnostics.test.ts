import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, closeAll, open, ourDiagnostics, setSetting, waitFor, workspaceFile } from './helpers';

suite('diagnostics', () => {
  suiteSetup(async () => {
    await activate();
  });

  teardown(async () => {
    await setSetting('diagnostics.severity', undefined);
    await setSetting('diagnostics.enabled', undefined);
    await setSetting('providers', undefined);
  });

  test('every finding of a log is in the Problems panel, linked to the docs', async () => {
    const document = await open('api.log');
    const diagnostics = await waitFor('log diagnostics', async () => {
      const d = await ourDiagnostics(document.uri);
      return d.length === 5 ? d : undefined;
    });
    const first = diagnostics.find((d) => d.message.includes('session_already_completed'));
    assert.ok(first, diagnostics.map((d) => d.message).join('\n'));
    assert.equal(first.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(document.getText(first.range), '"session_already_completed"');
    const code = first.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, 'session_already_completed');
    assert.equal(code.target.toString(true), 'https://docs.kynasmith.dev/api-reference/error-codes');
  });

  test('severity follows the setting; turning diagnostics off clears them', async () => {
    const document = await open('kynasmith-429.json');
    await waitFor('diagnostic', async () => (await ourDiagnostics(document.uri)).length === 1 || undefined);
    await setSetting('diagnostics.severity', 'warning');
    await waitFor('warning severity', async () => (await ourDiagnostics(document.uri))[0]?.severity === vscode.DiagnosticSeverity.Warning || undefined);
    await setSetting('diagnostics.enabled', false);
    await waitFor('no diagnostics', async () => (await ourDiagnostics(document.uri)).length === 0 || undefined);
  });

  test('disabling a provider stops attributing errors to it', async () => {
    const document = await open('api.log');
    await setSetting('providers', ['kynasmith', 'kayle', 'overten', 'knouds']);
    const diagnostics = await waitFor('four providers', async () => {
      const d = await ourDiagnostics(document.uri);
      return d.length === 4 ? d : undefined;
    });
    assert.ok(diagnostics.every((d) => !d.message.startsWith('Kakunin')));
  });

  test('a long log follows edits: after typing, its findings equal those of the same text opened fresh', async () => {
    const api = await activate();
    const log = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('api.log'))).repeat(40);
    const document = await vscode.workspace.openTextDocument({ language: 'log', content: log });
    const editor = await vscode.window.showTextDocument(document);
    const before = await api.findings(document);
    const line = Math.floor(document.lineCount / 2);
    await editor.edit((edit) => edit.insert(new vscode.Position(line, 0), '2026-11-22T10:00:00Z ERROR {"error": "Insufficient scope", "code": "SCOPE_DENIED", "required": "admin", "actual": "deployment"}\n'));
    await editor.edit((edit) => edit.delete(document.lineAt(line + 3).range));
    const after = await api.findings(document);
    const fresh = await api.findings(await vscode.workspace.openTextDocument({ language: 'log', content: document.getText() }));
    assert.ok(after.some((f) => f.code === 'SCOPE_DENIED' && document.positionAt(f.codeRange.start).line === line), 'the typed record is found');
    assert.ok(Math.abs(after.length - before.length) <= 2, `${before.length} findings before, ${after.length} after`);
    assert.deepEqual(after, fresh);
    await closeAll();
  });

  test('updates as the user types', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'json', content: '{"ok": true}' });
    const editor = await vscode.window.showTextDocument(document);
    assert.equal((await ourDiagnostics(document.uri)).length, 0);
    await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, 0, 12), '{"error": "Insufficient scope", "code": "SCOPE_DENIED"}'));
    const [diagnostic] = await waitFor('a diagnostic after typing', async () => {
      const d = await ourDiagnostics(document.uri);
      return d.length === 1 ? d : undefined;
    });
    assert.match(diagnostic!.message, /^Knouds · SCOPE_DENIED · 403 Forbidden · not retryable — \S/);
    await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, 0, 200), '{}'));
    await waitFor('diagnostics gone after deleting the error', async () => (await ourDiagnostics(document.uri)).length === 0 || undefined);
  });
});
