import * as vscode from 'vscode';
import { builtinCatalogs } from '../core/catalog';
import { type CustomCatalog, mergeCatalogs, problemText, validateCatalogText } from '../core/custom';
import { LineIndex } from '../core/lineIndex';
import { Settings } from './contributions';
import type { FindingsStore } from './findingsStore';

const CATALOG_GLOB = '**/{*.api-errors.json,.vscode/api-errors.json}';
const EXCLUDE = '**/{node_modules,.git,.vscode-test,dist,out}/**';
const MAX_CATALOGS = 200;

/**
 * Teams' own catalogs: `*.api-errors.json` anywhere in the workspace, `.vscode/api-errors.json` and
 * the files listed in `apiErrors.catalogs`. Valid ones join the built-ins everywhere (the store's
 * catalog feeds detection, hovers, quick fixes and lookup); broken ones get diagnostics on their
 * own file and a one-line notice, and never disturb the rest. Read only in trusted workspaces.
 */
export class CustomCatalogs implements vscode.Disposable {
  private readonly problems = vscode.languages.createDiagnosticCollection('apiErrors.catalogs');
  private readonly notice = vscode.window.createStatusBarItem('apiErrors.catalogNotice', vscode.StatusBarAlignment.Right, 99);
  private readonly disposables: vscode.Disposable[] = [this.problems, this.notice];
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private loaded: string[] = [];
  /** The reload in progress (tests and commands can await it). */
  ready: Promise<void> = Promise.resolve();

  constructor(private readonly store: FindingsStore) {
    this.notice.name = vscode.l10n.t('API Errors: custom catalogs');
    const watcher = vscode.workspace.createFileSystemWatcher(CATALOG_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidChange(() => this.scheduleReload()),
      watcher.onDidCreate(() => this.scheduleReload()),
      watcher.onDidDelete(() => this.scheduleReload()),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (this.isCatalogFile(d.uri)) this.scheduleReload();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${Settings.section}.${Settings.catalogs}`)) this.scheduleReload();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleReload()),
    );
    this.ready = this.reload();
  }

  /** The catalog files in use, for the user and the tests. */
  get files(): readonly string[] {
    return this.loaded;
  }

  private isCatalogFile(uri: vscode.Uri): boolean {
    return /\.api-errors\.json$/.test(uri.path) || /\/\.vscode\/api-errors\.json$/.test(uri.path) || this.listedInSettings().some((u) => u.toString() === uri.toString());
  }

  private scheduleReload(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.ready = this.reload();
    }, 200);
  }

  private listedInSettings(): vscode.Uri[] {
    const listed = vscode.workspace.getConfiguration(Settings.section).get<string[]>(Settings.catalogs, []);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    return listed
      .filter((p) => typeof p === 'string' && p.trim())
      .map((p) => (/^[a-z][a-z0-9+.-]+:/i.test(p) ? vscode.Uri.parse(p) : p.startsWith('/') || !folder ? vscode.Uri.file(p) : vscode.Uri.joinPath(folder, p)));
  }

  private async reload(): Promise<void> {
    this.problems.clear();
    if (!vscode.workspace.isTrusted) {
      // A workspace could ship a catalog that misleads: in Restricted Mode only the built-ins count.
      this.loaded = [];
      this.store.setCatalog(mergeCatalogs(builtinCatalogs, []).catalog);
      const found = await vscode.workspace.findFiles(CATALOG_GLOB, EXCLUDE, 1);
      this.show(found.length > 0 || this.listedInSettings().length > 0 ? vscode.l10n.t('Restricted Mode: workspace error catalogs are ignored until you trust this folder.') : undefined, true);
      return;
    }
    const uris = new Map<string, vscode.Uri>();
    for (const uri of [...(await vscode.workspace.findFiles(CATALOG_GLOB, EXCLUDE, MAX_CATALOGS)), ...this.listedInSettings()]) uris.set(uri.toString(), uri);
    const customs: CustomCatalog[] = [];
    const broken: string[] = [];
    for (const uri of uris.values()) {
      const name = vscode.workspace.asRelativePath(uri);
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        broken.push(name);
        this.problems.set(uri, [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), vscode.l10n.t('This catalog file cannot be read.'), vscode.DiagnosticSeverity.Error)]);
        continue;
      }
      const result = validateCatalogText(text, name);
      const lines = new LineIndex(text);
      const at = (offset: number) => {
        const p = lines.position(offset);
        return new vscode.Position(p.line - 1, p.column - 1);
      };
      this.problems.set(
        uri,
        result.problems.map((problem) => {
          const d = new vscode.Diagnostic(new vscode.Range(at(problem.offset), at(problem.offset + problem.length)), problemText(problem), problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
          d.source = 'API Errors';
          return d;
        }),
      );
      if (result.catalog) customs.push({ origin: name, catalog: result.catalog });
      else broken.push(name);
    }
    const merged = mergeCatalogs(builtinCatalogs, customs);
    this.loaded = customs.map((c) => c.origin);
    this.store.setCatalog(merged.catalog);
    this.show(broken.length ? vscode.l10n.t('API Errors: {0} is not a valid error catalog; built-in and other catalogs still work. See its Problems.', broken.join(', ')) : undefined, false);
  }

  private show(text: string | undefined, restricted: boolean): void {
    if (!text) {
      this.notice.hide();
      return;
    }
    this.notice.text = `$(${restricted ? 'shield' : 'warning'}) ${restricted ? vscode.l10n.t('API Errors: built-in catalog only') : vscode.l10n.t('API Errors: catalog problems')}`;
    this.notice.tooltip = text;
    this.notice.command = restricted ? 'workbench.trust.manage' : 'workbench.actions.view.problems';
    this.notice.show();
    this.lastNotice = text;
  }

  /** The last notice shown (for the integration tests). */
  lastNotice: string | undefined;

  dispose(): void {
    clearTimeout(this.reloadTimer);
    for (const d of this.disposables) d.dispose();
  }
}
