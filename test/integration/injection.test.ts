import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, positionOf } from './helpers';

// Text from a document reaches hovers: it must render as plain text, never as links, HTML or icons.
suite('injected content is inert', () => {
  test('a hostile message in a body stays plain text in the hover; only our commands are enabled', async () => {
    await activate();
    const hostile = `[x](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> $(alert) # Heading <script>alert(1)</script> ${'A'.repeat(100_000)}`;
    const body = { success: false, error: 'rate_limit_exceeded', message: hostile };
    const document = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(body, null, 2) });
    const position = positionOf(document, '"rate_limit_exceeded"', 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    const ours = hovers.flatMap((h) => h.contents).filter((c): c is vscode.MarkdownString => typeof c !== 'string' && 'isTrusted' in c && /Overten/.test(c.value));
    assert.equal(ours.length, 1, 'one card');
    const card = ours[0]!;
    const trusted = card.isTrusted as { enabledCommands: readonly string[] };
    assert.ok(trusted.enabledCommands.every((c) => c.startsWith('apiErrors.')), trusted.enabledCommands.join());
    assert.equal(card.supportHtml, false);
    assert.notEqual(card.supportThemeIcons, true);
    // Every command link in the card is one of ours; the message's link is escaped text.
    const links = [...card.value.matchAll(/\]\((command:[^?)]+)/g)].map((m) => m[1]);
    assert.ok(links.length >= 2);
    assert.ok(links.every((l) => l!.startsWith('command:apiErrors.')), links.join());
    assert.doesNotMatch(card.value, /\]\(command:workbench/);
    assert.doesNotMatch(card.value, /<img|<script/);
    assert.ok(card.value.length < 20_000, `the 100 KB message is clipped (card is ${card.value.length} chars)`);
  });
});
