import * as vscode from 'vscode';
import { Commands } from './contributions';
import type { FindingsStore } from './findingsStore';
import type { Health } from './health';
import { SNIPPET_PROVIDERS } from '../core/snippets';
import { canGenerate, snippetLanguageOf } from './handlers';

/** Quick fixes on every finding: insert handling in source files, open or copy a handler elsewhere. */
export class ApiErrorCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(
    private readonly store: FindingsStore,
    private readonly health: Health,
  ) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): Promise<vscode.CodeAction[]> {
    return this.health.guard('codeActions', [], async () => {
      const from = document.offsetAt(range.start);
      const to = document.offsetAt(range.end);
      const findings = (await this.store.get(document)).filter((f) => f.codeRange.start <= to && f.codeRange.end >= from);
      const actions: vscode.CodeAction[] = [];
      const inSource = snippetLanguageOf(document.languageId) !== undefined;
      const catalog = this.store.getCatalog();
      for (const finding of findings) {
        const provider = finding.provider ?? finding.candidates[0]?.provider;
        if (!provider || !canGenerate(provider, catalog)) continue;
        const name = catalog.displayName(provider);
        const builtin = (SNIPPET_PROVIDERS as readonly string[]).includes(provider);
        const code = finding.entry?.code ?? finding.code;
        const args = { uri: document.uri.toString(), offset: finding.codeRange.start, provider, code, version: document.version };
        const diagnostics = vscode.languages.getDiagnostics(document.uri).filter((d) => d.range.contains(document.positionAt(finding.codeRange.start)));
        const action = (title: string, command: string, extra: object, preferred = false) => {
          const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
          a.command = { title, command, arguments: [{ ...args, ...extra }] };
          a.diagnostics = diagnostics;
          a.isPreferred = preferred;
          actions.push(a);
        };
        if (inSource) {
          // A provider known only from a custom catalog gets the catalog-driven handler, not per-code branches.
          if (finding.entry && builtin) action(vscode.l10n.t('Insert {0} handling for {1}', name, code), Commands.insertSnippetAt, { mode: 'branch' }, true);
          action(vscode.l10n.t('Insert full {0} error handler', name), Commands.insertSnippetAt, { mode: 'full' });
        } else {
          action(vscode.l10n.t('Open a {0} handler for this error', name), Commands.openHandler, { mode: finding.entry && builtin ? 'branch' : 'full' }, true);
          action(vscode.l10n.t('Copy {0} handler', name), Commands.copyHandler, { mode: finding.entry && builtin ? 'branch' : 'full' });
        }
      }
      return actions;
    });
  }
}
