import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, closeAll, runClosingQuickPicks, setSetting, waitFor } from './helpers';

suite('commands', () => {
  suiteSetup(async () => {
    await activate();
  });

  teardown(async () => {
    await setSetting('maxFileSizeMB', undefined);
    await closeAll();
  });

  test('the palette commands are registered with the contributed ids', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of ['apiErrors.lookup', 'apiErrors.explainClipboard', 'apiErrors.insertHandler', 'apiErrors.showCatalog']) assert.ok(all.includes(id), id);
  });

  test('Show Catalog opens a webview with every entry, a filter and a strict CSP', async () => {
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>('apiErrors.showCatalog');
    assert.ok(panel, 'a panel is returned');
    const html = panel.webview.html;
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src [^;]+; img-src [^;]+; script-src 'nonce-[0-9a-f]{32}';"/);
    assert.match(html, /<input id="filter" type="search"/);
    for (const code of ['rate_limited', 'UNKNOWN_CLAIM_KEY', 'sync_timeout_upgrade_async', 'grant_exhausted', 'Agent not found']) assert.ok(html.includes(code), code);
    // Resources load only from the extension's media folder through the webview's own scheme.
    const resources = [...html.matchAll(/<(?:link|script|img)\b[^>]*\b(?:href|src)="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(resources.length >= 1);
    const media = vscode.Uri.joinPath(vscode.extensions.getExtension('api-error-inspector.api-error-inspector')!.extensionUri, 'media');
    const allowed = panel.webview.asWebviewUri(media).toString();
    for (const url of resources) assert.ok(url.startsWith(allowed), `${url} is outside ${allowed}`);
    assert.doesNotMatch(html, /<script\b[^>]*\bsrc=/, 'no external scripts');
    assert.ok((html.match(/<tr>/g) ?? []).length >= 140);
  });

  test('an entry looked up is shown beside the editor, not modal, with links and explicit actions', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'const before = 1;\n' });
    const editor = await vscode.window.showTextDocument(document);
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>('apiErrors.showEntry', { provider: 'kayle', code: 'ORGANIZATION_FROZEN' });
    assert.ok(panel, 'a panel is returned');
    assert.equal(panel.title, 'ORGANIZATION_FROZEN — API Errors Catalog');
    assert.equal(vscode.window.activeTextEditor, editor, 'the editor keeps the focus');
    const html = panel.webview.html;
    assert.match(html, /<section id="entry" aria-label="Kayle ID · ORGANIZATION_FROZEN · 410 Gone · not retryable">/);
    assert.match(html, /<a class="docs" href="https:\/\/[^"\s]+">/);
    assert.deepEqual([...html.matchAll(/<button type="button" data-action="(\w+)">/g)].map((m) => m[1]), ['openHandler', 'copyHandler', 'copyCode']);
    assert.match(html, /<tr class="selected" id="selected"><td>Kayle ID<\/td><td><code>ORGANIZATION_FROZEN<\/code>/);
    assert.equal(document.getText(), 'const before = 1;\n', 'nothing was inserted');
  });

  test('Try It opens a sample error, unsaved, with its finding', async () => {
    const api = await activate();
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('apiErrors.tryIt');
    assert.ok(editor, 'an editor is returned');
    assert.equal(editor.document.isUntitled, true, 'nothing is written to disk');
    assert.equal(editor.document.languageId, 'http');
    // In the web-worker host the untitled document may first be seen before its language is set.
    const findings = await waitFor('the sample’s finding', async () => {
      const found = await api.findings(editor.document);
      return found.length ? found : undefined;
    });
    assert.deepEqual(findings.map((f) => [f.provider, f.code, f.status, f.headers['Retry-After']]), [['kynasmith', 'rate_limited', 429, '42']]);
    assert.equal(editor.document.getText(new vscode.Range(editor.selection.active, editor.selection.active.translate(0, 12))), 'rate_limited');
  });

  test('Insert Error Handler inserts a full handler at the cursor of a source file', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'javascript', content: '' });
    await vscode.window.showTextDocument(document);
    const inserted = await vscode.commands.executeCommand<boolean>('apiErrors.insertHandler', { provider: 'kakunin' });
    assert.equal(inserted, true);
    await waitFor('handler text', () => (document.getText().includes('429') ? true : undefined));
    assert.doesNotMatch(document.getText(), /:\s*(string|number)\b.*=>/, 'JavaScript, not TypeScript');
  });

  test('Explain Error in Clipboard finds the errors in the clipboard', async () => {
    await vscode.env.clipboard.writeText('2026-11-02 ERROR {"error": "Not enough credits", "code": "INSUFFICIENT_CREDITS"}\n2026-11-02 ERROR {"success": false, "error": "gone", "message": "Expired"}');
    // Two findings: a quick pick lists them; closing it ends the command.
    assert.equal(await runClosingQuickPicks<number>('apiErrors.explainClipboard'), 2);
  });

  test('a file above apiErrors.maxFileSizeMB is skipped with a notice', async () => {
    const api = await activate();
    await setSetting('maxFileSizeMB', 0.001);
    const document = await vscode.workspace.openTextDocument({ language: 'json', content: `{"error": {"code": "rate_limited", "message": "x", "retryable": true}, "pad": "${'x'.repeat(4096)}"}` });
    await vscode.window.showTextDocument(document);
    assert.equal((await api.findings(document)).length, 0);
    const notice = await waitFor('the size notice', () => api.sizeNotice());
    assert.match(notice, /not scanned \(0\.0 MB > 0\.0 MB\)/);
    await setSetting('maxFileSizeMB', undefined);
    await waitFor('findings once the limit is back', async () => ((await api.findings(document)).length === 1 ? true : undefined));
  });
});
