import type { Catalog, ResolvedEntry } from './catalog';

/** The words users see for a retryable flag. */
export function retryLabel(entry: Pick<ResolvedEntry, 'retryable'>): string {
  return entry.retryable === 'yes' ? 'retryable' : entry.retryable === 'no' ? 'not retryable' : entry.retryable === 'unknown' ? 'retryable: unknown' : 'retry with care';
}

/** The same words for a summary's flag: `null` is "retry with care" unless the catalog says no rule is known. */
export function summaryRetryLabel(s: { retryable: boolean | null; retryUnknown?: boolean }): string {
  return s.retryable === true ? 'retryable' : s.retryable === false ? 'not retryable' : s.retryUnknown ? 'retryable: unknown' : 'retry with care';
}

/** `retryable` as the CLI's JSON contract has it: true, false or null (conditional, or unknown: no documented rule). */
export function retryableFlag(entry: Pick<ResolvedEntry, 'retryable'>): boolean | null {
  return entry.retryable === 'yes' ? true : entry.retryable === 'no' ? false : null;
}

/** How an entry is named in a title: codes as-is, status rows as "HTTP 429", messages quoted. */
export function entryLabel(entry: Pick<ResolvedEntry, 'kind' | 'code'>): string {
  if (entry.kind === 'status') return `HTTP ${entry.code}`;
  if (entry.kind === 'message') return `"${entry.code}"`;
  return entry.code;
}

/** `Kynasmith · rate_limited · 429 Too Many Requests · retryable` */
export function titleLine(catalog: Catalog, entry: ResolvedEntry): string {
  const parts = [catalog.displayName(entry.provider), entryLabel(entry)];
  if (entry.kind !== 'status' || entry.reason) parts.push(`${entry.status} ${entry.reason}`);
  parts.push(retryLabel(entry));
  return parts.join(' · ');
}

/** The JSON form of an entry shared by `lookup --json` and other machine outputs. */
export function entryToJson(entry: ResolvedEntry) {
  return {
    provider: entry.provider,
    code: entry.code,
    status: entry.status,
    retryable: retryableFlag(entry),
    title: entry.meaning,
    remedy: entry.action,
    docs: entry.docs,
    kind: entry.kind,
    reason: entry.reason,
    ...(entry.retryable === 'unknown' ? { retryUnknown: true } : {}),
    ...(entry.retryCondition ? { retryCondition: entry.retryCondition } : {}),
    ...(entry.endpoint ? { endpoint: entry.endpoint } : {}),
    ...(entry.category ? { category: entry.category } : {}),
  };
}

// C0 and C1 controls (escape sequences, bells, newlines) and the bidirectional overrides of "Trojan Source".
// eslint-disable-next-line no-control-regex
const NOT_PRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from a document made safe for one line of terminal output: a code in a log may hold escape
 * sequences that would recolour, retitle or clear the terminal. They are shown (`\u{1b}`), not obeyed.
 */
export function printable(text: string): string {
  return text.replace(NOT_PRINTABLE, (c) => `\\u{${(c.codePointAt(0) as number).toString(16)}}`);
}
