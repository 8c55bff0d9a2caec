import type { SeedRow } from './types';

/**
 * Hand-transcribed from seed 002 (Overten, apidocs.overtenai.com/errors). The code tables carry
 * no status column: each code's status comes from the page's HTTP status table.
 */
export const overtenSeedRows: SeedRow[] = [
  // Authentication
  { code: 'invalid_api_key', status: 401, retryable: 'no' },
  { code: 'forbidden', status: 403, retryable: 'no' },
  // Billing
  { code: 'insufficient_credits', status: 402, retryable: 'no' },
  // Validation
  { code: 'invalid_request', status: 400, retryable: 'no' },
  { code: 'validation_error', status: 422, retryable: 'no' },
  { code: 'preflight_failed', status: 400, retryable: 'no' },
  { code: 'payload_too_large', status: 413, retryable: 'no' },
  // Resources
  { code: 'not_found', status: 404, retryable: 'no' },
  { code: 'gone', status: 410, retryable: 'no' },
  { code: 'conflict', status: 409, retryable: 'no' },
  // Runtime
  { code: 'sync_timeout_upgrade_async', status: 408, retryable: 'conditional' },
  { code: 'rate_limit_exceeded', status: 429, retryable: 'yes' },
  // The page gives no retry rule for internal_error or 500 (only "Include X-Request-Id in support ticket").
  { code: 'internal_error', status: 500, retryable: 'unknown' },
  { code: 'upstream_error', status: 502, retryable: 'yes' },
  { code: 'service_unavailable', status: 503, retryable: 'yes' },
  { code: 'not_implemented', status: 501, retryable: 'no' },
  // HTTP status codes table (rows >= 400)
  { code: '400', status: 400, retryable: 'no' },
  { code: '401', status: 401, retryable: 'no' },
  { code: '402', status: 402, retryable: 'no' },
  { code: '403', status: 403, retryable: 'no' },
  { code: '404', status: 404, retryable: 'no' },
  { code: '408', status: 408, retryable: 'conditional' },
  { code: '409', status: 409, retryable: 'no' },
  { code: '410', status: 410, retryable: 'no' },
  { code: '413', status: 413, retryable: 'no' },
  { code: '422', status: 422, retryable: 'no' },
  { code: '429', status: 429, retryable: 'yes' },
  { code: '500', status: 500, retryable: 'unknown' },
  { code: '501', status: 501, retryable: 'no' },
  { code: '502', status: 502, retryable: 'yes' },
  { code: '503', status: 503, retryable: 'yes' },
];
