import * as vscode from 'vscode';
import type { Catalog } from '../core/catalog';
import { retryLabel } from '../core/present';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function nonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * *API Errors: Show Catalog*: a table of every entry with a filter box. Strict CSP: no remote
 * resources, styles from media/, one script allowed by nonce; all catalog text HTML-escaped.
 */
export class CatalogView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly getCatalog: () => Catalog,
  ) {}

  show(filter = ''): vscode.WebviewPanel {
    if (this.panel) {
      this.panel.reveal();
    } else {
      this.panel = vscode.window.createWebviewPanel('apiErrors.catalog', vscode.l10n.t('API Errors Catalog'), vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')],
      });
      this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    this.panel.webview.html = this.html(this.panel.webview, filter);
    return this.panel;
  }

  /** The catalog changed (a custom catalog loaded or saved): an open table shows it, filter kept. */
  refresh(): void {
    if (this.panel) this.panel.webview.html = this.html(this.panel.webview, '');
  }

  html(webview: vscode.Webview, filter: string): string {
    const catalog = this.getCatalog();
    const n = nonce();
    const css = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'catalog.css'));
    const rows = catalog.entries
      .map((e) => {
        const provider = escapeHtml(catalog.displayName(e.provider));
        const retry = escapeHtml(retryLabel(e));
        const docs = /^https:\/\//.test(e.docs) ? `<a href="${escapeHtml(e.docs)}">${escapeHtml(vscode.l10n.t('docs'))}</a>` : '';
        return `<tr><td>${provider}</td><td><code>${escapeHtml(e.code)}</code>${e.endpoint ? `<div class="endpoint">${escapeHtml(e.endpoint)}</div>` : ''}</td><td>${e.status} ${escapeHtml(e.reason)}</td><td class="retry-${e.retryable}">${retry}</td><td>${escapeHtml(e.meaning)}</td><td>${escapeHtml(e.action)}</td><td>${docs}</td></tr>`;
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
</script>
</body>
</html>`;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
