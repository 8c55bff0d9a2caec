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
  docs?: string;
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
    };
  }
  const providerName = catalog.displayName(finding.provider);
  const entry = finding.entry;
  if (!entry) {
    return {
      providerName,
      code: finding.code,
      status,
      reason,
      retryable: null,
      title: `Not in the ${providerName} catalog.`,
      remedy: status !== undefined ? statusMeaning(status) : `Check ${catalog.provider(finding.provider)?.docs ?? 'the provider docs'}.`,
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
    docs: entry.docs,
  };
}
