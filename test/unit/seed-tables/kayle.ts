import type { SeedRow } from './types';

/**
 * Hand-transcribed from seed 001 (Kayle ID, docs.kayle.id/api-reference/errors).
 * 4xx are permanent ("fix the request shape rather than retrying"); 5xx only on idempotent calls.
 */
export const kayleSeedRows: SeedRow[] = [
  // Common error codes
  { code: 'UNAUTHORIZED', status: 401, retryable: 'no' },
  { code: 'FORBIDDEN', status: 403, retryable: 'no' },
  { code: 'NOT_FOUND', status: 404, retryable: 'no' },
  { code: 'BAD_REQUEST', status: 400, retryable: 'no' },
  { code: 'INVALID_REQUEST', status: 400, retryable: 'no' },
  { code: 'CONFLICT', status: 409, retryable: 'no' },
  { code: 'INTERNAL_SERVER_ERROR', status: 500, retryable: 'conditional' },
  { code: 'ORGANIZATION_FROZEN', status: 410, retryable: 'no' },
  // Sessions
  { code: 'UNKNOWN_CLAIM_KEY', status: 400, retryable: 'no' },
  { code: 'SESSION_NOT_FOUND', status: 404, retryable: 'no' },
  { code: 'INVALID_SESSION_ID', status: 400, retryable: 'no' },
  { code: 'SESSION_EXPIRED', status: 409, retryable: 'no' },
  { code: 'SESSION_IN_PROGRESS', status: 409, retryable: 'no' },
  // Verify (public endpoints)
  { code: 'CANCEL_TOKEN_INVALID', status: 401, retryable: 'no' },
  { code: 'CANCEL_TOKEN_USED', status: 409, retryable: 'no' },
  { code: 'WEBSOCKET_REQUIRED', status: 426, retryable: 'no' },
  { code: 'HANDOFF_TOKEN_INVALID', status: 401, retryable: 'no' },
  { code: 'HANDOFF_TOKEN_EXPIRED', status: 401, retryable: 'no' },
  { code: 'HANDOFF_TOKEN_CONSUMED', status: 409, retryable: 'no' },
  { code: 'HANDOFF_DEVICE_MISMATCH', status: 403, retryable: 'no' },
  // Webhooks
  { code: 'WEBHOOK_URL_REJECTED', status: 400, retryable: 'no' },
  // HTTP status codes table (rows >= 400)
  { code: '400', status: 400, retryable: 'no' },
  { code: '401', status: 401, retryable: 'no' },
  { code: '403', status: 403, retryable: 'no' },
  { code: '404', status: 404, retryable: 'no' },
  { code: '409', status: 409, retryable: 'no' },
  { code: '410', status: 410, retryable: 'no' },
  { code: '426', status: 426, retryable: 'no' },
  { code: '500', status: 500, retryable: 'conditional' },
];
