import * as vscode from 'vscode';
import { entryCard } from '../core/card';
import type { Catalog, ResolvedEntry } from '../core/catalog';
import { retryLabel } from '../core/present';
import { Commands } from './contributions';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function nonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** What the entry card's buttons ask for: explicit actions, each a click (Enter never inserts code). */
type EntryAction = 'openHandler' | 'copyHandler' | 'copyCode';
const ENTRY_ACTIONS: Record<EntryAction, string> = { openHandler: Commands.openHandler, copyHandler: Commands.copyHandler, copyCode: Commands.copyCode };

/**
 * *API Errors: Show Catalog*: a table of every entry with a filter box, and (after a lookup) one
 * entry's card above it, with links that open and buttons that act. Not modal: the card stays
 * beside the editor while the user reads it. Strict CSP: no remote resources, styles from media/,
 * one script allowed by nonce; all catalog text HTML-escaped.
 */
export class CatalogView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private entry: ResolvedEntry | undefined;
  /** The document the user was in when they looked the entry up: handlers are written in its language. */
  private scope: vscode.Uri | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly getCatalog: () => Catalog,
  ) {}

  show(filter = ''): vscode.WebviewPanel {
    this.entry = undefined;
    const panel = this.reveal(vscode.ViewColumn.Active, false);
    panel.webview.html = this.html(panel.webview, filter);
    return panel;
  }

  /** One entry's card above the table, beside the editor, which keeps the focus. */
  showEntry(entry: ResolvedEntry): vscode.WebviewPanel {
    this.entry = entry;
    this.scope = vscode.window.activeTextEditor?.document.uri;
    const panel = this.reveal(vscode.ViewColumn.Beside, true);
    panel.title = `${entry.code} — ${vscode.l10n.t('API Errors Catalog')}`;
    panel.webview.html = this.html(panel.webview, '');
    return panel;
  }

  /** The entry the view shows a card for, if any (read by the integration tests and the UI). */
  get shownEntry(): ResolvedEntry | undefined {
    return this.panel ? this.entry : undefined;
  }

  private reveal(column: vscode.ViewColumn, preserveFocus: boolean): vscode.WebviewPanel {
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return this.panel;
    }
    const panel = vscode.window.createWebviewPanel(
      'apiErrors.catalog',
      vscode.l10n.t('API Errors Catalog'),
      { viewColumn: column, preserveFocus },
      { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')] },
    );
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    panel.webview.onDidReceiveMessage((message: { action?: string }) => this.act(message.action));
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.entry = undefined;
    });
    this.panel = panel;
    return panel;
  }

  /** A button of the entry card: opens or copies the handler, or copies the code; never edits a file. */
  private act(action: string | undefined): void {
    const entry = this.entry;
    if (!entry || !action || !(action in ENTRY_ACTIONS)) return;
    const args = action === 'copyCode' ? { code: entry.code } : { provider: entry.provider, code: entry.code, mode: 'branch', uri: this.scope?.toString() };
    void vscode.commands.executeCommand(ENTRY_ACTIONS[action as EntryAction], args);
  }

  /** The catalog changed (a custom catalog loaded or saved): an open table shows it, filter kept. */
  refresh(): void {
    if (!this.panel) return;
    // The entry may be gone (its custom catalog removed): then only the table remains.
    if (this.entry) this.entry = this.getCatalog().find(this.entry.provider, this.entry.code, this.entry.endpoint);
    this.panel.webview.html = this.html(this.panel.webview, '');
  }

  private entryHtml(entry: ResolvedEntry, catalog: Catalog): string {
    const card = entryCard(entry, catalog);
    const paragraph = (label: string, text: string | undefined) => (text ? `<p><strong>${escapeHtml(label)}</strong> ${escapeHtml(text)}</p>` : '');
    const lookalikes = card.lookalikes.length
      ? `<p><strong>${escapeHtml(vscode.l10n.t('Not to be confused with'))}</strong></p><ul>${card.lookalikes.map((l) => `<li><code>${escapeHtml(l.code)}</code>: ${escapeHtml(l.difference)}</li>`).join('')}</ul>`
      : '';
    const docs = card.docs && /^https:\/\//.test(card.docs) ? `<a class="docs" href="${escapeHtml(card.docs)}">${escapeHtml(card.docs)}</a>` : '';
    const origin = entry.origin ? `<p class="origin">${escapeHtml(vscode.l10n.t('From your catalog {0}', entry.origin))}</p>` : '';
    const button = (action: EntryAction, label: string) => `<button type="button" data-action="${action}">${escapeHtml(label)}</button>`;
    return `<section id="entry" aria-label="${escapeHtml(card.title)}">
<h2>${escapeHtml(card.title)}</h2>
${origin}<p>${escapeHtml(card.meaning)}</p>
${paragraph(vscode.l10n.t('What to do:'), card.action)}
${paragraph(vscode.l10n.t('Retry:'), card.retryCondition)}
${lookalikes}
<p class="actions">${button('openHandler', vscode.l10n.t('Open Handler'))} ${button('copyHandler', vscode.l10n.t('Copy Handler'))} ${button('copyCode', vscode.l10n.t('Copy Code'))} ${docs}</p>
</section>`;
  }

  html(webview: vscode.Webview, filter: string): string {
    const catalog = this.getCatalog();
    const n = nonce();
    const entry = this.entry;
    const css = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'catalog.css'));
    const rows = catalog.entries
      .map((e) => {
        const provider = escapeHtml(catalog.displayName(e.provider));
        const retry = escapeHtml(retryLabel(e));
        const docs = /^https:\/\//.test(e.docs) ? `<a href="${escapeHtml(e.docs)}">${escapeHtml(vscode.l10n.t('docs'))}</a>` : '';
        const selected = entry && e.provider === entry.provider && e.code === entry.code && e.endpoint === entry.endpoint ? ' class="selected" id="selected"' : '';
        return `<tr${selected}><td>${provider}</td><td><code>${escapeHtml(e.code)}</code>${e.endpoint ? `<div class="endpoint">${escapeHtml(e.endpoint)}</div>` : ''}</td><td>${e.status} ${escapeHtml(e.reason)}</td><td class="retry-${e.retryable}">${retry}</td><td>${escapeHtml(e.meaning)}</td><td>${escapeHtml(e.action)}</td><td>${docs}</td></tr>`;
      })
      .join('\n');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; img-src ${webview.cspSource}; script-src 'nonce-${n}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}">
