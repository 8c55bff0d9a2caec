import * as vscode from 'vscode';
import type { Card } from '../core/card';
import { findingCard } from '../core/card';
import type { Catalog } from '../core/catalog';
import type { Finding } from '../core/detect';
import { Commands, hoverCommands } from './contributions';
import type { FindingsStore } from './findingsStore';
import type { Health } from './health';
import { canGenerate } from './handlers';
import { editorClock } from './clock';
import { toRange } from './ranges';

/** Text from a document or a catalog is capped so a 100 KB message cannot flood a hover. */
const MAX_TEXT = 400;

/**
 * Document or catalog text, made safe to append: clipped, and `<` written as an entity so no HTML
 * survives even if a renderer allowed it (appendText already escapes the Markdown).
 */
export function clip(text: string, max = MAX_TEXT): string {
  const clipped = text.length > max ? `${text.slice(0, max)}…` : text;
  return clipped.replace(/</g, '&lt;');
}

export function commandLink(label: string, command: string, args: unknown): string {
  return `[${label}](command:${command}?${encodeURIComponent(JSON.stringify([args]))})`;
}

/**
 * A card as Markdown: every string that comes from a document or a catalog goes through appendText
 * (escaped, never interpreted); only our own command links are trusted.
 */
export function cardMarkdown(card: Card, links: string[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = { enabledCommands: [...hoverCommands] };
  md.supportHtml = false;
  md.appendMarkdown('**');
  md.appendText(clip(card.title));
  md.appendMarkdown('**');
  if (card.explainedByStatus) md.appendMarkdown(' — *').appendText(vscode.l10n.t('message not in the catalog; explained by its HTTP status')).appendMarkdown('*');
  else if (!card.known && card.candidates.length === 0) md.appendMarkdown(' — *').appendText(vscode.l10n.t('not in the catalog')).appendMarkdown('*');
  md.appendMarkdown('\n\n');
  md.appendText(clip(card.meaning));
  md.appendMarkdown('\n\n**').appendText(vscode.l10n.t('What to do:')).appendMarkdown('** ');
  md.appendText(clip(card.action));
  if (card.retryCondition) md.appendMarkdown('\n\n*').appendText(vscode.l10n.t('Retry:')).appendMarkdown('* ').appendText(clip(card.retryCondition));
  const section = (heading: string, items: string[]) => {
    if (items.length === 0) return;
    md.appendMarkdown('\n\n**').appendText(heading).appendMarkdown('**\n');
    for (const item of items.slice(0, 12)) md.appendMarkdown('\n- ').appendText(clip(item));
  };
  section(vscode.l10n.t('This response says'), card.bodySays);
  section(
    vscode.l10n.t('Could be (best first)'),
    card.candidates.map((c) => `${c.provider}: ${c.title}${c.action ? ` — ${c.action}` : ''}`),
  );
  section(
    vscode.l10n.t('Not to be confused with'),
    card.lookalikes.map((l) => `${l.code}: ${l.difference}`),
  );
  section(vscode.l10n.t('Observed'), card.observed);
  if (card.evidence.length) md.appendMarkdown('\n\n*').appendText(`${vscode.l10n.t('Why this provider:')} ${clip(card.evidence.join('; '))}`).appendMarkdown('*');
  const footer = [...(card.docs && /^https:\/\//.test(card.docs) ? [`[${vscode.l10n.t('Docs')}](${card.docs.replace(/[()\s]/g, encodeURIComponent)})`] : []), ...links];
  if (footer.length) md.appendMarkdown(`\n\n${footer.join(' · ')}`);
  return md;
}

/** The command links of a finding's card (the hover and the lookup card share them). */
export function findingLinks(document: vscode.TextDocument, finding: Finding, catalog: Catalog): string[] {
  const links: string[] = [];
  const provider = finding.provider ?? finding.candidates[0]?.provider;
  if (provider && canGenerate(provider, catalog)) {
    const args = { uri: document.uri.toString(), offset: finding.codeRange.start, provider, code: finding.entry?.code ?? finding.code, version: document.version };
    const sourceFile = ['typescript', 'javascript', 'typescriptreact', 'javascriptreact', 'python'].includes(document.languageId);
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
      return new vscode.Hover(cardMarkdown(card, findingLinks(document, finding, this.store.getCatalog())), toRange(document, onStatusLine && finding.statusRange ? finding.statusRange : finding.codeRange));
    });
  }
}
