import * as vscode from 'vscode';
import { builtinCatalog } from './core/catalog';
import type { Finding } from './core/detect';
import { CatalogView } from './editor/catalogView';
import { CustomCatalogs } from './editor/customCatalogs';
import { ApiErrorCodeActions } from './editor/codeActions';
import { createCommands } from './editor/commands';
import { Settings, filePatterns, languages } from './editor/contributions';
import { DiagnosticsFeature } from './editor/diagnostics';
import { FindingsStore } from './editor/findingsStore';
import { type HealthReport, Health } from './editor/health';
import { ApiErrorHoverProvider } from './editor/hover';
import { ApiErrorInlayHints } from './editor/inlayHints';
import { registerLanguageModelTools } from './editor/languageModelTools';
import { SizeNotice } from './editor/sizeNotice';
import { LazyTreeSitter } from './syntax/treeSitter';

/** What the extension offers other extensions (and its own integration tests). */
export interface ApiErrorInspectorApi {
  findings(document: vscode.TextDocument): Promise<readonly Finding[]>;
  sizeNotice(): string | undefined;
  /** Custom catalogs in use, once the current (re)load is done; and the notice about them, if any. */
  customCatalogs(): Promise<{ files: readonly string[]; notice: string | undefined }>;
  /** How long activate() took, in milliseconds (reported by the in-editor benchmark). */
  activationMs: number;
  /** Longest calls and caught errors of the editor features (read by the reliability tests). */
  health(): HealthReport;
}

export const documentSelector: vscode.DocumentSelector = [...languages.map((language) => ({ language })), ...filePatterns.map((pattern) => ({ pattern }))];

/** The composition root shared by the Node and browser builds: it builds and registers, nothing else. */
export function activateShared(context: vscode.ExtensionContext): ApiErrorInspectorApi {
  const started = performance.now();
  const health = new Health();
  // Tree-sitter's wasm is read through the extension's URI (works in the web worker too) when the
  // first source document is detected; findings are worked out again once a grammar is ready.
  const treeSitter = new LazyTreeSitter(
    async (file) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'dist', 'tree-sitter', file)),
    () => redetectAll(),
    (error) => health.error('tree-sitter', error),
  );
  const store = new FindingsStore(builtinCatalog, health, treeSitter);
  const diagnostics = new DiagnosticsFeature(store, health);
  const inlayHints = new ApiErrorInlayHints(store, health);
  const redetectAll = () => {
    store.invalidateAll();
    diagnostics.refreshAll();
    inlayHints.refresh();
  };
  const sizeNotice = new SizeNotice(store);
  const customCatalogs = new CustomCatalogs(store);
  const catalogView = new CatalogView(context.extensionUri, () => store.getCatalog());
  const commands = createCommands(() => store.getCatalog(), catalogView, treeSitter);

  context.subscriptions.push(
    health,
    store,
    customCatalogs,
    diagnostics,
    inlayHints,
    sizeNotice,
    catalogView,
    vscode.languages.registerHoverProvider(documentSelector, new ApiErrorHoverProvider(store, health)),
    vscode.languages.registerCodeActionsProvider(documentSelector, new ApiErrorCodeActions(store, health), ApiErrorCodeActions.metadata),
    vscode.languages.registerInlayHintsProvider(documentSelector, inlayHints),
    store.onDidChange(() => inlayHints.refresh()),
    store.onDidChangeCatalog(() => catalogView.refresh()),
    registerLanguageModelTools(() => store.getCatalog()),
    ...Object.entries(commands).map(([id, run]) => vscode.commands.registerCommand(id, run as (...args: unknown[]) => unknown)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(Settings.section)) return;
      redetectAll();
    }),
  );
  return {
    findings: (document) => store.get(document),
    sizeNotice: () => sizeNotice.visibleText,
    customCatalogs: async () => {
      await customCatalogs.ready;
      return { files: customCatalogs.files, notice: customCatalogs.lastNotice };
    },
    health: () => health.report(),
    activationMs: performance.now() - started,
  };
}

export function activate(context: vscode.ExtensionContext): ApiErrorInspectorApi {
  try {
    return activateShared(context);
  } catch (error) {
    // VS Code logs activation failures quietly; users should see them.
    void vscode.window.showErrorMessage(vscode.l10n.t('API Error Inspector failed to start: {0}', (error as Error).message));
    throw error;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
