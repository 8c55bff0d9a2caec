import {
  type CancellationToken,
  type ClientCapabilities,
  type CodeAction,
  CodeActionKind,
  type Connection,
  type Diagnostic,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  ErrorCodes,
  type InitializeResult,
  LSPErrorCodes,
  MarkupKind,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type WorkspaceEdit,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type Catalog, builtinCatalog, builtinCatalogs } from '../core/catalog';
import { entryCard, findingCard } from '../core/card';
import { cardToMarkdown } from '../core/cardMarkdown';
import type { Clock } from '../core/clock';
import { type DetectOptions, type Finding, containerOf, referencedPaths } from '../core/detect';
import { Lookup } from '../core/lookup';
import { entryToJson } from '../core/present';
import { type HandlerMode, diagnosticText, formatTitle, handlerInsertion, handlerSnippet, quickFixes, snippetLanguageOf } from '../core/quickFixes';
import { SNIPPET_LANGUAGES, type SnippetLanguage } from '../core/snippets';
import { sourceLanguageOf } from '../core/detect/syntax';
import { DIAGNOSTIC_SOURCE, Settings, languages } from '../editor/contributions';
import { LazyTreeSitter, type WasmReader } from '../syntax/treeSitter';
import { ServerDocuments } from './documents';
import { type ServerSettings, settingsFrom } from './settings';

/** The commands `workspace/executeCommand` runs. */
export const ServerCommands = {
  lookup: 'apiErrors.lookup',
  handler: 'apiErrors.handler',
} as const;

/** How the server reaches files: custom catalogs and `.http` `<>` references. Injected for tests. */
export interface ServerFiles {
  /** The catalog loaded from these workspace folders (file system paths) and listed files; problems reported through `warn`. */
  loadCatalog(folders: readonly string[], listed: readonly string[], warn: (message: string) => void): Promise<Catalog>;
  /** A small file next to a `.http` document, or undefined. */
  readReference(path: string): string | undefined;
  /** One of tree-sitter's wasm files shipped beside the server (source documents are parsed with them). */
  readWasm?: WasmReader;
}

/**
 * What the client must say, in `initializationOptions`, before workspace catalogs are read: a
 * repository could ship a catalog that misleads, and its own settings could claim to be trusted,
 * so trust comes from how the client starts the server, not from workspace/configuration.
 */
export interface InitializationOptions {
  workspaceTrusted?: boolean;
  /** Settings for clients without workspace/configuration. */
  settings?: unknown;
}

const DEBOUNCE_MS = 250;
const MAX_LOOKUP_RESULTS = 10;
const supportedFile = /\.(?:http|rest|jsonl|ndjson|log|json|jsonc|har|md|markdown|ts|tsx|mts|cts|js|jsx|mjs|cjs|py|txt)$/i;

/** file:///a/b%20c → /a/b c; undefined for other schemes (virtual documents have no folder to read). */
export function filePath(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    return url.protocol === 'file:' ? decodeURIComponent(url.pathname) : undefined;
  } catch {
    return undefined;
  }
}

const isPosition = (p: unknown): boolean => typeof (p as { line?: unknown })?.line === 'number' && typeof (p as { character?: unknown })?.character === 'number';

/** A request's params must name a document (and a position or range where the method takes one): else InvalidParams, not a crash. */
function checkParams(method: string, params: unknown, needs: 'position' | 'range' | 'document'): void {
  const p = params as { textDocument?: { uri?: unknown }; position?: unknown; range?: { start?: unknown; end?: unknown } } | null;
  const valid =
    typeof p?.textDocument?.uri === 'string' &&
    (needs === 'document' || (needs === 'position' ? isPosition(p.position) : isPosition(p.range?.start) && isPosition(p.range?.end)));
  if (!valid) throw new ResponseError(ErrorCodes.InvalidParams, `${method}: params need textDocument.uri${needs === 'document' ? '' : ` and a ${needs}`}`);
}

