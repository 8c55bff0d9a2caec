import type { SeedRow } from './types';

/**
 * Hand transcription of the Kakunin errors page (seeds/004, https://www.kakunin.ai/docs), made
 * independently of the catalog file so that it can check it. Only the seed page's rows: the HTTP
 * status table (code = the status) and the per-endpoint messages (code = the exact message).
 */
const certify = 'POST /v1/agents/{id}/certify';
const revoke = 'POST /v1/certificates/{id}/revoke';
const events = 'POST /v1/events';

export const kakuninSeedRows: SeedRow[] = [
  // HTTP Status Codes
  { code: '400', status: 400, retryable: 'no' },
  { code: '401', status: 401, retryable: 'no' },
  { code: '403', status: 403, retryable: 'no' },
  { code: '404', status: 404, retryable: 'no' },
  { code: '409', status: 409, retryable: 'no' },
  { code: '422', status: 422, retryable: 'no' },
  { code: '425', status: 425, retryable: 'yes' },
  { code: '429', status: 429, retryable: 'yes' },
  // "Unexpected server error — contact support": no retry rule is given.
  { code: '500', status: 500, retryable: 'unknown' },
  { code: '503', status: 503, retryable: 'yes' },

  // Certificate issuance (POST /v1/agents/{id}/certify)
  { code: 'Agent not found', status: 404, retryable: 'no', endpoint: certify },
  { code: 'Agent already has an active certificate', status: 409, retryable: 'no', endpoint: certify },
  { code: 'Cannot certify a retired agent', status: 422, retryable: 'no', endpoint: certify },
  // "AWS credentials missing — contact support": not fixed by retrying.
  { code: 'KMS not configured', status: 503, retryable: 'no', endpoint: certify },

  // Certificate revocation (POST /v1/certificates/{id}/revoke)
  { code: 'Certificate not found', status: 404, retryable: 'no', endpoint: revoke },
  { code: 'Certificate is already revoked', status: 409, retryable: 'no', endpoint: revoke },
  { code: 'Certificate has expired', status: 422, retryable: 'no', endpoint: revoke },

  // Event ingest (POST /v1/events)
  { code: 'Invalid action_type', status: 400, retryable: 'no', endpoint: events },
  { code: 'Agent not found', status: 404, retryable: 'no', endpoint: events },
  { code: 'Agent is not active', status: 422, retryable: 'no', endpoint: events },
];
