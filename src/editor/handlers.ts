import * as vscode from 'vscode';
import type { Catalog } from '../core/catalog';
import { type HandlerRequest, handlerInsertion, handlerSnippet, snippetLanguageOf } from '../core/quickFixes';
import type { SnippetLanguage } from '../core/snippets';
import { sourceLanguageOf } from '../core/detect/syntax';
import type { LazyTreeSitter } from '../syntax/treeSitter';
import { readSettings } from './settings';

export { type HandlerMode, type HandlerRequest, canGenerate, handlerSnippet, snippetLanguageOf } from '../core/quickFixes';

/** The language for a handler opened from a JSON, log or .http file: the setting, else ask. */
export async function pickLanguage(scope?: vscode.Uri): Promise<SnippetLanguage | undefined> {
  const setting = readSettings(scope).snippetLanguage;
  if (setting !== 'auto') return setting;
  const active = vscode.window.activeTextEditor ? snippetLanguageOf(vscode.window.activeTextEditor.document.languageId) : undefined;
  if (active) return active;
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'TypeScript', language: 'typescript' as const, description: 'fetch' },
      { label: 'JavaScript', language: 'javascript' as const, description: 'fetch' },
      { label: 'Python', language: 'python' as const, description: 'httpx' },
      { label: 'Go', language: 'go' as const, description: 'net/http' },
    ],
    { title: vscode.l10n.t('Handler language'), placeHolder: vscode.l10n.t('Language of the generated handler') },
  );
  return picked?.language;
}

/**
 * Inserts a handler after the statement holding `offset` (the full handler: after the top-level
 * statement), as one undoable snippet edit. Refuses, without touching the document, when it changed
 * since the quick fix was offered.
 */
export async function insertHandlerAt(uri: vscode.Uri, offset: number, request: HandlerRequest, catalog: Catalog, expectedVersion?: number, syntax?: LazyTreeSitter): Promise<boolean> {
  const document = await vscode.workspace.openTextDocument(uri);
  if (expectedVersion !== undefined && document.version !== expectedVersion) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The document changed since this fix was offered; nothing was inserted. Try the quick fix again.'));
    return false;
  }
  const language = snippetLanguageOf(document.languageId);
  if (!language) return false;
  const text = document.getText();
  const sourceLanguage = sourceLanguageOf({ languageId: document.languageId, fileName: document.uri.path }, language);
  if (syntax) await syntax.load(sourceLanguage);
  const insertion = handlerInsertion(text, offset, request, language, catalog, {
    fileName: document.uri.path,
    syntax,
    sourceLanguage,
  });
  if ('clashes' in insertion) {
    // Inserting would leave two declarations of the same name: the file would stop compiling.
    await openSnippetBeside(insertion.snippet.snippet, language);
    void vscode.window.showInformationMessage(
      vscode.l10n.t('{0} already declares {1}: the handler opened in a new editor instead, to merge by hand.', vscode.workspace.asRelativePath(uri), insertion.clashes.join(', ')),
    );
    return false;
  }
  const editor = await vscode.window.showTextDocument(document, { preserveFocus: false, preview: false });
  const also = insertion.also ?? [];
  if (also.length > 0) {
    // A snippet goes to one place only: with the imports merged elsewhere (Go), plain text, one undo step.
    return editor.edit(
      (edit) => {
        for (const r of also) edit.replace(new vscode.Range(document.positionAt(r.start), document.positionAt(r.end)), r.text);
        edit.insert(document.positionAt(insertion.offset), insertion.text);
      },
      { undoStopBefore: true, undoStopAfter: true },
    );
  }
  return editor.insertSnippet(new vscode.SnippetString(insertion.snippet), document.positionAt(insertion.offset), { undoStopBefore: true, undoStopAfter: true, keepWhitespace: true });
}

/** Opens the handler in a new untitled editor (from JSON, logs and .http files). */
export async function openHandler(request: HandlerRequest, catalog: Catalog, scope?: vscode.Uri): Promise<void> {
  const language = await pickLanguage(scope);
  if (!language) return;
  await openSnippetBeside(handlerSnippet(request, language, catalog).snippet, language);
}

async function openSnippetBeside(snippet: string, language: SnippetLanguage): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language, content: '' });
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside });
  await editor.insertSnippet(new vscode.SnippetString(snippet), new vscode.Position(0, 0));
}

export async function copyHandler(request: HandlerRequest, catalog: Catalog, scope?: vscode.Uri): Promise<void> {
  const language = await pickLanguage(scope);
  if (!language) return;
  await vscode.env.clipboard.writeText(handlerSnippet(request, language, catalog).text);
  void vscode.window.setStatusBarMessage(vscode.l10n.t('API Errors: handler copied'), 3000);
}
