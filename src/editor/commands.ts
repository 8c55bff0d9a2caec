import * as vscode from 'vscode';
import type { Catalog, ResolvedEntry } from '../core/catalog';
import { findingCard } from '../core/card';
import { detect } from '../core/detect';
import { Lookup } from '../core/lookup';
import { detectFormat, importErrorTable } from '../core/import';
import { entryLabel } from '../core/present';
import type { CatalogView } from './catalogView';
import { editorClock } from './clock';
import { Commands } from './contributions';
import { tryIt } from './tryIt';
import type { LazyTreeSitter } from '../syntax/treeSitter';
import { type HandlerMode, copyHandler, insertHandlerAt, openHandler, pickLanguage, snippetLanguageOf, handlerSnippet } from './handlers';

interface HandlerArgs {
  uri?: string;
  offset?: number;
  provider: string;
  code?: string;
  mode?: HandlerMode;
  version?: number;
}

interface EntryItem extends vscode.QuickPickItem {
  entry: ResolvedEntry;
}

/** Every command, declared in one table: id → implementation. */
export function createCommands(getCatalog: () => Catalog, catalogView: CatalogView, syntax?: LazyTreeSitter): Record<string, (...args: never[]) => unknown> {
  const entryItems = (catalog: Catalog): EntryItem[] =>
    catalog.entries.map((entry) => ({
      label: `$(${entry.kind === 'status' ? 'symbol-number' : entry.kind === 'message' ? 'comment' : 'error'}) ${entryLabel(entry)}`,
      description: [catalog.displayName(entry.provider), String(entry.status), entry.endpoint, entry.origin ? vscode.l10n.t('from {0}', entry.origin) : undefined].filter(Boolean).join(' · '),
      detail: entry.meaning,
      entry,
    }));

  /** An entry's card, beside the editor and not modal: links that open, buttons that act, nothing on Enter. */
  const showEntry = (entry: ResolvedEntry): vscode.WebviewPanel => catalogView.showEntry(entry);

  /**
   * The command-palette lookup. What the user types is searched by the core's lookup (words in any
   * order, word starts, one-letter typos, over code, meaning, action and provider); its results are
   * always shown, in its order. When it finds nothing, the quick pick's own fuzzy filter over every
   * entry still answers.
   */
  const lookup = async (args?: { query?: string }): Promise<ResolvedEntry | undefined> => {
    const catalog = getCatalog();
    const search = new Lookup(catalog);
    const all = entryItems(catalog);
    const itemOf = new Map(all.map((item) => [item.entry, item]));
    const pick = vscode.window.createQuickPick<EntryItem>();
    pick.title = vscode.l10n.t('API Errors: Look Up Error Code');
    pick.placeholder = vscode.l10n.t('Code, HTTP status, provider or words (rate_limited, 429, knouds, organization frozen)');
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    const update = (value: string) => {
      const found = value.trim() ? search.search(value, { limit: 50 }) : [];
      pick.items = found.length ? found.map((r) => ({ ...(itemOf.get(r.entry) as EntryItem), alwaysShow: true })) : all;
    };
    const changed = pick.onDidChangeValue(update);
    update(args?.query ?? '');
    if (args?.query) pick.value = args.query;
    const chosen = await new Promise<ResolvedEntry | undefined>((resolve) => {
      pick.onDidAccept(() => {
        resolve(pick.selectedItems[0]?.entry);
        pick.hide();
      });
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
    changed.dispose();
    pick.dispose();
    if (chosen) showEntry(chosen);
    return chosen;
  };

  const insertHandlerCommand = async (args?: Partial<HandlerArgs>): Promise<boolean> => {
    const catalog = getCatalog();
    const provider =
      args?.provider ??
      (
        await vscode.window.showQuickPick(
          catalog.providers.map((p) => ({ label: p.displayName, description: p.hosts.join(', '), id: p.id })),
          { title: vscode.l10n.t('Insert Error Handler: provider') },
        )
      )?.id;
    if (!provider) return false;
    const editor = vscode.window.activeTextEditor;
    const editorLanguage = editor ? snippetLanguageOf(editor.document.languageId) : undefined;
    const language = editorLanguage ?? (await pickLanguage(editor?.document.uri));
    if (!language) return false;
    const snippet = handlerSnippet({ provider, code: args?.code, mode: args?.mode ?? 'full' }, language, catalog);
    if (editor && editorLanguage) return editor.insertSnippet(new vscode.SnippetString(snippet.snippet), editor.selection.active);
    const document = await vscode.workspace.openTextDocument({ language, content: '' });
    return (await vscode.window.showTextDocument(document)).insertSnippet(new vscode.SnippetString(snippet.snippet));
  };

  const explainClipboard = async (): Promise<number> => {
    const catalog = getCatalog();
    const text = await vscode.env.clipboard.readText();
    const findings = text.trim() ? detect(text.slice(0, 5 * 1024 * 1024), catalog, {}) : [];
    if (findings.length === 0) {
      const [best] = new Lookup(catalog).search(text.trim().slice(0, 200), { limit: 1 });
      if (best && text.trim().length <= 200) {
        showEntry(best.entry);
        return 1;
      }
      void vscode.window.showInformationMessage(vscode.l10n.t('No error response of a known API found in the clipboard.'));
      return 0;
    }
    const items = findings.map((f) => {
      const card = findingCard(f, catalog, editorClock());
      return { label: card.title, detail: card.action, finding: f, card };
    });
    const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Errors in the clipboard') });
    if (picked) {
      const entry = picked.finding.entry;
      if (entry) showEntry(entry);
      else void vscode.window.showInformationMessage(`${picked.card.title}: ${picked.card.meaning} ${picked.card.action}`);
    }
    return findings.length;
  };

  /**
   * Reads a docs page (the selection, else the active editor) and opens a draft catalog for review,
   * with what the importer could not read. Nothing is written to disk: the user saves the draft.
   */
  const importFromDocs = async (): Promise<vscode.TextDocument | undefined> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a docs page (Markdown, HTML or text copied from a browser) first, or select its error table.'));
      return undefined;
    }
    const selection = editor.selection.isEmpty ? undefined : editor.document.getText(editor.selection);
    const page = selection ?? editor.document.getText();
    const name = vscode.workspace.asRelativePath(editor.document.uri);
    const languageFormat = editor.document.languageId === 'html' ? 'html' : editor.document.languageId === 'markdown' ? 'markdown' : undefined;
    const result = importErrorTable(page, { format: languageFormat ?? detectFormat(page, editor.document.uri.path), sourceName: name });
    if (result.draft.entries.length === 0) {
      void vscode.window.showWarningMessage(vscode.l10n.t('No error table found in {0}.', name));
      return undefined;
    }
    const content = `${JSON.stringify({ $schema: 'https://api-error-inspector.dev/schemas/api-errors-catalog.schema.json', ...result.draft }, null, 2)}\n`;
    const draft = await vscode.workspace.openTextDocument({ language: 'json', content });
    await vscode.window.showTextDocument(draft, { viewColumn: vscode.ViewColumn.Beside });
    const summary = [
      vscode.l10n.t('{0} entries imported from {1}.', result.draft.entries.length, name),
      ...(result.unread.length ? [vscode.l10n.t('Could not read: {0}', result.unread.slice(0, 5).join('; '))] : []),
      ...(result.notes.length ? [vscode.l10n.t('Check: {0}', result.notes.slice(0, 5).join('; '))] : []),
      vscode.l10n.t('Save it as <name>.api-errors.json to use it.'),
    ];
    void vscode.window.showInformationMessage(summary.join(' '));
    return draft;
  };

  const toRequest = (args: HandlerArgs) => ({ provider: args.provider, code: args.code, mode: args.mode ?? 'branch' });

  return {
    [Commands.lookup]: lookup,
    [Commands.explainClipboard]: explainClipboard,
    [Commands.insertHandler]: insertHandlerCommand,
    [Commands.showCatalog]: (filter?: string) => catalogView.show(typeof filter === 'string' ? filter : ''),
    [Commands.importFromDocs]: importFromDocs,
    [Commands.tryIt]: tryIt,
    [Commands.insertSnippetAt]: (args: HandlerArgs) =>
      args.uri && args.offset !== undefined ? insertHandlerAt(vscode.Uri.parse(args.uri), args.offset, toRequest(args), getCatalog(), args.version, syntax) : insertHandlerCommand(args),
    [Commands.openHandler]: (args: HandlerArgs) => openHandler(toRequest(args), getCatalog(), args.uri ? vscode.Uri.parse(args.uri) : undefined),
    [Commands.copyHandler]: (args: HandlerArgs) => copyHandler(toRequest(args), getCatalog(), args.uri ? vscode.Uri.parse(args.uri) : undefined),
    [Commands.copyCode]: async (args: { code: string }) => {
      await vscode.env.clipboard.writeText(args.code);
      void vscode.window.setStatusBarMessage(vscode.l10n.t('API Errors: {0} copied', args.code), 3000);
    },
    [Commands.showEntry]: (args: { provider: string; code: string }) => {
      const entry = getCatalog().find(args.provider, args.code);
      return entry ? showEntry(entry) : undefined;
    },
  };
}
