import { Catalog } from '../catalog';
import type { CatalogEntry, EntryProvenance, ProviderCatalog, ProviderInfo } from '../catalog/types';
import { SAFE_URL, isValidCatalog } from './validate';

/** A user's catalog that passed validation, and where it came from (a file name, for notices). */
export interface CustomCatalog {
  origin: string;
  catalog: ProviderCatalog;
}

export interface MergeResult {
  catalog: Catalog;
  /** What the user should know: corrected built-in entries, changed provider facts, skipped catalogs. */
  notices: string[];
}

/**
 * Joins users' catalogs to the built-in ones.
 * - A catalog with a new provider id adds that provider (after the built-ins, which keep winning
 *   ties in detection).
 * - One with an existing id extends and corrects it: an entry with the same code (and endpoint)
 *   replaces the existing entry field by field (fields it leaves out are kept), new codes are added,
 *   and list-like provider facts (hosts, key prefixes, envelopes, rate-limit headers, SDK error
 *   classes, notes, sources) are unioned. Non-empty scalar facts (display name, docs, auth, retry
 *   guidance) replace the existing ones.
 *
 * A catalog is data. It can never run code or add command links: every string it holds is shown as
 * plain text (the editor renders catalog text with `MarkdownString.appendText`, never
 * `appendMarkdown` — keep it that way), `docs` must be a plain https:// URL (anything else is
 * rejected by validation, so `command:` and `javascript:` links never get in), and the text is
 * stripped of control and bidirectional-override characters here. Only valid catalogs are merged:
 * each is validated again, so a broken one is skipped with a notice and never breaks the built-ins.
 */
export function mergeCatalogs(
  builtins: readonly ProviderCatalog[],
  customs: readonly (CustomCatalog | ProviderCatalog)[],
): MergeResult {
  const notices: string[] = [];
  const merged = new Map<string, ProviderCatalog>();
  const builtinIds = new Set<string>();
  for (const c of builtins) {
    merged.set(c.provider.id, c);
    builtinIds.add(c.provider.id);
  }
  const addedBy = new Map<string, string>();
  for (const item of customs) {
    const { origin, catalog } = 'origin' in item ? item : { origin: 'a custom catalog', catalog: item };
    if (!isValidCatalog(catalog)) {
      notices.push(`${origin}: not a valid catalog, ignored`);
      continue;
    }
    const neutralised = neutralise(catalog);
    // Each entry remembers its file, so the lookup and the cards can say where it comes from.
    const custom = { ...neutralised, entries: neutralised.entries.map((e) => ({ ...e, origin })) };
    const id = custom.provider.id;
    const existing = merged.get(id);
    if (!existing) {
      merged.set(id, { provider: custom.provider, entries: dedupe(custom.entries) });
      addedBy.set(id, origin);
      continue;
    }
    const base = builtinIds.has(id)
      ? `the built-in ${existing.provider.displayName} catalog`
      : `${existing.provider.displayName} from ${addedBy.get(id) ?? 'another catalog'}`;
    merged.set(id, extend(existing, custom, origin, base, notices));
  }
  return { catalog: new Catalog([...merged.values()]), notices };
}

const keyOf = (e: CatalogEntry): string => `${e.code}\u0000${e.endpoint ?? ''}`;

/**
 * The provenance of a corrected entry: the user's where given; the built-in one only for the
 * statements the user left as they were (a replaced meaning must not keep the page's quote).
 */
function mergedProvenance(before: CatalogEntry, entry: CatalogEntry): EntryProvenance | undefined {
  const replaced = replacedStatements(before, entry);
  const out: EntryProvenance = {};
  for (const k of ['meaning', 'action', 'retry'] as const) {
    const sources = entry.provenance?.[k] ?? (replaced[k] ? undefined : before.provenance?.[k]);
    if (sources) out[k] = sources;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Which of the entry's statements a correction replaces. */
function replacedStatements(
  before: CatalogEntry,
  entry: CatalogEntry,
): Record<keyof EntryProvenance, boolean> {
  return {
    meaning: entry.meaning !== before.meaning,
    action: entry.action !== before.action,
    retry:
      entry.retryable !== before.retryable ||
      (entry.retryCondition !== undefined && entry.retryCondition !== before.retryCondition),
  };
}

function dedupe(entries: readonly CatalogEntry[]): CatalogEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(keyOf(e)) && Boolean(seen.add(keyOf(e))));
}

