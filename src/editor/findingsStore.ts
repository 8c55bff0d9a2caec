import * as vscode from 'vscode';
import type { Catalog } from '../core/catalog';
import { type Finding, containerOf, detect, parseHttp } from '../core/detect';
import { languages } from './contributions';
import { readSettings } from './settings';

interface CacheEntry {
  version: number;
  findings: readonly Finding[];
}

export interface SkippedDocument {
  uri: vscode.Uri;
  sizeBytes: number;
  limitBytes: number;
}

/**
 * Findings per document, computed once per document version and shared by hover, diagnostics,
 * code actions and inlay hints; dropped when the document closes.
 */
export class FindingsStore implements vscode.Disposable {
  private readonly cache = new Map<string, CacheEntry>();
  /** `<> ./file.json` contents of .http files, read asynchronously and keyed by document. */
  private readonly references = new Map<string, Map<string, string>>();
  private readonly onDidChangeEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly onDidSkipEmitter = new vscode.EventEmitter<SkippedDocument | { uri: vscode.Uri; sizeBytes?: undefined }>();
  readonly onDidChange = this.onDidChangeEmitter.event;
  /** Fired with the size when a document is too large to scan, and without it when it is scanned. */
  readonly onDidSkip = this.onDidSkipEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private catalog: Catalog) {
    this.disposables.push(
      this.onDidChangeEmitter,
      this.onDidSkipEmitter,
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
    );
  }

  static isSupported(document: vscode.TextDocument): boolean {
    return (languages as readonly string[]).includes(document.languageId) || /\.(http|rest|jsonl|ndjson|log)$/i.test(document.uri.path);
  }

  /** Replaces the catalog (custom catalogs, settings) and recomputes lazily. */
  setCatalog(catalog: Catalog): void {
    this.catalog = catalog;
    this.invalidateAll();
  }

  invalidateAll(): void {
    const uris = [...this.cache.keys()];
    this.cache.clear();
    for (const uri of uris) this.onDidChangeEmitter.fire(vscode.Uri.parse(uri));
  }

  getCatalog(): Catalog {
    return this.catalog;
  }

  /** The findings of the document's current version (computed now if needed; never throws). */
  get(document: vscode.TextDocument): readonly Finding[] {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached.findings;
    const findings = this.compute(document);
    this.cache.set(key, { version: document.version, findings });
    return findings;
  }

  private compute(document: vscode.TextDocument): readonly Finding[] {
    if (!FindingsStore.isSupported(document)) return [];
    const settings = readSettings(document.uri);
    // Measure without copying the text: the offset of the document's end is its length.
    const size = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
    if (size > settings.maxFileSizeBytes) {
      this.onDidSkipEmitter.fire({ uri: document.uri, sizeBytes: size, limitBytes: settings.maxFileSizeBytes });
      return [];
    }
    this.onDidSkipEmitter.fire({ uri: document.uri });
    const text = document.getText();
    const options = { languageId: document.languageId, fileName: document.uri.path, providers: settings.providers?.length ? settings.providers : undefined };
    const key = document.uri.toString();
    if (containerOf(text, options) === 'http') {
      const wanted = parseHttp(text).references.map((r) => r.path);
      const known = this.references.get(key);
      if (wanted.some((path) => !known?.has(path))) void this.loadReferences(document, wanted);
      return detect(text, this.catalog, { ...options, references: known });
    }
    return detect(text, this.catalog, options);
  }

  /** Reads `<>` response files next to the .http file (workspace.fs: works on virtual file systems too). */
  private async loadReferences(document: vscode.TextDocument, paths: string[]): Promise<void> {
    const key = document.uri.toString();
    const loaded = this.references.get(key) ?? new Map<string, string>();
    this.references.set(key, loaded);
    const folder = vscode.Uri.joinPath(document.uri, '..');
    let changed = false;
    for (const path of paths) {
      if (loaded.has(path)) continue;
      loaded.set(path, ''); // never ask twice for a file that does not exist
      try {
        const uri = /^[a-z][a-z0-9+.-]+:/i.test(path) ? vscode.Uri.parse(path) : vscode.Uri.joinPath(folder, path);
        const bytes = await vscode.workspace.fs.readFile(uri);
        if (bytes.byteLength > 5 * 1024 * 1024 || bytes.subarray(0, 8192).includes(0)) continue;
        loaded.set(path, new TextDecoder().decode(bytes));
        changed = true;
      } catch {
        // A missing response file leaves that reference unexplained.
      }
    }
    if (changed) {
      this.cache.delete(key);
      this.onDidChangeEmitter.fire(document.uri);
    }
  }

  /** The finding under an offset: its code, its status line, or (for hovers on the body) none. */
  at(document: vscode.TextDocument, offset: number): Finding | undefined {
    return this.get(document).find(
      (f) => (offset >= f.codeRange.start && offset <= f.codeRange.end) || (f.statusRange && offset >= f.statusRange.start && offset <= f.statusRange.end),
    );
  }

  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.cache.delete(key);
    this.references.delete(key);
  }

  dispose(): void {
    this.cache.clear();
    this.references.clear();
    for (const d of this.disposables) d.dispose();
  }
}
