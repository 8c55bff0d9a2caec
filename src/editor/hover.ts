import * as vscode from 'vscode';
import type { Card } from '../core/card';
import { findingCard } from '../core/card';
import { type CardContext, type CardLabels, type MarkdownLink, cardToMarkdown } from '../core/cardMarkdown';
import type { Catalog } from '../core/catalog';
import type { Finding } from '../core/detect';
import { canGenerate, snippetLanguageOf } from '../core/quickFixes';
import { Commands, DIAGNOSTIC_SOURCE, hoverCommands } from './contributions';
import type { FindingsStore } from './findingsStore';
import type { Health } from './health';
import { editorClock } from './clock';
import { toRange } from './ranges';

export function commandLink(label: string, command: string, args: unknown): MarkdownLink {
  return { label, target: `command:${command}?${encodeURIComponent(JSON.stringify([args]))}` };
}

/** The card's words in VS Code's display language. */
function cardLabels(): CardLabels {
  return {
    explainedByStatus: vscode.l10n.t('message not in the catalog; explained by its HTTP status'),
    notInCatalog: vscode.l10n.t('not in the catalog'),
    whatToDo: vscode.l10n.t('What to do:'),
    retry: vscode.l10n.t('Retry:'),
    bodySays: vscode.l10n.t('This response says'),
    candidates: vscode.l10n.t('Could be (best first)'),
    lookalikes: vscode.l10n.t('Not to be confused with'),
    observed: vscode.l10n.t('Observed'),
    whyThisProvider: vscode.l10n.t('Why this provider:'),
    docs: vscode.l10n.t('Docs'),
  };
}

/** A card as a hover: the core's Markdown; only our own command links are trusted, HTML never. */
export function cardMarkdown(card: Card, links: MarkdownLink[], context: CardContext = {}): vscode.MarkdownString {
  const md = new vscode.MarkdownString(cardToMarkdown(card, links, cardLabels(), context), false);
  md.isTrusted = { enabledCommands: [...hoverCommands] };
  md.supportHtml = false;
  return md;
}

/** The command links of a finding's card (the hover and the lookup card share them). */
export function findingLinks(document: vscode.TextDocument, finding: Finding, catalog: Catalog): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  const provider = finding.provider ?? finding.candidates[0]?.provider;
  const language = snippetLanguageOf(document.languageId);
  if (provider && canGenerate(provider, catalog, language)) {
    const args = { uri: document.uri.toString(), offset: finding.codeRange.start, provider, code: finding.entry?.code ?? finding.code, version: document.version };
    const sourceFile = language !== undefined;
    links.push(commandLink(vscode.l10n.t('Insert handler…'), sourceFile ? Commands.insertSnippetAt : Commands.openHandler, { ...args, mode: 'branch' }));
  }
  links.push(commandLink(vscode.l10n.t('Copy code'), Commands.copyCode, { code: finding.code }));
  links.push(commandLink(vscode.l10n.t('Look up…'), Commands.lookup, { query: finding.entry?.code ?? finding.code }));
  return links;
}

export class ApiErrorHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly store: FindingsStore,
    private readonly health: Health,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    return this.health.guard('hover', undefined, async () => {
      const finding = await this.store.at(document, document.offsetAt(position));
      if (!finding) return undefined;
      const card = findingCard(finding, this.store.getCatalog(), editorClock());
      const onStatusLine = finding.statusRange && document.offsetAt(position) >= finding.statusRange.start && document.offsetAt(position) <= finding.statusRange.end;
      const range = toRange(document, onStatusLine && finding.statusRange ? finding.statusRange : finding.codeRange);
      // VS Code shows our diagnostic's line above the card in the same hover: the card does not repeat it.
      const diagnostic = vscode.languages.getDiagnostics(document.uri).find((d) => d.source === DIAGNOSTIC_SOURCE && d.range.contains(position) && d.range.intersection(range));
      return new vscode.Hover(cardMarkdown(card, findingLinks(document, finding, this.store.getCatalog()), { diagnostic: diagnostic?.message }), range);
    });
  }
}
