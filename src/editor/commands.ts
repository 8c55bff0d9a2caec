import * as vscode from 'vscode';
import type { Catalog, ResolvedEntry } from '../core/catalog';
import { entryCard, findingCard } from '../core/card';
import { detect } from '../core/detect';
import { Lookup } from '../core/lookup';
import { entryLabel } from '../core/present';
import type { CatalogView } from './catalogView';
import { Commands } from './contributions';
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
export function createCommands(getCatalog: () => Catalog, catalogView: CatalogView): Record<string, (...args: never[]) => unknown> {
  const entryItems = (catalog: Catalog): EntryItem[] =>
    catalog.entries.map((entry) => ({
      label: `$(${entry.kind === 'status' ? 'symbol-number' : entry.kind === 'message' ? 'comment' : 'error'}) ${entryLabel(entry)}`,
      description: `${catalog.displayName(entry.provider)} · ${entry.status}${entry.endpoint ? ` · ${entry.endpoint}` : ''}`,
      detail: entry.meaning,
      entry,
    }));

  /** An entry's card with its actions, as a modal: the meaning, the action and the docs in one place. */
  const showEntry = async (entry: ResolvedEntry): Promise<string | undefined> => {
    const catalog = getCatalog();
    const card = entryCard(entry, catalog);
    const detail = [card.meaning, `${vscode.l10n.t('What to do:')} ${card.action}`, card.retryCondition ? `${vscode.l10n.t('Retry:')} ${card.retryCondition}` : '', ...card.lookalikes.map((l) => `≠ ${l.code}: ${l.difference}`), card.docs ?? '']
      .filter(Boolean)
      .join('\n\n');
    const insert = vscode.l10n.t('Insert Handler…');
    const copy = vscode.l10n.t('Copy Code');
    const docs = vscode.l10n.t('Open Docs');
    const choice = await vscode.window.showInformationMessage(card.title, { modal: true, detail }, insert, copy, docs);
    if (choice === insert) await insertHandlerCommand({ provider: entry.provider, code: entry.code, mode: 'branch' });
    else if (choice === copy) await vscode.env.clipboard.writeText(entry.code);
    else if (choice === docs) await vscode.env.openExternal(vscode.Uri.parse(entry.docs));
    return choice;
  };

  const lookup = async (args?: { query?: string }): Promise<ResolvedEntry | undefined> => {
    const catalog = getCatalog();
    const pick = vscode.window.createQuickPick<EntryItem>();
    pick.title = vscode.l10n.t('API Errors: Look Up Error Code');
    pick.placeholder = vscode.l10n.t('Code, HTTP status, provider or words (rate_limited, 429, knouds, token expired)');
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.items = entryItems(catalog);
    if (args?.query) pick.value = args.query;
    const chosen = await new Promise<ResolvedEntry | undefined>((resolve) => {
      pick.onDidAccept(() => {
        resolve(pick.selectedItems[0]?.entry);
        pick.hide();
      });
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
    pick.dispose();
    if (chosen) void showEntry(chosen);
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
        void showEntry(best.entry);
        return 1;
      }
      void vscode.window.showInformationMessage(vscode.l10n.t('No error response of a known API found in the clipboard.'));
      return 0;
    }
    const items = findings.map((f) => {
      const card = findingCard(f, catalog, Date.now());
      return { label: card.title, detail: card.action, finding: f, card };
    });
    const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Errors in the clipboard') });
    if (picked) {
      const entry = picked.finding.entry;
      if (entry) void showEntry({ ...entry, provider: entry.provider });
      else void vscode.window.showInformationMessage(picked.card.title, { modal: true, detail: `${picked.card.meaning}\n\n${picked.card.action}` });
    }
    return findings.length;
  };

  const toRequest = (args: HandlerArgs) => ({ provider: args.provider, code: args.code, mode: args.mode ?? 'branch' });

  return {
    [Commands.lookup]: lookup,
    [Commands.explainClipboard]: explainClipboard,
    [Commands.insertHandler]: insertHandlerCommand,
    [Commands.showCatalog]: (filter?: string) => catalogView.show(typeof filter === 'string' ? filter : ''),
    [Commands.insertSnippetAt]: (args: HandlerArgs) =>
      args.uri && args.offset !== undefined ? insertHandlerAt(vscode.Uri.parse(args.uri), args.offset, toRequest(args), getCatalog(), args.version) : insertHandlerCommand(args),
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