<title>${escapeHtml(vscode.l10n.t('API Errors Catalog'))}</title>
</head>
<body>
${entry ? this.entryHtml(entry, catalog) : ''}
<header>
  <input id="filter" type="search" placeholder="${escapeHtml(vscode.l10n.t('Filter by provider, code, status or words'))}" value="${escapeHtml(filter)}" aria-label="${escapeHtml(vscode.l10n.t('Filter'))}">
  <span id="count" aria-live="polite"></span>
</header>
<table>
<thead><tr><th>${escapeHtml(vscode.l10n.t('Provider'))}</th><th>${escapeHtml(vscode.l10n.t('Code'))}</th><th>${escapeHtml(vscode.l10n.t('Status'))}</th><th>${escapeHtml(vscode.l10n.t('Retry'))}</th><th>${escapeHtml(vscode.l10n.t('Meaning'))}</th><th>${escapeHtml(vscode.l10n.t('Action'))}</th><th></th></tr></thead>
<tbody id="rows">
${rows}
</tbody>
</table>
<script nonce="${n}">
  const vscode = acquireVsCodeApi();
  const input = document.getElementById('filter');
  // A refreshed table (the catalog changed) keeps what the user had typed.
  if (!input.value && vscode.getState()?.filter) input.value = vscode.getState().filter;
  const rows = Array.from(document.querySelectorAll('#rows tr'));
  const count = document.getElementById('count');
  function apply() {
    const words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    let shown = 0;
    for (const row of rows) {
      const text = row.textContent.toLowerCase();
      const visible = words.every((w) => text.includes(w));
      row.hidden = !visible;
      if (visible) shown++;
    }
    count.textContent = shown + ' / ' + rows.length;
    vscode.setState({ filter: input.value });
  }
  input.addEventListener('input', apply);
  apply();
  for (const button of document.querySelectorAll('button[data-action]'))
    button.addEventListener('click', () => vscode.postMessage({ action: button.dataset.action }));
  document.getElementById('selected')?.scrollIntoView({ block: 'center' });
</script>
</body>
</html>`;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
