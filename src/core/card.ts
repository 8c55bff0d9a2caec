import type { Catalog, Provenance, ResolvedEntry } from './catalog';
import { weakestSource } from './catalog/provenance';
import type { Finding } from './detect';
import { type FindingSummary, summarize } from './explain';
import { type Clock, describeInstant, humanDuration, parseTimestamp } from './clock';
import { entryLabel, retryLabel, summaryRetryLabel } from './present';

/** What a hover card, the lookup card and the CLI show for one finding or entry, as plain text. */
export interface Card {
  title: string;
  meaning: string;
  action: string;
  retryCondition?: string;
  /** What this body's own fields and headers say, already interpreted ("retry after 42 s"). */
  bodySays: BodyFact[];
  lookalikes: { code: string; difference: string }[];
  observed: string[];
  docs?: string;
  /** Ranked providers when the evidence is ambiguous. */
  candidates: { provider: string; title: string; action: string }[];
  evidence: string[];
  known: boolean;
  /** A code-less provider's message the catalog does not list, explained by its HTTP status entry. */
  explainedByStatus?: boolean;
}

/** One thing a body or its headers say: the field or header, its value as read, what it means. */
export interface BodyFact {
  /** A field path or header name; absent for a remark drawn from several fields. */
  name?: string;
  value?: string;
  meaning?: string;
}

/** A fact as one line of plain text: `resets_at: Dec 1, 2026 (in 9 days) — when the quota resets`. */
export function factText(fact: BodyFact): string {
  const head = fact.name !== undefined && fact.value !== undefined ? `${fact.name}: ${fact.value}` : (fact.name ?? fact.value ?? '');
  return fact.meaning ? `${head} — ${fact.meaning}` : head;
}

