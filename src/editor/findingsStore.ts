import * as vscode from 'vscode';
import { type Catalog, builtinCatalogs } from '../core/catalog';
import { type DetectOptions, type Finding, containerOf, detectSteps, referencedPaths, updateFindings } from '../core/detect';
import type { SourceSyntax } from '../core/detect/types';
import { languages } from './contributions';
import type { Health } from './health';
import { type ApiErrorSettings, readSettings } from './settings';

interface CacheEntry {
  version: number;
  findings: readonly Finding[];
}

/** Documents up to this size are detected in one go; bigger ones in slices between other work. */
const SYNC_LIMIT = 256 * 1024;
/** Longest stretch of detection before the extension host gets the thread back. */
const SLICE_MS = 8;

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
  /** Detections under way, per document, for one version. */
  private readonly running = new Map<string, { version: number; done: Promise<readonly Finding[]> }>();
  /** `<> ./file.json` contents of .http files, read asynchronously and keyed by document. */
  private readonly references = new Map<string, Map<string, string>>();
  private readonly onDidChangeEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly onDidSkipEmitter = new vscode.EventEmitter<SkippedDocument | { uri: vscode.Uri; sizeBytes?: undefined }>();
  readonly onDidChange = this.onDidChangeEmitter.event;
  /** Fired with the size when a document is too large to scan, and without it when it is scanned. */
  readonly onDidSkip = this.onDidSkipEmitter.event;
  private readonly onDidChangeCatalogEmitter = new vscode.EventEmitter<Catalog>();
  /** A new catalog is in use (custom catalogs loaded, edited or trusted). */
  readonly onDidChangeCatalog = this.onDidChangeCatalogEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private catalog: Catalog,
    private readonly health: Health,
    /** Syntax trees for source documents (tree-sitter, loaded on the first one). */
    private readonly syntax?: SourceSyntax,
  ) {
    this.disposables.push(
      this.onDidChangeEmitter,
      this.onDidSkipEmitter,
      this.onDidChangeCatalogEmitter,
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidChangeTextDocument((e) => this.followEdit(e)),
    );
  }

  /**
   * Carries the findings of a line-oriented document (a log) through one edit by re-detecting only
   * the records near it, so typing in a 10 MB log does not mean scanning 10 MB again. Whatever the
   * core declines (JSON documents, several changes at once, ambiguous findings) is detected in full
   * on the next request, as before.
   */
  private followEdit(event: vscode.TextDocumentChangeEvent): void {
    const { document, contentChanges } = event;
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (!cached || cached.version !== document.version - 1 || contentChanges.length !== 1) return;
    const [change] = contentChanges;
    this.health.guardSync('followEdit', () => {
      const settings = readSettings(document.uri);
      const text = document.getText();
      if (text.length > settings.maxFileSizeBytes) return; // the full path says why it is skipped
      const edit = { offset: change!.rangeOffset, removedLength: change!.rangeLength, insertedText: change!.text };
      const findings = updateFindings(cached.findings, text, edit, this.catalog, this.optionsFor(document, settings));
      if (findings) this.remember(key, document.version, findings);
    });
  }

  static isSupported(document: vscode.TextDocument): boolean {
    return (languages as readonly string[]).includes(document.languageId) || /\.(http|rest|jsonl|ndjson|log)$/i.test(document.uri.path);
  }

  /** Replaces the catalog (custom catalogs, settings) and recomputes lazily. */
  setCatalog(catalog: Catalog): void {
    this.catalog = catalog;
    this.invalidateAll();
    this.onDidChangeCatalogEmitter.fire(catalog);
  }

  invalidateAll(): void {
    const uris = [...this.cache.keys()];
    this.cache.clear();
    this.running.clear();
    for (const uri of uris) this.onDidChangeEmitter.fire(vscode.Uri.parse(uri));
  }

  getCatalog(): Catalog {
    return this.catalog;
  }

  /** The findings of the document's current version, when already known (never computes). */
  peek(document: vscode.TextDocument): readonly Finding[] | undefined {
    const cached = this.cache.get(document.uri.toString());
    return cached && cached.version === document.version ? cached.findings : undefined;
  }

  /**
   * The findings of the document's current version. Small documents are detected at once; big ones
   * in slices of a few milliseconds, so the extension host never stalls. Never rejects.
   */
  get(document: vscode.TextDocument): Promise<readonly Finding[]> {
    const known = this.peek(document);
    if (known) return Promise.resolve(known);
    const key = document.uri.toString();
    const running = this.running.get(key);
    if (running && running.version === document.version) return running.done;
    const done = this.detect(document).then(
      (findings) => findings,
      (error: unknown) => {
        this.health.error('detection', error);
        return [] as readonly Finding[];
      },
    );
    this.running.set(key, { version: document.version, done });
    void done.finally(() => {
      if (this.running.get(key)?.done === done) this.running.delete(key);
    });
    return done;
  }

  private async detect(document: vscode.TextDocument): Promise<readonly Finding[]> {
    const key = document.uri.toString();
    const version = document.version;
    let started = performance.now();
    const steps = this.start(document);
    if (!steps) return this.remember(key, version, []);
    const { generator, size } = steps;
    let step = generator.next();
    if (size > SYNC_LIMIT) {
      while (!step.done) {
        const deadline = started + SLICE_MS;
        while (!step.done && performance.now() < deadline) step = generator.next();
        this.health.blocked(performance.now() - started);
        if (step.done) break;
        await new Promise((resolve) => setTimeout(resolve, 0));
        // A newer version (or a close) makes this run pointless: answer for what is there now.
        if (document.isClosed) return [];
        if (document.version !== version) return this.get(document);
        started = performance.now();
      }
    }
    while (!step.done) step = generator.next();
    this.health.blocked(performance.now() - started);
    return this.remember(key, version, step.value);
  }

  private remember(key: string, version: number, findings: readonly Finding[]): readonly Finding[] {
    this.cache.set(key, { version, findings });
    return findings;
  }

  /** Reads settings and the text, or says why the document is not scanned. */
  private start(document: vscode.TextDocument): { generator: Generator<void, Finding[]>; size: number } | undefined {
    if (!FindingsStore.isSupported(document)) return undefined;
    const settings = readSettings(document.uri);
    // Measure without copying the text: the offset of the document's end is its length.
    const size = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
    if (size > settings.maxFileSizeBytes) {
      this.onDidSkipEmitter.fire({ uri: document.uri, sizeBytes: size, limitBytes: settings.maxFileSizeBytes });
      return undefined;
    }
    this.onDidSkipEmitter.fire({ uri: document.uri });
    const text = document.getText();
    const options = this.optionsFor(document, settings);
    if (containerOf(text, options) === 'http') {
      const key = document.uri.toString();
      // Only the `<>` lines: reading every request here would repeat what detection skips.
      const wanted = referencedPaths(text);
      const known = this.references.get(key);
      if (wanted.some((path) => !known?.has(path))) void this.loadReferences(document, wanted);
      return { generator: detectSteps(text, this.catalog, { ...options, references: known }), size };
    }
    return { generator: detectSteps(text, this.catalog, options), size };
  }

  private optionsFor(document: vscode.TextDocument, settings: ApiErrorSettings): DetectOptions {
    return { languageId: document.languageId, fileName: document.uri.path, providers: this.enabledProviders(settings.providers), syntax: this.syntax };
  }

  /**
   * `apiErrors.providers` picks among the built-in providers; providers a team's catalog adds are
   * always on (adding the catalog was the choice).
   */
  private enabledProviders(setting: readonly string[] | undefined): readonly string[] | undefined {
    if (!setting) return undefined;
    const builtin = new Set(builtinCatalogs.map((c) => c.provider.id));
    return [...setting, ...this.catalog.providers.filter((p) => !builtin.has(p.id)).map((p) => p.id)];
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

  /** The finding under an offset: its code or its status line. */
  async at(document: vscode.TextDocument, offset: number): Promise<Finding | undefined> {
    return (await this.get(document)).find(
      (f) => (offset >= f.codeRange.start && offset <= f.codeRange.end) || (f.statusRange && offset >= f.statusRange.start && offset <= f.statusRange.end),
    );
  }

  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.cache.delete(key);
    this.running.delete(key);
    this.references.delete(key);
  }

  dispose(): void {
    this.cache.clear();
    this.references.clear();
    for (const d of this.disposables) d.dispose();
  }
}
