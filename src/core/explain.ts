import type { Catalog } from './catalog';
import type { Finding } from './detect';
import { reasonPhrase, statusMeaning, genericRetryable } from './httpStatus';
import { retryableFlag } from './present';

const GENERIC_NAMES = { 'problem+json': 'RFC 9457 problem details', 'aip-193': 'Google AIP-193 error', 'json-api': 'JSON:API error', stripe: 'Stripe-style error' } as const;

/** The plain facts of a finding that every surface shows: who, what, status, whether to retry, what to do. */
export interface FindingSummary {
  providerName: string;
  code: string;
  status?: number;
  reason?: string;
  retryable: boolean | null;
  /** The catalog gives no retry rule for this entry (`retryable: "unknown"`); retryCondition says why. */
  retryUnknown?: boolean;
  retryCondition?: string;
  title: string;
  remedy: string;
  /** The remedy in a few words, for one-line surfaces (a diagnostic, an annotation). */
  brief: string;
  docs?: string;
}

/** Longest brief cut from a remedy sentence (an entry's own `brief` is at most 40 characters). */
const MAX_BRIEF = 48;

/**
 * A remedy's first clause in a few words, for entries without a `brief` (custom catalogs, findings
 * outside the catalog): "Check the session ID, and …" → "check the session ID".
 */
export function briefOf(remedy: string): string {
  const clause = (/^(.*?)(?:[.;:](?:\s|$)|, and |$)/s.exec(remedy.trim())?.[1] ?? remedy).trim();
  // "API key …" keeps its capitals; "Check …" reads as the tail of a line in lower case.
  const lowered = /^[A-Z][a-z]/.test(clause) ? `${clause.charAt(0).toLowerCase()}${clause.slice(1)}` : clause;
  if (lowered.length <= MAX_BRIEF) return lowered;
  const cut = lowered.slice(0, MAX_BRIEF - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > MAX_BRIEF / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}

export function summarize(finding: Finding, catalog: Catalog): FindingSummary {
  const status = finding.status;
  const reason = status !== undefined ? finding.entry && finding.entry.status === status ? finding.entry.reason : reasonPhrase(status) : undefined;
  if (finding.generic) {
    return {
      providerName: GENERIC_NAMES[finding.generic],
      code: finding.code,
      status,
      reason,
      retryable: status !== undefined ? genericRetryable(status) : null,
      title: status !== undefined ? statusMeaning(status) : finding.message ?? 'An error response of an API outside the catalog.',
      remedy: 'Not one of the catalogued providers: see that API\'s own documentation.',
      brief: 'see that API\'s own documentation',
    };
  }
  if (!finding.provider) {
    const names = finding.candidates.map((c) => catalog.displayName(c.provider)).join(' or ');
    return {
      providerName: `ambiguous (${names})`,
      code: finding.code,
      status,
      reason,
      retryable: null,
      title: `The evidence fits ${names}; add the request's host or auth header to tell them apart.`,
      remedy: finding.candidates.map((c) => `${catalog.displayName(c.provider)}: ${c.entry?.action ?? 'not in its catalog'}`).join(' | '),
      brief: 'ambiguous: add the host or auth header',
    };
  }
  const providerName = catalog.displayName(finding.provider);
  const entry = finding.entry;
  if (!entry) {
    const remedy = status !== undefined ? statusMeaning(status) : `Check ${catalog.provider(finding.provider)?.docs ?? 'the provider docs'}.`;
    return {
      providerName,
      code: finding.code,
      status,
      reason,
      retryable: null,
      title: `Not in the ${providerName} catalog.`,
      remedy,
      brief: status !== undefined ? briefOf(remedy) : 'check the provider docs',
      docs: catalog.provider(finding.provider)?.docs,
    };
  }
  return {
    providerName,
    code: finding.code,
    status,
    reason,
    retryable: retryableFlag(entry),
    ...(entry.retryable === 'unknown' ? { retryUnknown: true } : {}),
    retryCondition: entry.retryCondition,
    title: entry.meaning,
    remedy: entry.action,
    brief: entry.brief ?? briefOf(entry.action),
    docs: entry.docs,
  };
}
