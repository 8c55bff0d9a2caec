import * as vscode from 'vscode';
import { Commands } from './contributions';
import type { FindingsStore } from './findingsStore';
import type { Health } from './health';
import { type QuickFixKind, quickFixes, snippetLanguageOf } from '../core/quickFixes';

const fixCommands: Record<QuickFixKind, string> = {
  insertBranch: Commands.insertSnippetAt,
  insertFull: Commands.insertSnippetAt,
  openHandler: Commands.openHandler,
  copyHandler: Commands.copyHandler,
};

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
      const language = snippetLanguageOf(document.languageId);
      const inSource = language !== undefined;
      const catalog = this.store.getCatalog();
      for (const finding of findings) {
        const args = { uri: document.uri.toString(), offset: finding.codeRange.start, version: document.version };
        const diagnostics = vscode.languages.getDiagnostics(document.uri).filter((d) => d.range.contains(document.positionAt(finding.codeRange.start)));
        for (const fix of quickFixes(finding, catalog, inSource, language)) {
          const title = vscode.l10n.t(fix.title, fix.providerName, fix.request.code ?? '');
          const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
          action.command = { title, command: fixCommands[fix.kind], arguments: [{ ...args, ...fix.request }] };
          action.diagnostics = diagnostics;
          action.isPreferred = fix.preferred;
          actions.push(action);
        }
      }
      return actions;
    });
  }
}
