import type { BodyFact, Card } from './card';

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

/** The card as Markdown; `links` (the caller's own actions) follow the docs link on the last line. */
export function cardToMarkdown(card: Card, links: readonly MarkdownLink[] = [], labels: CardLabels = englishCardLabels): string {
  const parts: string[] = [];
  let heading = `**${markdownText(card.title)}**`;
  if (card.explainedByStatus) heading += ` — *${markdownText(labels.explainedByStatus)}*`;
  else if (!card.known && card.candidates.length === 0) heading += ` — *${markdownText(labels.notInCatalog)}*`;
  parts.push(heading, paragraphText(card.meaning), `**${markdownText(labels.whatToDo)}** ${markdownText(card.action)}`);
  if (card.retryCondition) parts.push(`*${markdownText(labels.retry)}* ${markdownText(card.retryCondition)}`);
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
  const footer = [...(card.docs && /^https:\/\/\S+$/.test(card.docs) ? [{ label: labels.docs, target: card.docs }] : []), ...links];
  if (footer.length) parts.push(footer.map(markdownLink).join(' · '));
  return parts.join('\n\n');
}
