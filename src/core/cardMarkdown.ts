import { type BodyFact, type Card, sameWords } from './card';

/**
 * A card as Markdown, for the VS Code hover and the language server alike. Text from a document or a
 * catalog is escaped only where Markdown would read it as syntax, so plain-text clients (Neovim
 * shows the raw Markdown) see almost no backslashes; links are built from a target and a label, and
 * only the caller's own targets and the card's https docs link ever become links.
 */

/** A link the caller vouches for: a command URI of its own, or a docs URL. */
export interface MarkdownLink {
  label: string;
  target: string;
}

/** The card's own words, so that each surface can pass translated ones. */
export interface CardLabels {
  explainedByStatus: string;
  notInCatalog: string;
  whatToDo: string;
  retry: string;
  bodySays: string;
  candidates: string;
  lookalikes: string;
  observed: string;
  whyThisProvider: string;
  docs: string;
}

export const englishCardLabels: CardLabels = {
  explainedByStatus: 'message not in the catalog; explained by its HTTP status',
  notInCatalog: 'not in the catalog',
  whatToDo: 'What to do:',
  retry: 'Retry:',
  bodySays: 'This response says',
  candidates: 'Could be (best first)',
  lookalikes: 'Not to be confused with',
  observed: 'Observed',
  whyThisProvider: 'Why this provider:',
  docs: 'Docs',
};

/** Text from a document or a catalog is capped so a 100 KB message cannot flood a hover. */
export const MAX_CARD_TEXT = 400;
const MAX_ITEMS = 12;

/**
 * One line of document or catalog text as inert Markdown: clipped, on one line, and escaped only
 * where it would otherwise become emphasis, a link, code, HTML or an entity. `<` becomes `&lt;` so no
 * tag survives even where a renderer allows HTML.
 */
export function markdownText(text: string, max = MAX_CARD_TEXT): string {
  const clipped = text.length > max ? `${text.slice(0, max)}…` : text;
  return clipped
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/\\(?=[!-/:-@[-`{-~])/g, '\\\\')
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/[`*[\]~]/g, '\\$&')
    .replace(/\\\]\(/g, '\\]\\(')
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_');
}

/** Like markdownText, for text that starts a line: a leading `#`, `>`, `-`, `+`, `=` or `1.` stays text. */
function paragraphText(text: string): string {
  return markdownText(text).replace(/^(?:[#>+=-]|\d+(?=[.)]))/, (m) => (/\d/.test(m) ? `${m}\\` : `\\${m}`));
}

/** A link from a label and a target; the target's parentheses, spaces and angle brackets are percent-encoded. */
export function markdownLink(link: MarkdownLink): string {
  return `[${markdownText(link.label, 80)}](${link.target.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`;
}

function factMarkdown(fact: BodyFact): string {
  const name = fact.name !== undefined ? markdownText(fact.name, 120) : undefined;
  const value = fact.value !== undefined ? markdownText(fact.value) : undefined;
  const head = name !== undefined && value !== undefined ? `${name}: ${value}` : (name ?? value ?? '');
  return fact.meaning ? `${head} — *${markdownText(fact.meaning)}*` : head;
}

/** What the surface already shows above the card (VS Code's hover puts the diagnostic's line there). */
export interface CardContext {
  /** The diagnostic at the hovered code: its line carries the title's verdict, so the title goes. */
  diagnostic?: string;
}

/**
 * The card as Markdown: the verdict, what to do and the caller's actions first (a small hover box
 * shows them without scrolling), then the meaning, what this body says, look-alikes and why this
 * provider. Nothing is said twice: a retry rule the action already states and an action the
 * diagnostic line already holds are left out.
 */
export function cardToMarkdown(card: Card, links: readonly MarkdownLink[] = [], labels: CardLabels = englishCardLabels, context: CardContext = {}): string {
  const parts: string[] = [];
  const remark = card.explainedByStatus ? labels.explainedByStatus : !card.known && card.candidates.length === 0 ? labels.notInCatalog : undefined;
  if (!context.diagnostic) parts.push(`**${markdownText(card.title)}**${remark ? ` — *${markdownText(remark)}*` : ''}`);
  else if (remark) parts.push(`*${markdownText(remark)}*`);
  const said = context.diagnostic ? sameWords(context.diagnostic) : '';
  if (!said.includes(sameWords(card.action))) parts.push(`**${markdownText(labels.whatToDo)}** ${markdownText(card.action)}`);
  if (card.retryCondition && !restates(card.retryCondition, `${card.action} ${card.meaning}`)) parts.push(`*${markdownText(labels.retry)}* ${markdownText(card.retryCondition)}`);
  const footer = [...links, ...(card.docs && /^https:\/\/\S+$/.test(card.docs) ? [{ label: labels.docs, target: card.docs }] : [])];
  if (footer.length) parts.push(footer.map(markdownLink).join(' · '));
  parts.push(paragraphText(card.meaning));
  const section = (title: string, items: string[]) => {
    if (items.length) parts.push(`**${markdownText(title)}**\n\n${items.slice(0, MAX_ITEMS).map((item) => `- ${item}`).join('\n')}`);
  };
  section(labels.bodySays, card.bodySays.map(factMarkdown));
  section(
    labels.candidates,
    card.candidates.map((c) => markdownText(`${c.provider}: ${c.title}${c.action ? ` — ${c.action}` : ''}`)),
  );
  section(labels.lookalikes, card.lookalikes.map((l) => `${markdownText(l.code, 120)}: ${markdownText(l.difference)}`));
  section(labels.observed, card.observed.map((o) => markdownText(o)));
  if (card.evidence.length) parts.push(`*${markdownText(`${labels.whyThisProvider} ${card.evidence.join('; ')}`)}*`);
  return parts.join('\n\n');
}

/**
 * A retry rule that only restates the action or meaning ("After the Retry-After header's seconds." under "Wait
 * the Retry-After header's seconds, then retry."): most of its words are already there.
 */
function restates(rule: string, action: string): boolean {
  const words = (text: string) => sameWords(text).split(' ').filter((w) => w.length > 3);
  const ruleWords = words(rule);
  if (ruleWords.length === 0) return true;
  const actionWords = new Set(words(action));
  return ruleWords.filter((w) => actionWords.has(w)).length / ruleWords.length >= 0.75;
}
