import type { Catalog, ResolvedEntry } from './catalog';

export interface LookupOptions {
  /** Only this provider's entries (id or display name). */
  provider?: string;
  limit?: number;
}

export interface LookupResult {
  entry: ResolvedEntry;
  score: number;
}

const STOP_WORDS = new Set(['a', 'an', 'the', 'is', 'of', 'to', 'for', 'my', 'in', 'on', 'and', 'or', 'error', 'errors']);

/** Lower-case words; codes split on `_` and `-` so `access_token_expired` answers "token expired". */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** A light stemmer: enough for "expired"/"expires"/"expire" or "credits"/"credit" to meet. */
function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('es')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s')) return word.slice(0, -1);
  if (word.length > 4 && word.endsWith('e')) return word.slice(0, -1);
  return word;
}

interface IndexedEntry {
  entry: ResolvedEntry;
  code: Set<string>;
  meaning: Set<string>;
  action: Set<string>;
  other: Set<string>;
}

const stems = (text: string): Set<string> => new Set(words(text).map(stem));

/** Whether two words differ by at most one edit (insertion, deletion, substitution or swap of neighbours). */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length || i === b.length) return true;
  const restA = a.slice(i + 1);
  const restB = b.slice(i + 1);
  if (a.length === b.length) return restA === restB || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * How well a query word meets a set of indexed words: 1 for the same stem, ⅔ for the start of a
 * word ("org" → organization, three letters at least) or a typo of one letter in a longer word
 * ("organisation", "expird"), 0 otherwise.
 */
function wordMatch(indexed: Set<string>, word: string): number {
  if (indexed.has(word)) return 1;
  if (word.length < 3) return 0;
  for (const w of indexed) {
    if (w.startsWith(word)) return 2 / 3;
    if (word.length >= 5 && w.length >= 5 && withinOneEdit(w, word)) return 2 / 3;
  }
  return 0;
}

/**
 * Answers "what does this error mean?": exact codes first, then HTTP statuses, then words over code,
 * meaning and action. Query words that name a provider ("kynasmith 429") or a status narrow the search.
 */
export class Lookup {
  private readonly indexed: IndexedEntry[];

  constructor(private readonly catalog: Catalog) {
    this.indexed = catalog.entries.map((entry) => ({
      entry,
      code: stems(entry.code),
      meaning: stems(entry.meaning),
      action: stems(entry.action),
      other: stems(
        [entry.category, entry.endpoint, entry.reason, ...(entry.fields ?? []).map((f) => f.path)].join(' '),
      ),
    }));
  }

  search(query: string, options: LookupOptions = {}): LookupResult[] {
    const trimmed = query.trim();
    if (!trimmed) return [];
    const providerFilter = options.provider ? this.catalog.provider(options.provider)?.id ?? options.provider : undefined;
    const pool = this.indexed.filter((i) => !providerFilter || i.entry.provider === providerFilter);

    // Per entry: its best score, and whether it matched every query word.
    const results = new Map<ResolvedEntry, { score: number; complete: boolean }>();
    const add = (entry: ResolvedEntry, score: number, complete = true) => {
      if (score > (results.get(entry)?.score ?? 0)) results.set(entry, { score, complete });
    };

    // 1. The whole query is a code (or a Kakunin message): exact, case-insensitive.
    const q = trimmed.toLowerCase();
    for (const i of pool) {
      const code = i.entry.code.toLowerCase();
      if (code === q) add(i.entry, i.entry.code === trimmed ? 1010 : 1000);
    }

    // 2. Tokens: provider names and statuses narrow; the remaining words are matched as text.
    let tokens = words(trimmed).filter((w) => !STOP_WORDS.has(w));
    let provider = providerFilter;
    const providerToken = tokens.find((t) => this.catalog.provider(t));
    if (providerToken && !provider) provider = this.catalog.provider(providerToken)?.id;
    if (providerToken) tokens = tokens.filter((t) => t !== providerToken);
    const statusToken = tokens.find((t) => /^[1-5]\d\d$/.test(t));
    const status = statusToken ? Number(statusToken) : undefined;
    if (statusToken) tokens = tokens.filter((t) => t !== statusToken);
    const textStems = tokens.map(stem);

    for (const i of pool) {
      if (provider && i.entry.provider !== provider) continue;
      if (status !== undefined && i.entry.status !== status) continue;
      if (textStems.length === 0) {
        // Only a provider and/or a status: list them, status rows first, then by status.
        if (provider || status !== undefined) add(i.entry, 500 + (i.entry.kind === 'status' ? 50 : 0) - i.entry.status / 100);
        continue;
      }
      let score = 0;
      let matched = 0;
      for (const s of textStems) {
        const inCode = wordMatch(i.code, s);
        const inMeaning = wordMatch(i.meaning, s);
        const inAction = wordMatch(i.action, s);
        const inOther = wordMatch(i.other, s);
        const best = Math.max(inCode, inMeaning, inAction, inOther);
        if (best > 0) matched += best;
        score += 30 * inCode + 12 * inMeaning + 6 * inAction + 3 * inOther;
      }
      if (matched === 0) continue;
      // Every word found beats most words found (an exact word beats a prefix or a typo); a code
      // made only of the query's words is best.
      const coverage = matched / textStems.length;
      const codeExactness = textStems.every((s) => i.code.has(s)) ? 60 - 5 * (i.code.size - textStems.length) : 0;
      add(i.entry, coverage * 200 + score + Math.max(0, codeExactness), textStems.every((w) => wordMatch(i.code, w) || wordMatch(i.meaning, w) || wordMatch(i.action, w) || wordMatch(i.other, w)));
    }

    const order = new Map(this.catalog.providers.map((p, n) => [p.id, n]));
    // When some entry matches every word, the ones that matched only some of them are noise.
    const anyComplete = [...results.values()].some((r) => r.complete);
    const sorted = [...results.entries()]
      .filter(([, r]) => r.complete || !anyComplete)
      .map(([entry, r]) => ({ entry, score: r.score }))
      .sort(
        (a, b) =>
          b.score - a.score ||
          (order.get(a.entry.provider) ?? 99) - (order.get(b.entry.provider) ?? 99) ||
          a.entry.status - b.entry.status,
      );
    return options.limit ? sorted.slice(0, options.limit) : sorted;
  }
}
