import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, closeAll, hoverAt, open, ourDiagnostics, positionOf, setSetting, waitFor, workspaceFile } from './helpers';

interface CatalogApi {
  customCatalogs(): Promise<{ files: readonly string[]; notice: string | undefined }>;
}

suite('custom catalogs', () => {
  const broken = workspaceFile('tmp-broken.api-errors.json');
  const added = workspaceFile('tmp-added.api-errors.json');

  suiteSetup(async () => {
    await activate();
  });

  teardown(async () => {
    await setSetting('snippetLanguage', undefined);
    await closeAll();
    await vscode.workspace.fs.delete(broken).then(undefined, () => undefined);
    await vscode.workspace.fs.delete(added).then(undefined, () => undefined);
  });

  test('the workspace catalog (.vscode/api-errors.json) is loaded', async () => {
    const api = (await activate()) as unknown as CatalogApi;
    const { files } = await api.customCatalogs();
    assert.ok(files.some((f) => f.endsWith('.vscode/api-errors.json')), files.join(', '));
  });

  test('its codes hover and get a handler generated from the catalog', async () => {
    await setSetting('snippetLanguage', 'typescript');
    const document = await open('responses/acme-declined.json');
    const { text } = await waitFor('the Acme Pay card', async () => {
      const hover = await hoverAt(document, positionOf(document, '"CARD_DECLINED"', 3));
      return hover.text.includes('Acme Pay') ? hover : undefined;
    });
    assert.match(text, /Acme Pay · CARD_DECLINED · 402 Payment Required · not retryable/);
    assert.match(text, /Ask the customer for another payment method/);
    const position = positionOf(document, '"CARD_DECLINED"', 3);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(position, position));
    const open_ = actions.find((a) => a.title === 'Open a Acme Pay handler for this error');
    assert.ok(open_?.command, actions.map((a) => a.title).join(', '));
    await vscode.commands.executeCommand(open_.command.command, ...(open_.command.arguments ?? []));
    const editor = await waitFor('the generated handler', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.isUntitled && e.document.getText().includes('callAcmePay')),
    );
    assert.match(editor.document.getText(), /"CARD_DECLINED": \{ status: 402, retryable: "no"/);
    assert.match(editor.document.getText(), /Retry-After/);
  });

  test('an open catalog table shows a catalog added while it is open', async () => {
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>('apiErrors.showCatalog');
    assert.ok(!panel.webview.html.includes('ZEPHYR_MELTDOWN'));
    // The workspace's own catalog under another provider id, with a code of its own.
    const base = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('.vscode/api-errors.json'))));
    base.provider.id = 'zephyr';
    base.provider.displayName = 'Zephyr';
    base.entries = [{ ...base.entries[0], code: 'ZEPHYR_MELTDOWN', docs: 'https://docs.zephyr.example/errors#ZEPHYR_MELTDOWN' }];
    delete base.$schema;
    await vscode.workspace.fs.writeFile(added, new TextEncoder().encode(JSON.stringify(base, null, 2)));
    await waitFor('the new code in the open table', () => (panel.webview.html.includes('ZEPHYR_MELTDOWN') ? true : undefined), 20_000);
    assert.match(panel.webview.html, /<td>Zephyr<\/td><td><code>ZEPHYR_MELTDOWN<\/code>/);
    panel.dispose();
  });

  test('a broken catalog gets diagnostics on its file and a notice; the built-ins keep working', async () => {
    const api = (await activate()) as unknown as CatalogApi;
    await vscode.workspace.fs.writeFile(broken, new TextEncoder().encode('{\n  "provider": { "id": "Bad Id" },\n  "entries": [ { "code": "X", "status": 999 } ]\n}\n'));
    const problems = await waitFor('diagnostics on the broken catalog', async () => {
      const d = await ourDiagnostics(broken);
      return d.length > 0 ? d : undefined;
    });
    assert.ok(problems.some((d) => /provider\.id/.test(d.message)), problems.map((d) => d.message).join('\n'));
    assert.ok(problems.some((d) => /entries\[0\]\.status/.test(d.message)), problems.map((d) => d.message).join('\n'));
    const { notice } = await waitFor('the notice', async () => {
      const state = await api.customCatalogs();
      return state.notice ? state : undefined;
    });
    assert.match(notice!, /tmp-broken\.api-errors\.json is not a valid error catalog/);
    const document = await open('kynasmith-429.json');
    const { text } = await hoverAt(document, positionOf(document, '"rate_limited"', 3));
    assert.match(text, /Kynasmith · rate_limited · 429/);
    const acme = await open('responses/acme-declined.json');
    assert.match((await hoverAt(acme, positionOf(acme, '"CARD_DECLINED"', 3))).text, /Acme Pay/);
  });
});

suite('import an error table from docs', () => {
  test('a docs page in the editor becomes a draft catalog in a new editor; nothing is written', async () => {
    await activate();
    const page = [
      '# Zephyr API errors',
      '',
      '| Code | HTTP Status | Retryable | Description | Recommended Action |',
      '|---|---|---|---|---|',
      '| token_expired | 401 | Yes | The token has expired. | Refresh the token. |',
      '| quota_exceeded | 403 | No | The plan quota is used up. | Upgrade the plan. |',
    ].join('\n');
    const source = await vscode.workspace.openTextDocument({ language: 'markdown', content: page });
    await vscode.window.showTextDocument(source);
    const draft = await vscode.commands.executeCommand<vscode.TextDocument>('apiErrors.importFromDocs');
    assert.ok(draft, 'a draft is opened');
    assert.equal(draft.languageId, 'json');
    assert.ok(draft.isUntitled, 'the draft is not written to disk');
    const catalog = JSON.parse(draft.getText()) as { entries: { code: string; status: number; retryable: string }[] };
    assert.deepEqual(
      catalog.entries.map((e) => [e.code, e.status, e.retryable]),
      [
        ['token_expired', 401, 'yes'],
        ['quota_exceeded', 403, 'no'],
      ],
    );
    assert.equal(source.getText(), page, 'the page is untouched');
  });
});