/** Wires every request and notification to the core. Returns once registered; `connection.listen()` is the caller's. */
export function startServer(connection: Connection, files: ServerFiles): void {
  let capabilities: ClientCapabilities = {};
  let options: InitializationOptions = {};
  let folders: WorkspaceFolder[] = [];
  let locale: string | undefined;
  let catalog: Catalog = builtinCatalog;
  let globalSettings: unknown;
  const settingsCache = new Map<string, Promise<ServerSettings>>();
  const resolvedSettings = new Map<string, ServerSettings>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const notifiedSkips = new Set<string>();
  const references = new Map<string, Map<string, string>>();

  const pullDiagnostics = () => capabilities.textDocument?.diagnostic !== undefined;
  const canConfigure = () => capabilities.workspace?.configuration === true;

  const settingsOf = (uri: string): Promise<ServerSettings> => {
    let pending = settingsCache.get(uri);
    if (!pending) {
      pending = (canConfigure() ? connection.workspace.getConfiguration({ scopeUri: uri, section: Settings.section }) : Promise.resolve(globalSettings)).then(
        (raw: unknown) => settingsFrom(raw ?? globalSettings),
        () => settingsFrom(globalSettings),
      );
      settingsCache.set(uri, pending);
      void pending.then((s) => resolvedSettings.set(uri, s));
    }
    return pending;
  };

  const enabledProviders = (setting: readonly string[] | undefined): readonly string[] | undefined => {
    if (!setting) return undefined;
    // As in the extension: the setting picks among the built-ins; a team's own providers are always on.
    const builtin = new Set(builtinCatalogs.map((c) => c.provider.id));
    return [...setting, ...catalog.providers.filter((p) => !builtin.has(p.id)).map((p) => p.id)];
  };

  const detectOptions = (document: TextDocument, settings: ServerSettings): DetectOptions => {
    const path = filePath(document.uri) ?? document.uri;
    const known = (languages as readonly string[]).includes(document.languageId);
    const base: DetectOptions = { languageId: known ? document.languageId : undefined, fileName: path, providers: enabledProviders(settings.providers), syntax };
    return { ...base, references: references.get(document.uri) };
  };

  // Source documents through tree-sitter, loaded on the first one (until then they are read as text):
  // mocks as object and dict literals, comparisons, quick-fix placement. Each grammar's arrival
  // detects the open documents again.
  const syntax = files.readWasm
    ? new LazyTreeSitter(
        files.readWasm,
        () => redetectAll(),
        (error) => connection.console.warn(`tree-sitter could not be loaded; source is read without syntax trees: ${error instanceof Error ? error.message : String(error)}`),
      )
    : undefined;

  const documents = new ServerDocuments((document) => {
    const settings = resolvedSettings.get(document.uri) ?? settingsFrom(globalSettings);
    return { catalog, options: detectOptions(document, settings), maxFileSizeBytes: settings.maxFileSizeBytes };
  });

  const isSupported = (document: TextDocument) => (languages as readonly string[]).includes(document.languageId) || supportedFile.test(filePath(document.uri) ?? document.uri);

  /** `<> ./file.json` responses of a .http document, read once from its folder. */
  const loadReferences = (document: TextDocument, settings: ServerSettings) => {
    const path = filePath(document.uri);
    if (!path || containerOf(document.getText(), detectOptions(document, settings)) !== 'http') return;
    const known = references.get(document.uri) ?? new Map<string, string>();
    references.set(document.uri, known);
    const folder = path.slice(0, path.lastIndexOf('/') + 1);
    for (const wanted of referencedPaths(document.getText())) {
      if (known.has(wanted) || /^[a-z][a-z0-9+.-]+:/i.test(wanted)) continue;
      known.set(wanted, files.readReference(wanted.startsWith('/') ? wanted : folder + wanted) ?? '');
    }
  };

  const clock = (): Clock => ({ now: Date.now(), locale });

  const toDiagnostic = (document: TextDocument, finding: Finding, settings: ServerSettings): Diagnostic => {
    const text = diagnosticText(finding, catalog);
    return {
      range: { start: document.positionAt(finding.codeRange.start), end: document.positionAt(finding.codeRange.end) },
      severity: settings.diagnosticsSeverity,
      source: DIAGNOSTIC_SOURCE,
      message: text.message,
      code: text.code,
      ...(text.docs ? { codeDescription: { href: text.docs } } : {}),
    };
  };

  /** The document's diagnostics now; undefined when it closed or changed meanwhile. */
  const diagnosticsOf = async (uri: string, token?: CancellationToken): Promise<Diagnostic[] | undefined> => {
    const document = documents.get(uri);
    if (!document || !isSupported(document)) return [];
    const settings = await settingsOf(uri);
    if (!settings.diagnosticsEnabled) return [];
    const skipped = documents.skipped(document);
    if (skipped && !notifiedSkips.has(uri)) {
      notifiedSkips.add(uri);
      void connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Info,
        message: `API Errors: ${uri.split('/').pop()} is ${(skipped.sizeBytes / 1048576).toFixed(1)} MB, over apiErrors.maxFileSizeMB (${skipped.limitBytes / 1048576} MB): not scanned.`,
      });
    }
    const findings = await documents.findings(uri, () => token?.isCancellationRequested === true);
    const current = documents.get(uri);
    if (!findings || !current || current.version !== document.version) return undefined;
    return findings.map((f) => toDiagnostic(current, f, settings));
  };

  const publish = async (uri: string) => {
    try {
      const document = documents.get(uri);
      const diagnostics = await diagnosticsOf(uri);
      if (diagnostics && document) await connection.sendDiagnostics({ uri, version: document.version, diagnostics });
    } catch (error) {
      connection.console.error(`diagnostics of ${uri}: ${(error as Error).message}`);
    }
  };

  const schedule = (uri: string, delay: number) => {
    if (pullDiagnostics()) return;
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void publish(uri);
      }, delay),
    );
  };

  const redetectAll = () => {
    documents.invalidateAll();
    if (pullDiagnostics()) {
      if (capabilities.workspace?.diagnostics?.refreshSupport) void connection.sendRequest('workspace/diagnostic/refresh').catch(() => undefined);
    } else for (const document of documents.all()) schedule(document.uri, 0);
  };

  const refreshAll = () => {
    settingsCache.clear();
    resolvedSettings.clear();
    redetectAll();
  };

  const reloadCatalog = async () => {
    if (!options.workspaceTrusted) {
      catalog = builtinCatalog;
      return;
    }
    const paths = folders.map((f) => filePath(f.uri)).filter((p): p is string => p !== undefined);
    const listed = (await settingsOf(folders[0]?.uri ?? '')).catalogs;
    catalog = await files.loadCatalog(paths, listed, (message) => connection.console.warn(message));
    refreshAll();
  };

  const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');

  connection.onInitialize((params): InitializeResult => {
    capabilities = params.capabilities;
    options = (params.initializationOptions ?? {}) as InitializationOptions;
    globalSettings = options.settings;
    locale = params.locale;
    folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        executeCommandProvider: { commands: Object.values(ServerCommands) },
        ...(pullDiagnostics() ? { diagnosticProvider: { identifier: 'apiErrors', interFileDependencies: false, workspaceDiagnostics: false } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'api-errors-lsp' },
    };
  });

  connection.onInitialized(() => {
    if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) void connection.client.register(DidChangeConfigurationNotification.type, { section: Settings.section });
    if (capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        folders = [...folders.filter((f) => !event.removed.some((r) => r.uri === f.uri)), ...event.added];
        void reloadCatalog();
      });
    }
    if (options.workspaceTrusted && capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      // Catalogs edited, added or deleted on disk take effect without a restart, as in VS Code.
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.api-errors.json' }, { globPattern: '**/.vscode/api-errors.json' }] });
    }
    void reloadCatalog();
  });

  connection.onDidChangeWatchedFiles(() => void reloadCatalog());

  connection.onDidChangeConfiguration((params) => {
    const sent = (params.settings as Record<string, unknown> | null | undefined)?.[Settings.section];
    if (sent !== undefined) globalSettings = sent;
    refreshAll();
    void reloadCatalog();
  });

  connection.onDidOpenTextDocument(({ textDocument }) => {
    const document = documents.didOpen(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text);
    void settingsOf(document.uri).then((settings) => {
      if (documents.get(document.uri) === document && !documents.skipped(document)) loadReferences(document, settings);
    });
    schedule(document.uri, 0);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    if (documents.didChange(textDocument.uri, textDocument.version, contentChanges)) schedule(textDocument.uri, DEBOUNCE_MS);
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    clearTimeout(timers.get(textDocument.uri));
    timers.delete(textDocument.uri);
    documents.didClose(textDocument.uri);
    settingsCache.delete(textDocument.uri);
    resolvedSettings.delete(textDocument.uri);
    references.delete(textDocument.uri);
    notifiedSkips.delete(textDocument.uri);
    if (!pullDiagnostics()) void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on(async (params, token) => {
    checkParams('textDocument/diagnostic', params, 'document');
    const items = await diagnosticsOf(params.textDocument.uri, token);
    if (token.isCancellationRequested) throw cancelled();
    // The document changed meanwhile: the client asks again for the new version.
    if (!items) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'the document changed', { retriggerRequest: true });
    return { kind: DocumentDiagnosticReportKind.Full, items };
  });

  connection.onHover(async (params, token) => {
    checkParams('textDocument/hover', params, 'position');
    const document = documents.get(params.textDocument.uri);
    if (!document || !isSupported(document)) return null;
    await settingsOf(document.uri);
    const offset = document.offsetAt(params.position);
    const findings = await documents.findings(document.uri, () => token.isCancellationRequested);
    if (token.isCancellationRequested) throw cancelled();
    const finding = findings?.find((f) => (offset >= f.codeRange.start && offset <= f.codeRange.end) || (f.statusRange && offset >= f.statusRange.start && offset <= f.statusRange.end));
    if (!finding) return null;
    const markdown = capabilities.textDocument?.hover?.contentFormat?.includes(MarkupKind.Markdown) !== false;
    const onStatus = finding.statusRange && offset >= finding.statusRange.start && offset <= finding.statusRange.end ? finding.statusRange : undefined;
    const range = onStatus ?? finding.codeRange;
    return {
      contents: { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: cardToMarkdown(findingCard(finding, catalog, clock())) },
      range: { start: document.positionAt(range.start), end: document.positionAt(range.end) },
    };
  });

  connection.onCodeAction(async (params, token) => {
    checkParams('textDocument/codeAction', params, 'range');
    const document = documents.get(params.textDocument.uri);
    if (!document || !isSupported(document)) return [];
    const language = snippetLanguageOf(document.languageId);
    // Handlers are inserted into source files only: a log or a JSON body is not where code goes.
    if (!language) return [];
    await settingsOf(document.uri);
    const from = document.offsetAt(params.range.start);
    const to = document.offsetAt(params.range.end);
    const reported = Array.isArray(params.context?.diagnostics) ? params.context.diagnostics : [];
    const findings = await documents.findings(document.uri, () => token.isCancellationRequested);
    if (token.isCancellationRequested) throw cancelled();
    const snippets = capabilities.workspace?.workspaceEdit?.snippetEditSupport === true && capabilities.workspace?.workspaceEdit?.documentChanges === true;
    const actions: CodeAction[] = [];
    const text = document.getText();
    const path = filePath(document.uri) ?? document.uri;
    const sourceLanguage = sourceLanguageOf({ languageId: document.languageId, fileName: path }, language);
    if (syntax) await syntax.load(sourceLanguage);
    for (const finding of (findings ?? []).filter((f) => f.codeRange.start <= to && f.codeRange.end >= from)) {
      const diagnostics = reported.filter((d) => d.source === DIAGNOSTIC_SOURCE && document.offsetAt(d.range.start) === finding.codeRange.start);
      for (const fix of quickFixes(finding, catalog, true, language)) {
        const insertion = handlerInsertion(text, finding.codeRange.start, fix.request, language, catalog, { fileName: path, syntax, sourceLanguage });
        // Two declarations of one name would stop the file compiling: no edit is offered then.
        if ('clashes' in insertion) continue;
        const at = document.positionAt(insertion.offset);
        const range = { start: at, end: at };
        // Go's imports merge into the file's in the same edit.
        const also = (insertion.also ?? []).map((r) => ({ range: { start: document.positionAt(r.start), end: document.positionAt(r.end) }, newText: r.text }));
        const edit: WorkspaceEdit = snippets
          ? { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits: [...also, { range, snippet: { kind: 'snippet', value: insertion.snippet } }] }] }
          : { changes: { [document.uri]: [...also, { range, newText: insertion.text }] } };
        actions.push({ title: formatTitle(fix.title, fix.providerName, fix.request.code ?? ''), kind: CodeActionKind.QuickFix, diagnostics, isPreferred: fix.preferred, edit });
      }
    }
    return actions;
  });

  connection.onExecuteCommand(async (params) => {
    const [argument] = params.arguments ?? [];
    if (params.command === ServerCommands.lookup) {
      const query = typeof argument === 'string' ? argument : (argument as { query?: unknown } | undefined)?.query;
      if (typeof query !== 'string' || !query.trim()) throw new ResponseError(ErrorCodes.InvalidParams, `${ServerCommands.lookup} needs a query: ["rate_limited"] or [{ "query": "429" }]`);
      const results = new Lookup(catalog).search(query, { limit: MAX_LOOKUP_RESULTS });
      const best = results[0]?.entry;
      return { entries: results.map((r) => entryToJson(r.entry)), markdown: best ? cardToMarkdown(entryCard(best, catalog)) : undefined };
    }
    if (params.command === ServerCommands.handler) {
      const args = (argument ?? {}) as { provider?: unknown; code?: unknown; mode?: unknown; language?: unknown };
      const settingsLanguage = (await settingsOf(folders[0]?.uri ?? '')).snippetLanguage;
      const language = (typeof args.language === 'string' ? args.language : settingsLanguage === 'auto' ? 'typescript' : settingsLanguage) as SnippetLanguage;
      if (typeof args.provider !== 'string' || !(SNIPPET_LANGUAGES as readonly string[]).includes(language)) {
        throw new ResponseError(ErrorCodes.InvalidParams, `${ServerCommands.handler} needs { provider, code?, mode?: "branch" | "full", language?: ${SNIPPET_LANGUAGES.join(' | ')} }`);
      }
      const mode: HandlerMode = args.mode === 'branch' ? 'branch' : 'full';
      try {
        const snippet = handlerSnippet({ provider: args.provider, code: typeof args.code === 'string' ? args.code : undefined, mode }, language, catalog);
        return { language, text: snippet.text };
      } catch (error) {
        throw new ResponseError(ErrorCodes.InvalidParams, (error as Error).message);
      }
    }
    throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${params.command}: expected ${Object.values(ServerCommands).join(' or ')}`);
  });
}