/** Words that say the same thing, whatever their case, spacing and punctuation. */
export function sameWords(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** A body's field that only repeats the card: a hint equal to the action, the docs link the card links to. */
function repeatsCard(fact: BodyFact, said: readonly string[], docs: string | undefined): boolean {
  if (fact.value === undefined || fact.name === undefined) return false;
  if (fact.value === docs) return true;
  const words = sameWords(fact.value);
  return words.length >= 12 && words.includes(' ') && said.some((text) => sameWords(text).includes(words));
}

/** The body's own documentation link (Kayle's `error.docs`), when it is an https URL. */
export function bodyDocs(finding: Finding): string | undefined {
  const field = finding.fields.find((f) => f.format === 'url' && /(?:^|\.)docs?(?:_url)?$/.test(f.path) && typeof f.value === 'string' && /^https:\/\/\S+$/.test(f.value));
  return field?.value as string | undefined;
}

function retryAfter(value: string, clock: Clock): string {
  const seconds = Number(value);
  if (/^\d+$/.test(value.trim()) && Number.isFinite(seconds)) return `retry after ${seconds} s`;
  const date = parseTimestamp(value);
  return Number.isNaN(date) ? `Retry-After is "${value}" (neither seconds nor a date)` : `retry at ${describeInstant(date, clock)}`;
}

/** Interprets the headers and documented body fields of a finding in the provider's own units, as lines. */
export function bodySays(finding: Finding, catalog: Catalog, clock: Clock): string[] {
  return bodyFacts(finding, catalog, clock).map(factText);
}

/** Interprets the headers and documented body fields of a finding in the provider's own units. */
export function bodyFacts(finding: Finding, catalog: Catalog, clock: Clock): BodyFact[] {
  const out: BodyFact[] = [];
  const provider = finding.provider ? catalog.provider(finding.provider) : undefined;
  for (const [name, value] of Object.entries(finding.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'retry-after') {
      out.push({ name: 'Retry-After', value: `${value} — ${retryAfter(value, clock)}` });
      continue;
    }
    const declared = provider?.rateLimitHeaders.find((h) => h.name.toLowerCase() === lower);
    const n = Number(value);
    if (declared?.unit === 'epoch-millis' && Number.isFinite(n)) out.push({ name, value: `${value} — resets ${describeInstant(n, clock)} (epoch milliseconds)` });
    else if (declared?.unit === 'epoch-seconds' && Number.isFinite(n)) out.push({ name, value: `${value} — resets ${describeInstant(n * 1000, clock)} (Unix seconds)` });
    else if (declared?.unit === 'seconds' && Number.isFinite(n)) out.push({ name, value: `${value} — resets in ${humanDuration(n * 1000)}` });
    else if (lower === 'x-request-id') out.push({ name, value, meaning: 'quote it to support' });
    else out.push({ name, value, meaning: declared?.meaning });
  }
  for (const field of finding.fields) {
    const value = field.value;
    // `"hint": null`, `"docs": ""`: the field says nothing about this error.
    if (value === null || value === '') continue;
    let said: string;
    if (field.format === 'iso-date' && typeof value === 'string' && !Number.isNaN(parseTimestamp(value))) said = describeInstant(parseTimestamp(value), clock);
    else if (field.format === 'epoch-seconds' && typeof value === 'number') said = describeInstant(value * 1000, clock);
    else if (field.format === 'epoch-millis' && typeof value === 'number') said = describeInstant(value, clock);
    else if (field.format === 'seconds' && typeof value === 'number') said = `retry after ${value} s`;
    else said = typeof value === 'string' ? value : JSON.stringify(value);
    // A sentence speaks for itself: the envelope's note on message fields ("human-readable, safe to
    // show…") is the same on every error and says nothing about this one.
    const prose = field.format === 'text' && typeof value === 'string' && /\s/.test(value.trim());
    out.push({ name: field.path, value: said, meaning: prose ? undefined : field.meaning });
  }
  // Numbers that only mean something together: usage against the limit.
  const byName = Object.fromEntries(finding.fields.map((f) => [f.path.split('.').pop() as string, f.value]));
  const byPath = Object.fromEntries(finding.fields.map((f) => [f.path, f.value]));
  // Kynasmith's details.quota_limit and current_usage; Kakunin's quota.limit and quota.current.
  const limit = typeof byName.quota_limit === 'number' ? byName.quota_limit : byPath['quota.limit'];
  const used = typeof byName.current_usage === 'number' ? byName.current_usage : byPath['quota.current'];
  if (typeof limit === 'number' && typeof used === 'number' && limit > 0) {
    const usage = `Usage ${used} of ${limit} (${Math.round((100 * used) / limit)} %)`;
    const saysWait = Object.keys(finding.headers).some((h) => h.toLowerCase() === 'retry-after') || finding.fields.some((f) => f.format === 'seconds');
    out.push({ value: saysWait && used >= limit ? `${usage}: waiting for Retry-After will not help.` : `${usage}.` });
  }
  if (typeof byName.required === 'string' && typeof byName.actual === 'string') out.push({ value: `Needs ${byName.required}, the key has ${byName.actual}.` });
  return out;
}

/** How a finding's code is named: a status entry by its status, Kakunin's message-codes quoted. */
export function findingLabel(finding: Finding): string {
  const entry = finding.entry;
  if (entry && entry.kind !== 'code' && entry.code === finding.code) return entryLabel(entry);
  return finding.kind === 'response' && finding.provider === 'kakunin' ? `"${finding.code}"` : finding.code;
}

/** The verdict: `Kynasmith · rate_limited · 429 Too Many Requests · retryable` (a card's title, a diagnostic's start). */
export function findingTitle(finding: Finding, s: FindingSummary): string {
  const statusPart = finding.status !== undefined ? `${finding.status} ${s.reason ?? ''}`.trim() : undefined;
  return [s.providerName, findingLabel(finding), statusPart, summaryRetryLabel(s)].filter(Boolean).join(' · ');
}

export function findingCard(finding: Finding, catalog: Catalog, clock: Clock): Card {
  const s = summarize(finding, catalog);
  const entry = finding.entry;
  const title = findingTitle(finding, s);
  const marked = entry && finding.provider && s.title === entry.meaning ? markProvenance(entry) : undefined;
  const docs = bodyDocs(finding) ?? s.docs;
  return {
    title,
    meaning: marked?.meaning ?? s.title,
    action: marked?.action ?? s.remedy,
    retryCondition: marked ? marked.retryCondition : s.retryCondition,
    bodySays: bodyFacts(finding, catalog, clock).filter((fact) => !repeatsCard(fact, [s.title, s.remedy], docs)),
    lookalikes: entry?.related ?? [],
    observed: (entry?.observed ?? []).map((o) => `${o.note} (${o.source})`),
    docs,
    candidates: finding.provider
      ? []
      : finding.candidates.map((c) => ({
          provider: catalog.displayName(c.provider),
          title: c.entry ? `${entryLabel(c.entry)} · ${c.entry.status} ${c.entry.reason} · ${retryLabel(c.entry)}` : 'not in its catalog',
          action: c.entry?.action ?? '',
        })),
    evidence: finding.evidence.map((e) => e.detail),
    known: finding.known,
    explainedByStatus: !finding.known && finding.entry?.kind === 'status',
  };
}

export function entryCard(entry: ResolvedEntry, catalog: Catalog): Card {
  const title = [catalog.displayName(entry.provider), entryLabel(entry), `${entry.status} ${entry.reason}`, retryLabel(entry)].join(' · ');
  const marked = markProvenance(entry);
  return {
    title,
    meaning: marked.meaning,
    action: marked.action,
    retryCondition: marked.retryCondition,
    bodySays: (entry.fields ?? []).map((f) => ({ name: f.path, meaning: `${f.meaning}${provenanceNote(f.provenance)}` })),
    lookalikes: entry.related ?? [],
    observed: (entry.observed ?? []).map((o) => `${o.note} (${o.source})`),
    docs: entry.docs,
    candidates: [],
    evidence: [],
    known: true,
  };
}

/**
 * The light mark after a statement that does not rest on the provider's errors page: " (from
 * public reports)" for the providers' other public docs and source, " (inferred)" for ours.
 */
export function provenanceNote(sources: readonly Provenance[] | undefined): string {
  const weakest = weakestSource(sources)?.from;
  return weakest === 'inferred' ? ' (inferred)' : weakest === 'providers.md' ? ' (from public reports)' : '';
}

/**
 * An entry's meaning, action and retry rule with their marks. A retry rule without a condition
 * that is not the page's gets a line of its own ("Not retryable (inferred)."), so the flag in the
 * title is not taken for the page's word.
 */
export function markProvenance(entry: Pick<ResolvedEntry, 'meaning' | 'action' | 'retryable' | 'retryCondition' | 'provenance'>): {
  meaning: string;
  action: string;
  retryCondition?: string;
} {
  const retryNote = provenanceNote(entry.provenance?.retry);
  const label = retryLabel(entry);
  const retryCondition = entry.retryCondition
    ? `${entry.retryCondition}${retryNote}`
    : retryNote
      ? `${label.charAt(0).toUpperCase()}${label.slice(1)}${retryNote}.`
      : undefined;
  return {
    meaning: `${entry.meaning}${provenanceNote(entry.provenance?.meaning)}`,
    action: `${entry.action}${provenanceNote(entry.provenance?.action)}`,
    ...(retryCondition ? { retryCondition } : {}),
  };
}
