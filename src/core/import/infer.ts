import type { Retryable } from '../catalog/types';
import { reasonPhrase } from '../httpStatus';

/** A row of the page's HTTP status table. */
export interface PageStatus {
  status: number;
  reason?: string;
  meaning?: string;
  /** The cells `meaning` was joined from, as the page has them. */
  meaningCells?: string[];
}

const STOP = new Set(
  'a an and are as at be but by error errors for from has have in is it its of on or our that the this to was we with you your'.split(
    ' ',
  ),
);

function stem(word: string): string {
  return word.length > 4 ? word.replace(/(?:ing|ed|es|s)$/, '') : word;
}

function words(text: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const w of (text ?? '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)) {
    if (w.length >= 2 && !STOP.has(w)) out.add(stem(w));
  }
  return out;
}

function overlap(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n;
}

const STANDARD = [
  400, 401, 402, 403, 404, 405, 408, 409, 410, 413, 415, 422, 425, 429, 500, 501, 502, 503, 504,
];

/**
 * The status of a code the page lists without one (Overten's code tables have no status column):
 * the page's status row whose reason and description share the most words with the code's name and
 * its description (and the section it is in). Undefined when nothing matches or two rows tie.
 */
export function inferStatus(
  code: string,
  texts: readonly string[],
  page: readonly PageStatus[],
  heading?: string,
): { status: number; because: string } | undefined {
  const codeWords = words(code.replace(/[_.-]+/g, ' '));
  const textWords = words(texts.join(' '));
  const rows = page.filter((r) => r.status >= 400);
  const headingWords = words(heading);
  const candidates: (PageStatus & { weight: number })[] = [
    // The page's words for a status, and the status's own reason phrase ("Internal Server Error").
    ...rows.map((r) => ({ ...r, reason: `${r.reason ?? ''} ${reasonPhrase(r.status)}`, weight: 1 })),
    ...STANDARD.filter((s) => !rows.some((r) => r.status === s)).map((s) => ({
      status: s,
      reason: reasonPhrase(s),
      weight: 0.5,
    })),
  ];
  let best: { status: number; score: number; because: string } | undefined;
  let tie = false;
  for (const c of candidates) {
    const reason = words(c.reason);
    const meaning = words(c.meaning);
    const score =
      c.weight *
      (3 * overlap(codeWords, reason) +
        2 * overlap(codeWords, meaning) +
        2 * overlap(textWords, reason) +
        overlap(textWords, meaning) +
        2 * overlap(headingWords, reason) +
        overlap(headingWords, meaning));
    if (score <= 0) continue;
    if (!best || score > best.score) {
      const own = page.find((p) => p.status === c.status);
      best = {
        status: c.status,
        score,
        because: [own?.reason ?? c.reason, own?.meaning].filter(Boolean).join(': '),
      };
      tie = false;
    } else if (score === best.score) tie = true;
  }
  return best && !tie ? { status: best.status, because: best.because } : undefined;
}

/** A sentence of the texts that talks about retrying, to serve as a retry condition. */
function retrySentence(texts: readonly (string | undefined)[]): string | undefined {
  for (const t of texts) {
    const sentence = (t ?? '')
      .split(/(?<=[.!?])\s+/)
      .find((s) => /\bretr(?:y|ies|ying)\b|back-?off/i.test(s));
    if (sentence) return sentence.trim();
  }
  return undefined;
}

/** From a Retryable column: `Yes`, `No`, or words that become a condition. */
export function retryableFromCell(cell: string): RetryRule | undefined {
  const t = cell.trim();
  if (!t) return undefined;
  if (/^(?:yes|true|y|retryable|\u2713|\u2714|\u2705)\b/i.test(t) && t.split(/\s+/).length <= 2)
    return { retryable: 'yes', basis: t };
  if (/^(?:no|false|n|never|\u2717|\u2718|\u274c|[-\u2013\u2014])$/i.test(t))
    return { retryable: 'no', basis: t };
  return {
    retryable: 'conditional',
    retryCondition: t.replace(/^(?:yes|sometimes|conditional(?:ly)?|maybe)\b[,:;\s\u2014-]*/i, '') || t,
    basis: t,
  };
}