function extend(
  existing: ProviderCatalog,
  custom: ProviderCatalog,
  origin: string,
  base: string,
  notices: string[],
): ProviderCatalog {
  const entries = [...existing.entries];
  const index = new Map(entries.map((e, i) => [keyOf(e), i]));
  let added = 0;
  for (const entry of dedupe(custom.entries)) {
    const at = index.get(keyOf(entry));
    if (at === undefined) {
      index.set(keyOf(entry), entries.length);
      entries.push(entry);
      added++;
      continue;
    }
    const before = entries[at] as CatalogEntry;
    const after: CatalogEntry = { ...before, ...entry };
    const provenance = mergedProvenance(before, entry);
    if (provenance) after.provenance = provenance;
    else delete after.provenance;
    // The brief sums up the action and retry rule it was written for: a correction of either that
    // brings no brief of its own drops the old one rather than contradict the new action.
    const { action, retry } = replacedStatements(before, entry);
    if (entry.brief === undefined && (action || retry)) delete after.brief;
    const changed = (Object.keys(entry) as (keyof CatalogEntry)[]).filter(
      (k) => k !== ('origin' as keyof CatalogEntry) && JSON.stringify(before[k]) !== JSON.stringify(entry[k]),
    );
    entries[at] = after;
    if (changed.length > 0) {
      const what = `${entry.code}${entry.endpoint ? ` (${entry.endpoint})` : ''}`;
      notices.push(`${origin}: ${what} replaces ${changed.join(', ')} of ${base}`);
    }
  }
  const provider = mergeProvider(existing.provider, custom.provider, origin, base, notices);
  if (added > 0) notices.push(`${origin}: adds ${added} entr${added === 1 ? 'y' : 'ies'} to ${base}`);
  return { provider, entries };
}

function union<T>(a: readonly T[], b: readonly T[], key: (x: T) => string): T[] {
  const seen = new Set(a.map(key));
  return [...a, ...b.filter((x) => !seen.has(key(x)) && Boolean(seen.add(key(x))))];
}

function mergeProvider(
  a: ProviderInfo,
  b: ProviderInfo,
  origin: string,
  base: string,
  notices: string[],
): ProviderInfo {
  const out: ProviderInfo = {
    ...a,
    hosts: union(a.hosts, b.hosts, (h) => h.toLowerCase()),
    keyPrefixes: union(a.keyPrefixes, b.keyPrefixes, (k) => k),
    envelopes: union(a.envelopes, b.envelopes, (e) =>
      JSON.stringify([e.codePath ?? '', e.messagePath ?? '', [...(e.requiredPaths ?? [])].sort()]),
    ),
    rateLimitHeaders: union(a.rateLimitHeaders, b.rateLimitHeaders, (h) => h.name.toLowerCase()),
    sdkErrorClasses: union(a.sdkErrorClasses, b.sdkErrorClasses, (c) => `${c.sdk}\u0000${c.name}`),
    notes: union(a.notes ?? [], b.notes ?? [], (n) => n.text),
    sources: union(a.sources, b.sources, (s) => s),
  };
  const replaced: string[] = [];
  const take = <K extends 'displayName' | 'docs' | 'retryGuidance'>(key: K, usable: boolean): void => {
    if (usable && JSON.stringify(b[key]) !== JSON.stringify(a[key])) {
      out[key] = b[key];
      replaced.push(key);
    }
  };
  take('displayName', b.displayName.trim() !== '');
  take('docs', true);
  // The auth facts the custom catalog states (an empty description leaves the existing one).
  const auth = {
    ...a.auth,
    header: b.auth.header,
    ...(b.auth.scheme ? { scheme: b.auth.scheme } : {}),
    ...(b.auth.description.trim() ? { description: b.auth.description } : {}),
  };
  if (JSON.stringify(auth) !== JSON.stringify(a.auth)) {
    out.auth = auth;
    replaced.push('auth');
  }
  take('retryGuidance', b.retryGuidance.trim() !== '');
  if (replaced.length > 0) notices.push(`${origin}: replaces provider ${replaced.join(', ')} of ${base}`);
  return out;
}

// C0/C1 controls (tab and newline kept) and the bidirectional overrides of "Trojan Source".
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A copy of the catalog with every string made inert (see mergeCatalogs); URLs were checked by validation. */
function neutralise<T>(value: T): T {
  if (typeof value === 'string') return value.replace(UNSAFE_CHARS, '') as T;
  if (Array.isArray(value)) return value.map((v) => neutralise(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = neutralise(v);
    return out as T;
  }
  return value;
}

export { SAFE_URL };
