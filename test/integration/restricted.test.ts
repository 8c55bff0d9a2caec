import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, hoverAt, open, ourDiagnostics, positionOf, waitFor } from './helpers';

// Runs only in an untrusted workspace (see index.ts): `node scripts/run-integration.mjs --restricted`.
suite('@restricted Restricted Mode', () => {
  test('the workspace really is untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('hovers, diagnostics and quick fixes still work', async () => {
    await activate();
    const document = await open('kynasmith-429.json');
    const { text } = await hoverAt(document, positionOf(document, '"rate_limited"', 3));
    assert.match(text, /Kynasmith · rate_limited · 429 Too Many Requests · retryable/);
    await waitFor('diagnostics', async () => ((await ourDiagnostics(document.uri)).length === 1 ? true : undefined));
    const position = positionOf(document, '"rate_limited"', 3);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(position, position));
    assert.ok(actions.some((a) => a.title === 'Open a Kynasmith handler for this error'));
  });
});
