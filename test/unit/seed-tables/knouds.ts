import type { SeedRow } from './types';

/**
 * Hand transcription of the Knouds error reference (seeds/003, https://docs.knouds.ai), made
 * independently of the catalog file so that it can check it. Only the seed page's rows; the
 * code-less rows `(no code)` 401 and `(message)` 404 are written as their status ("401", "404").
 */
export const knoudsSeedRows: SeedRow[] = [
  { code: 'INVALID_INPUTS', status: 400, retryable: 'no' },
  { code: 'INVALID_SLUG', status: 400, retryable: 'no' },
  { code: 'INVALID_SCOPE', status: 400, retryable: 'no' },
  { code: '401', status: 401, retryable: 'no' },
  { code: 'INSUFFICIENT_CREDITS', status: 402, retryable: 'no' },
  { code: 'grant_exhausted', status: 402, retryable: 'no' },
  { code: 'SCOPE_DENIED', status: 403, retryable: 'no' },
  { code: 'MODEL_TIER_REQUIRED', status: 403, retryable: 'no' },
  { code: 'MODEL_NOT_FOUND', status: 404, retryable: 'no' },
  { code: '404', status: 404, retryable: 'no' },
  { code: 'RATE_LIMIT_EXCEEDED', status: 429, retryable: 'yes' },
  { code: 'EXECUTION_FAILED', status: 500, retryable: 'yes' },
];
