import type { Provenance, ProvenanceKind } from './types';

/**
 * How a quote is compared with its source page. The seed pages are text copied from a browser and
 * providers.md is Markdown, so a quote is matched after the same normalisation of both sides:
 * - runs of whitespace (line breaks, tabs, the spaces of a table row) become one space, so a quote
 *   may run across a line break of the copied page;
 * - Markdown's inline-code backticks are dropped (providers.md writes `retryable`, a quote says
 *   retryable); no other markup is removed: table pipes stay (a quote spanning two cells contains
 *   the `|`), and the seeds hold no HTML (their `<message>`, `<CODE>` are placeholders, kept);
 * - typographic quotes become straight ones (’ ‘ → ', “ ” → "): pages, browsers and the importer
 *   swap them freely.
 * Nothing else is forgiven: case, words and other punctuation must match the page. An imported
 * HTML page is compared as its visible text.
 */
export function normaliseForQuote(text: string): string {
  return text
    .replace(/`/g, '')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether `quote` appears in `page`, under normaliseForQuote. */
export function quoteFound(quote: string, page: string): boolean {
  const q = normaliseForQuote(quote);
  return q.length > 0 && normaliseForQuote(page).includes(q);
}

const WEIGHT: Record<ProvenanceKind, number> = { seed: 0, 'providers.md': 1, inferred: 2 };

/** The least documented source a statement rests on: `inferred` over `providers.md` over `seed`. */
export function weakestSource(list: readonly Provenance[] | undefined): Provenance | undefined {
  let weakest: Provenance | undefined;
  for (const p of list ?? []) if (!weakest || WEIGHT[p.from] > WEIGHT[weakest.from]) weakest = p;
  return weakest;
}