/** A retry rule, and the page's words it rests on (`basis`); without them it is the status's usual rule. */
export interface RetryRule {
  retryable: Retryable;
  retryCondition?: string;
  basis?: string;
}

/**
 * When a page has no Retryable column. A 5xx row's own words decide when they talk about retrying
 * ("retry with exponential back-off" → yes; "safe to retry idempotent operations" → conditional)
 * or send you to support instead ("contact support", "our bug") → no. Otherwise, by status: 4xx are
 * permanent except 408, 425 and 429; 429, 425, 502, 503 and 504 are worth retrying; 500 and 408
 * only under a condition (the page's own words when it has some).
 */
export function defaultRetryable(
  status: number,
  texts: readonly (string | undefined)[],
  pageGuidance: string,
): RetryRule {
  if (status >= 500) {
    const own = retrySentence(texts);
    if (
      own &&
      /\b(?:do not|don't|never|rather than|should not|shouldn't|cannot)\b[^.]*\bretr|\bnot\s+(?:be\s+)?retr/i.test(
        own,
      )
    )
      return { retryable: 'no', basis: own };
    if (own && /idempotent|\bonly\b|\bunless\b|\bif\b|duplicate|may create/i.test(own))
      return { retryable: 'conditional', retryCondition: own, basis: own };
    if (own) return { retryable: 'yes', basis: own };
    // "Contact support", "Our bug. Gets paged.": the page says what to do, but gives no retry rule.
    const support = texts.find((t) =>
      /contact (?:support|us)|support ticket|our bug|gets paged/i.test(t ?? ''),
    );
    if (support)
      return {
        retryable: 'unknown',
        retryCondition: `Not documented: the page gives no retry rule, only \u201c${support.trim()}\u201d.`,
        basis: support.trim(),
      };
  }
  if (status === 429 || status === 425 || status === 502 || status === 503 || status === 504)
    return { retryable: 'yes' };
  if (status === 501) return { retryable: 'no' };
  if (status === 408 || status >= 500) {
    const own = retrySentence(texts) ?? retrySentence([pageGuidance]);
    return {
      retryable: 'conditional',
      retryCondition:
        own ??
        (status === 408
          ? 'Retry when the request is safe to repeat (idempotent), after a pause, or as the provider advises.'
          : 'Retry idempotent requests only, with exponential backoff; if the error persists, contact the provider with the request ID.'),
      ...(own ? { basis: own } : {}),
    };
  }
  return { retryable: 'no' };
}

/** What to do when the page gives no action: the usual remedy for the status. */
export function defaultAction(status: number): string {
  switch (status) {
    case 400:
    case 422:
      return 'Fix the request as the error message says before sending it again.';
    case 401:
      return 'Check the credentials sent with the request (missing, malformed, expired or revoked).';
    case 402:
      return 'Resolve the billing problem (credits, plan or payment) before retrying.';
    case 403:
      return 'Check that the credential has the permission, scope or plan this operation needs.';
    case 404:
      return 'Check the ID or path, and that the resource belongs to your account.';
    case 408:
      return 'Retry, or make the request lighter or asynchronous.';
    case 409:
      return 'Read the resource\u2019s current state and retry with the right preconditions.';
    case 410:
      return 'The resource is gone: create a new one instead of retrying.';
    case 413:
      return 'Send a smaller payload.';
    case 425:
    case 429:
      return 'Wait (honour Retry-After when sent), then retry with backoff.';
    default:
      return status >= 500
        ? 'Retry with exponential backoff; if it persists, contact the provider with the request ID.'
        : 'Fix the request before sending it again.';
  }
}
