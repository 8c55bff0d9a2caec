import * as vscode from 'vscode';
import type { Catalog } from '../core/catalog';
import { SNIPPET_PROVIDERS, type SnippetLanguage, generateHandler, generateStandaloneBranch } from '../core/snippets';
import { generateGenericHandler } from '../core/snippets/generic';
import { sourceLanguageOf } from '../core/detect/syntax';
import { clashingNames, insertionPoint, insertionPointInTree, isTestFile, type PlacementLanguage } from '../core/placement';
import type { LazyTreeSitter } from '../syntax/treeSitter';
import { readSettings } from './settings';

export type HandlerMode = 'branch' | 'full';

export interface HandlerRequest {
  provider: string;
  code?: string;
  mode: HandlerMode;
}

/** The editor languages a handler is inserted into. Go is generated but not placed yet: it opens beside. */
const sourceLanguages: Record<string, PlacementLanguage> = {
  typescript: 'typescript',
  typescriptreact: 'typescript',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  python: 'python',
};

export function snippetLanguageOf(languageId: string): PlacementLanguage | undefined {
  return sourceLanguages[languageId];
}

/** Whether handler code can be generated: for built-in providers and any provider a catalog defines. */
export function canGenerate(provider: string, catalog: Catalog): boolean {
  return (SNIPPET_PROVIDERS as readonly string[]).includes(provider) || catalog.provider(provider) !== undefined;
}

/**
 * The one function through which the editor gets handler code from the core: the provider-correct
 * generators for the five built-ins, a handler generated from the catalog's data for the others.
 */
export function handlerSnippet(request: HandlerRequest, language: SnippetLanguage, catalog: Catalog) {
  if (!(SNIPPET_PROVIDERS as readonly string[]).includes(request.provider)) {
    const provider = catalog.provider(request.provider);
    if (!provider) throw new Error(`no catalog for provider ${request.provider}`);
    return generateGenericHandler({ provider, entries: catalog.entriesOf(provider.id) }, language);
  }
  // Go has no standalone branch yet: the full handler, which handles the code too.
  if (language === 'go') return generateHandler(request.provider, language);
  // In the user's own code a branch must stand alone: one self-contained function for that code.
  return request.mode === 'branch' && request.code
    ? generateStandaloneBranch(request.provider, request.code, language, catalog.find(request.provider, request.code))
    : generateHandler(request.provider, language);
}

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
  const snippet = handlerSnippet(request, language, catalog);
  const clashes = clashingNames(document.getText(), snippet.text, language);
  if (clashes.length > 0) {
    // Inserting would leave two declarations of the same name: the file would stop compiling.
    await openSnippetBeside(snippet.snippet, language);
    void vscode.window.showInformationMessage(
      vscode.l10n.t('{0} already declares {1}: the handler opened in a new editor instead, to merge by hand.', vscode.workspace.asRelativePath(uri), clashes.join(', ')),
    );
    return false;
  }
  const editor = await vscode.window.showTextDocument(document, { preserveFocus: false, preview: false });
  const text = document.getText();
  // In a test file the handler goes to module level; elsewhere after the statement (the full handler: module level).
  const topLevel = request.mode === 'full' || isTestFile(document.uri.path);
  const sourceLanguage = sourceLanguageOf({ languageId: document.languageId, fileName: document.uri.path }, language === 'python');
  if (syntax) await syntax.load(sourceLanguage);
  const point = syntax?.withTree(text, sourceLanguage, (tree) => insertionPointInTree(tree, text, offset, topLevel)) ?? insertionPoint(text, offset, language, topLevel);
  // Indent to the statement's level ourselves: VS Code would indent to the insertion line's, which
  // in Python puts the code inside the block it follows.
  const indented = snippet.snippet
    .split('\n')
    .map((line) => (line.trim() ? point.indent + line : ''))
    .join('\n');
  const body = `\n${request.mode === 'full' ? '\n' : ''}${indented}`;
  return editor.insertSnippet(new vscode.SnippetString(body), document.positionAt(point.offset), { undoStopBefore: true, undoStopAfter: true, keepWhitespace: true });
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
