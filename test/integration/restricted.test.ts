import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, hoverAt, invokeText, open, ourDiagnostics, positionOf, waitFor } from './helpers';

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

  test('workspace catalogs are ignored, and a notice says why', async () => {
    const api = (await activate()) as unknown as { customCatalogs(): Promise<{ files: readonly string[]; notice: string | undefined }> };
    const state = await api.customCatalogs();
    assert.deepEqual(state.files, []);
    assert.match(state.notice ?? '', /Restricted Mode: workspace error catalogs are ignored/);
    const document = await open('responses/acme-declined.json');
    const { text } = await hoverAt(document, positionOf(document, '"CARD_DECLINED"', 3));
    assert.doesNotMatch(text, /Acme Pay/);
  });
});

suite('@restricted lm tools answer from the built-in catalog', () => {
  test('lookup and explain work, without the workspace catalogs', async () => {
    await activate();
    assert.match(await invokeText('lookup', { query: 'rate_limited', limit: 1 }), /^Kynasmith · rate_limited · 429 Too Many Requests · retryable/);
    const document = await open('responses/acme-declined.json');
    const text = await invokeText('explain', { uri: document.uri.toString() });
    assert.doesNotMatch(text, /Acme Pay/);
  });
});
