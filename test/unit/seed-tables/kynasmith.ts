import type { SeedRow } from './types';

/** Hand-transcribed from seed 000 (Kynasmith, docs.kynasmith.dev/api-reference/error-codes). */
export const kynasmithSeedRows: SeedRow[] = [
  // General API errors
  { code: 'access_token_missing', status: 401, retryable: 'no' },
  { code: 'access_token_invalid', status: 401, retryable: 'no' },
  { code: 'access_token_expired', status: 401, retryable: 'yes' },
  { code: 'insufficient_scope', status: 403, retryable: 'no' },
  { code: 'project_mismatch', status: 403, retryable: 'no' },
  { code: 'authorization_failed', status: 403, retryable: 'no' },
  { code: 'not_found', status: 404, retryable: 'no' },
  { code: 'validation_error', status: 422, retryable: 'no' },
  { code: 'conflict', status: 409, retryable: 'no' },
  { code: 'rate_limited', status: 429, retryable: 'yes' },
  { code: 'internal_error', status: 500, retryable: 'yes' },
  { code: 'service_unavailable', status: 503, retryable: 'yes' },
  // MoveSpec errors
  { code: 'movespec_not_found', status: 404, retryable: 'no' },
  { code: 'movespec_version_not_found', status: 404, retryable: 'no' },
  { code: 'draft_validation_failed', status: 422, retryable: 'no' },
  { code: 'version_already_released', status: 409, retryable: 'no' },
  { code: 'no_released_version', status: 404, retryable: 'no' },
  // Detection session errors
  { code: 'session_not_found', status: 404, retryable: 'no' },
  { code: 'session_already_completed', status: 409, retryable: 'no' },
  { code: 'session_already_cancelled', status: 409, retryable: 'no' },
  { code: 'contract_version_unsupported', status: 422, retryable: 'no' },
  { code: 'duplicate_active_connection', status: 409, retryable: 'no' },
  // Billing and quota errors
  { code: 'quota_exceeded', status: 403, retryable: 'no' },
  { code: 'organization_suspended', status: 403, retryable: 'no' },
  { code: 'delinquent_payment', status: 403, retryable: 'no' },
  { code: 'plan_requires_upgrade', status: 403, retryable: 'no' },
  { code: 'billing_not_configured', status: 403, retryable: 'no' },
];
