/**
 * Scripted exchanges with each provider, built from the bodies and headers its docs show, and what a
 * correct handler does with them: how many requests, what it sends, how long it waits, what it returns
 * or raises. One list for all three languages.
 */
import assert from 'node:assert/strict';
import type { ScenarioRun } from './drivers';
import type { Reply } from './server';

export interface Scenario {
  provider: string;
  name: string;
  request: { method: string; path: string; body?: Record<string, unknown> };
  replies: Reply[];
  /** Give the handler a token-refresh callback (Kynasmith). */
  refresh?: boolean;
  /** Make the same call this many times, with the same options. */
  calls?: number;
  /** Let the handler sleep for real instead of through the injected sleep. */
  realTime?: boolean;
  check(run: ScenarioRun): void;
}

/** Class names differ where the SDKs differ (Kakunin): `{ typescript, python }`. */
type Names = string | { typescript: string; python: string };

export function failed(run: ScenarioRun, expected: Names, index = 0): Record<string, unknown> {
  const outcome = run.outcomes[index];
  assert.ok(outcome && !outcome.ok, `call ${index + 1} should have failed: ${JSON.stringify(outcome)}`);
  const name = typeof expected === 'string' ? expected : run.language === 'python' ? expected.python : expected.typescript;
  assert.equal(outcome.error.name, name, outcome.error.message);
  return outcome.error.fields;
}

export function succeeded(run: ScenarioRun, index = 0): unknown {
  const outcome = run.outcomes[index];
  assert.ok(outcome?.ok, `call ${index + 1} should have succeeded: ${JSON.stringify(outcome)}`);
  return outcome.value ?? null;
}

function requests(run: ScenarioRun, count: number): void {
  assert.equal(run.requests.length, count, `requests: ${run.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`);
}

function sleeps(run: ScenarioRun, expected: number[]): void {
  assert.equal(run.sleeps.length, expected.length, `sleeps: ${JSON.stringify(run.sleeps)}`);
  run.sleeps.forEach((ms, i) => assert.ok(Math.abs(ms - (expected[i] ?? NaN)) < 1, `sleep ${i + 1}: ${ms} ms, expected ${expected[i]} ms`));
}

function logged(run: ScenarioRun, ...texts: string[]): void {
  for (const text of texts) assert.ok(run.logs.some((l) => l.includes(text)), `no log line mentions ${text}: ${JSON.stringify(run.logs)}`);
}

const ok = (body: unknown = { ok: true }): Reply => ({ status: 200, body });

// Kynasmith: {"error": {"code", "message", "retryable", "details"}} with X-Request-ID.
const kynasmith = (status: number, code: string, retryable: boolean, details: Record<string, unknown> = {}, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'X-Request-ID': `req_${code}`, ...headers },
  body: { error: { code, message: `Kynasmith says ${code}.`, retryable, details } },
});

// Kayle ID: {"data": null, "error": {"code", "message", "hint", "docs"}}; key-middleware errors lack data, hint, docs.
const kayle = (status: number, code: string, bare = false): Reply => ({
  status,
  body: bare
    ? { error: { code, message: `${code} message` } }
    : { data: null, error: { code, message: `${code} message`, hint: `How to fix ${code}.`, docs: `https://kayle.id/docs/api/errors#${code}` } },
});

// Overten: {"success": false, "error": "<code>", "message": "…"} plus run_id / task_id, X-Request-Id.
const overten = (status: number, error: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'X-Request-Id': `req_${error}`, ...headers },
  body: { success: false, error, message: `Overten: ${error.replace(/_/g, ' ')}.`, ...extra },
});

// Knouds: {"error": "<message>", "code": "<CODE>", ...context}; a 401 has no code.
const knouds = (status: number, code: string | undefined, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Reply => ({
  status,
  headers,
  body: { error: code ? `Knouds: ${code}` : 'Unauthorized', ...(code ? { code } : {}), ...extra },
});

// Kakunin: {"error": "<human message>"} only.
const kakunin = (status: number, error: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'X-Request-Id': `req_${status}`, ...headers },
  body: { error, ...extra },
});

export const SCENARIOS: readonly Scenario[] = [
  // ── Kynasmith ──────────────────────────────────────────────────────────────
  {
    provider: 'kynasmith',
    name: '429 with Retry-After: 1, then 200: two requests, one wait of 1000 ms, success',
    request: { method: 'GET', path: '/api/movespecs/ms_1' },
    replies: [kynasmith(429, 'rate_limited', true, { retry_after_seconds: 1 }, { 'Retry-After': '1' }), ok({ id: 'ms_1' })],
    check(run) {
      requests(run, 2);
      sleeps(run, [1000]);
      assert.deepEqual(succeeded(run), { id: 'ms_1' });
    },
  },
  {
    provider: 'kynasmith',
    name: '429 without Retry-After: waits details.retry_after_seconds',
    request: { method: 'GET', path: '/api/usage' },
    replies: [kynasmith(429, 'rate_limited', true, { retry_after_seconds: 2 }), ok()],
    check(run) {
      requests(run, 2);
      sleeps(run, [2000]);
      succeeded(run);
    },
  },
  {
    provider: 'kynasmith',
    name: '429 asking for an hour: not slept through, RateLimitError carries the wait',
    request: { method: 'GET', path: '/api/usage' },
    replies: [kynasmith(429, 'rate_limited', true, {}, { 'Retry-After': '3600' })],
    check(run) {
      requests(run, 1);
      sleeps(run, []);
      assert.equal(failed(run, 'RateLimitError').retryAfter, 3600);
    },
  },
  {
    provider: 'kynasmith',
    name: 'quota_exceeded: one request, AuthorizationError with the quota numbers, X-Request-ID logged',
    request: { method: 'POST', path: '/api/detection/sessions', body: { movespec_id: 'ms_1' } },
    replies: [
      kynasmith(403, 'quota_exceeded', false, {
        quota_limit: 10000,
        current_usage: 10001,
        resets_at: '2026-05-01T00:00:00Z',
        upgrade_url: 'https://app.kynasmith.dev/settings/billing',
      }),
    ],
    check(run) {
      requests(run, 1);
      sleeps(run, []);
      const error = failed(run, 'AuthorizationError');
      assert.equal(error.quotaLimit, 10000);
      assert.equal(error.currentUsage, 10001);
      assert.equal(error.resetsAt, '2026-05-01T00:00:00Z');
      assert.equal(error.upgradeUrl, 'https://app.kynasmith.dev/settings/billing');
      assert.equal(error.code, 'quota_exceeded');
      assert.equal(error.requestId, 'req_quota_exceeded');
      logged(run, 'req_quota_exceeded');
    },
  },
  {
    provider: 'kynasmith',
    name: 'access_token_expired: the refresh callback runs once and the retry carries the new token',
    request: { method: 'GET', path: '/api/movespecs/ms_1' },
    refresh: true,
    replies: [kynasmith(401, 'access_token_expired', true), ok({ id: 'ms_1' })],
    check(run) {
      requests(run, 2);
      assert.equal(run.refreshCalls, 1);
      assert.equal(run.requests[0]?.headers.authorization, 'Bearer test-key');
      assert.equal(run.requests[1]?.headers.authorization, 'Bearer fresh-token');
      assert.deepEqual(succeeded(run), { id: 'ms_1' });
    },
  },
  {
    provider: 'kynasmith',
    name: 'access_token_expired again after the refresh: AuthError, no second refresh',
    request: { method: 'GET', path: '/api/movespecs/ms_1' },
    refresh: true,
    replies: [kynasmith(401, 'access_token_expired', true), kynasmith(401, 'access_token_expired', true)],
    check(run) {
      requests(run, 2);
      assert.equal(run.refreshCalls, 1);
      failed(run, 'AuthError');
    },
  },
  {
    provider: 'kynasmith',
    name: '503 every time: bounded at 4 attempts, exponential backoff between them',
    request: { method: 'GET', path: '/api/usage' },
    replies: Array.from({ length: 4 }, () => kynasmith(503, 'service_unavailable', true)),
    check(run) {
      requests(run, 4);
      sleeps(run, [500, 1000, 2000]);
      failed(run, 'KynasmithServerError');
    },
  },
  {
    provider: 'kynasmith',
    name: 'internal_error, then 200: retried after backoff',
    request: { method: 'GET', path: '/api/usage' },
    replies: [kynasmith(500, 'internal_error', true), ok()],
    check(run) {
      requests(run, 2);
      sleeps(run, [500]);
      succeeded(run);
    },
  },
  {
    provider: 'kynasmith',
    name: 'an undocumented code marked retryable: the body is trusted',
    request: { method: 'GET', path: '/api/usage' },
    replies: [kynasmith(409, 'lock_contention', true), ok()],
    check(run) {
      requests(run, 2);
      succeeded(run);
    },
  },
  {
    provider: 'kynasmith',
    name: 'validation_error: permanent, one request',
    request: { method: 'POST', path: '/api/movespecs', body: { name: '' } },
    replies: [kynasmith(422, 'validation_error', false)],
    check(run) {
      requests(run, 1);
      assert.equal(failed(run, 'KynasmithError').code, 'validation_error');
    },
  },
  {
    provider: 'kynasmith',
    name: 'in real time: Retry-After: 1 is waited out (about one second between the two requests)',
    request: { method: 'GET', path: '/api/usage' },
    realTime: true,
    replies: [kynasmith(429, 'rate_limited', true, {}, { 'Retry-After': '1' }), ok()],
    check(run) {
      requests(run, 2);
      succeeded(run);
      const gap = (run.requests[1]?.at ?? 0) - (run.requests[0]?.at ?? 0);
      assert.ok(gap >= 900 && gap < 5000, `second request ${Math.round(gap)} ms after the first`);
    },
  },

  // ── Kayle ID ───────────────────────────────────────────────────────────────
  {
    provider: 'kayle',
    name: '500 on POST /v1/sessions: one request, the error raised, never re-sent',
    request: { method: 'POST', path: '/v1/sessions', body: { share_fields: ['age_over_18'] } },
    replies: [kayle(500, 'INTERNAL_SERVER_ERROR'), ok()],
    check(run) {
      requests(run, 1);
      failed(run, 'KayleServerError');
    },
  },
  {
    provider: 'kayle',
    name: '500 on GET: retried after backoff',
    request: { method: 'GET', path: '/v1/sessions/ses_1' },
    replies: [kayle(500, 'INTERNAL_SERVER_ERROR'), ok({ data: { id: 'ses_1' }, error: null })],
    check(run) {
      requests(run, 2);
      sleeps(run, [500]);
      assert.deepEqual(succeeded(run), { data: { id: 'ses_1' }, error: null });
    },
  },
  {
    provider: 'kayle',
    name: '500 on POST …/cancel: retried, 204 ends it',
    request: { method: 'POST', path: '/v1/sessions/ses_1/cancel' },
    replies: [kayle(500, 'INTERNAL_SERVER_ERROR'), { status: 204 }],
    check(run) {
      requests(run, 2);
      assert.equal(succeeded(run), null);
    },
  },
  {
    provider: 'kayle',
    name: '410 ORGANIZATION_FROZEN: stops; a later call sends nothing and fails the same way',
    request: { method: 'GET', path: '/v1/sessions' },
    calls: 2,
    replies: [kayle(410, 'ORGANIZATION_FROZEN', true), ok()],
    check(run) {
      requests(run, 1);
      sleeps(run, []);
      failed(run, 'KayleOrganizationFrozenError', 0);
      failed(run, 'KayleOrganizationFrozenError', 1);
    },
  },
  {
    provider: 'kayle',
    name: 'SESSION_EXPIRED sent as 410 (seen on verify paths) is a conflict, and freezes nothing',
    request: { method: 'POST', path: '/v1/verify/ses_1/cancel' },
    calls: 2,
    replies: [kayle(410, 'SESSION_EXPIRED'), ok()],
    check(run) {
      requests(run, 2);
      failed(run, 'KayleConflictError', 0);
      succeeded(run, 1);
    },
  },
  {
    provider: 'kayle',
    name: '426 WEBSOCKET_REQUIRED: the WebSocket error, one request',
    request: { method: 'GET', path: '/v1/verify/ses_1/socket' },
    replies: [kayle(426, 'WEBSOCKET_REQUIRED')],
    check(run) {
      requests(run, 1);
      failed(run, 'KayleWebSocketRequiredError');
    },
  },
  {
    provider: 'kayle',
    name: 'UNKNOWN_CLAIM_KEY: permanent validation error carrying code, hint and docs',
    request: { method: 'POST', path: '/v1/sessions', body: { share_fields: ['shoe_size'] } },
    replies: [kayle(400, 'UNKNOWN_CLAIM_KEY')],
    check(run) {
      requests(run, 1);
      const error = failed(run, 'KayleValidationError');
      assert.equal(error.code, 'UNKNOWN_CLAIM_KEY');
      assert.equal(error.hint, 'How to fix UNKNOWN_CLAIM_KEY.');
      assert.equal(error.docs, 'https://kayle.id/docs/api/errors#UNKNOWN_CLAIM_KEY');
    },
  },
  {
    provider: 'kayle',
    name: 'CANCEL_TOKEN_USED sent as 401 (seen in the source): the code decides, a conflict',
    request: { method: 'POST', path: '/v1/verify/ses_1/cancel', body: { cancel_token: 'ct_1' } },
    replies: [kayle(401, 'CANCEL_TOKEN_USED')],
    check(run) {
      requests(run, 1);
      failed(run, 'KayleConflictError');
    },
  },

  // ── Overten ────────────────────────────────────────────────────────────────
  {
    provider: 'overten',
    name: '408 sync_timeout_upgrade_async: resubmitted with async: true, then /tasks/{id} polled until completed',
    request: { method: 'POST', path: '/runs', body: { prompt: 'a cat' } },
    replies: [
      overten(408, 'sync_timeout_upgrade_async', { run_id: 'run_1' }),
      { status: 202, body: { success: true, task_id: 'task_1', run_id: 'run_1', status: 'queued' } },
      ok({ task_id: 'task_1', status: 'running' }),
      ok({ task_id: 'task_1', run_id: 'run_1', status: 'completed', result: { url: 'https://cdn/x.png' } }),
    ],
    check(run) {
      requests(run, 4);
      assert.deepEqual(run.requests[0]?.body, { prompt: 'a cat' });
      assert.deepEqual(run.requests[1]?.body, { prompt: 'a cat', async: true });
      assert.deepEqual(
        run.requests.slice(2).map((r) => `${r.method} ${r.path}`),
        ['GET /tasks/task_1', 'GET /tasks/task_1'],
      );
      sleeps(run, [3500, 7000]);
      assert.deepEqual(succeeded(run), { task_id: 'task_1', run_id: 'run_1', status: 'completed', result: { url: 'https://cdn/x.png' } });
    },
  },
  {
    provider: 'overten',
    name: '202 promotion with task_id: polled, first wait in 2–5 s, never more than 10 s apart',
    request: { method: 'POST', path: '/runs', body: { prompt: 'a long film' } },
    replies: [
      { status: 202, body: { task_id: 'task_2', message: 'Sync ceiling (300s) exceeded; continuing asynchronously.' } },
      ok({ task_id: 'task_2', status: 'queued' }),
      ok({ task_id: 'task_2', status: 'running' }),
      ok({ task_id: 'task_2', status: 'running' }),
      ok({ task_id: 'task_2', status: 'completed' }),
    ],
    check(run) {
      requests(run, 5);
      assert.ok((run.sleeps[0] ?? 0) >= 2000 && (run.sleeps[0] ?? 0) <= 5000, `first wait ${run.sleeps[0]} ms`);
      assert.ok(run.sleeps.every((ms) => ms <= 10_000), `waits ${JSON.stringify(run.sleeps)}`);
      sleeps(run, [3500, 7000, 10000, 10000]);
      assert.equal((succeeded(run) as { status: string }).status, 'completed');
      logged(run, 'task_2');
    },
  },
  {
    provider: 'overten',
    name: 'an async task that fails: OvertenTaskError with its state',
    request: { method: 'POST', path: '/runs', body: { prompt: 'x', async: true } },
    replies: [{ status: 202, body: { task_id: 'task_3' } }, ok({ task_id: 'task_3', status: 'failed', error: 'upstream_error', message: 'The model provider failed.' })],
    check(run) {
      requests(run, 2);
      const error = failed(run, 'OvertenTaskError');
      assert.equal(error.state, 'failed');
      assert.equal(error.code, 'upstream_error');
    },
  },
  {
    provider: 'overten',
    name: '402 insufficient_credits: one request, the credits error with the message for end users',
    request: { method: 'POST', path: '/runs', body: { prompt: 'x' } },
    replies: [overten(402, 'insufficient_credits')],
    check(run) {
      requests(run, 1);
      assert.equal(failed(run, 'OvertenInsufficientCreditsError').userMessage, 'Overten: insufficient credits.');
    },
  },
  {
    provider: 'overten',
    name: '429 rate_limit_exceeded: waits Retry-After seconds',
    request: { method: 'GET', path: '/runs/run_1' },
    replies: [overten(429, 'rate_limit_exceeded', {}, { 'Retry-After': '7' }), ok()],
    check(run) {
      requests(run, 2);
      sleeps(run, [7000]);
      succeeded(run);
    },
  },
  {
    provider: 'overten',
    name: '503 service_unavailable: waits 30–60 s before the next try',
    request: { method: 'GET', path: '/runs/run_1' },
    replies: [overten(503, 'service_unavailable'), ok()],
    check(run) {
      requests(run, 2);
      sleeps(run, [45000]);
      succeeded(run);
    },
  },
  {
    provider: 'overten',
    name: '502 upstream_error: exponential backoff',
    request: { method: 'GET', path: '/runs/run_1' },
    replies: [overten(502, 'upstream_error'), overten(502, 'upstream_error'), ok()],
    check(run) {
      requests(run, 3);
      sleeps(run, [1000, 2000]);
      succeeded(run);
    },
  },
  {
    provider: 'overten',
    name: '410 gone: one request, the error that says start a new run',
    request: { method: 'GET', path: '/runs/run_old' },
    replies: [overten(410, 'gone', { run_id: 'run_old' })],
    check(run) {
      requests(run, 1);
      assert.equal(failed(run, 'OvertenGoneError').runId, 'run_old');
    },
  },
  {
    provider: 'overten',
    name: '409 conflict: one request, the conflict error',
    request: { method: 'POST', path: '/runs', body: { prompt: 'x', idempotency_key: 'k1' } },
    replies: [overten(409, 'conflict')],
    check(run) {
      requests(run, 1);
      failed(run, 'OvertenConflictError');
    },
  },
  {
    provider: 'overten',
    name: '500 internal_error: not retried; X-Request-Id, run_id and task_id logged',
    request: { method: 'POST', path: '/runs', body: { prompt: 'x' } },
    replies: [overten(500, 'internal_error', { run_id: 'run_9', task_id: 'task_9' })],
    check(run) {
      requests(run, 1);
      assert.equal(failed(run, 'OvertenServerError').requestId, 'req_internal_error');
      logged(run, 'req_internal_error', 'run_9', 'task_9');
    },
  },

  // ── Knouds ─────────────────────────────────────────────────────────────────
  {
    provider: 'knouds',
    name: 'grant_exhausted: the plan-upgrade error, not the credits error',
    request: { method: 'POST', path: '/api/models/flux-pro/run', body: { inputs: {} } },
    replies: [knouds(402, 'grant_exhausted')],
    check(run) {
      requests(run, 1);
      failed(run, 'KnoudsPlanUpgradeRequiredError');
    },
  },
  {
    provider: 'knouds',
    name: 'INSUFFICIENT_CREDITS: the credits error',
    request: { method: 'POST', path: '/api/workflows/my-flow/run', body: { inputs: {} } },
    replies: [knouds(402, 'INSUFFICIENT_CREDITS')],
    check(run) {
      requests(run, 1);
      failed(run, 'KnoudsInsufficientCreditsError');
    },
  },
  {
    provider: 'knouds',
    name: 'SCOPE_DENIED: carries required and actual',
    request: { method: 'GET', path: '/api/workflows/my-flow/schema' },
    replies: [knouds(403, 'SCOPE_DENIED', { error: 'Insufficient scope', required: 'admin', actual: 'deployment' })],
    check(run) {
      requests(run, 1);
      const error = failed(run, 'KnoudsScopeDeniedError');
      assert.equal(error.required, 'admin');
      assert.equal(error.actual, 'deployment');
    },
  },
  {
    provider: 'knouds',
    name: '429 RATE_LIMIT_EXCEEDED: waits Retry-After seconds, sends x-api-key',
    request: { method: 'POST', path: '/api/workflows/my-flow/run', body: { inputs: {} } },
    replies: [knouds(429, 'RATE_LIMIT_EXCEEDED', {}, { 'Retry-After': '3' }), ok()],
    check(run) {
      requests(run, 2);
      sleeps(run, [3000]);
      assert.equal(run.requests[0]?.headers['x-api-key'], 'test-key');
      assert.equal(run.requests[0]?.headers.authorization, undefined);
      succeeded(run);
    },
  },
  {
    provider: 'knouds',
    name: '500 EXECUTION_FAILED every time: bounded backoff, then the execution error',
    request: { method: 'POST', path: '/api/workflows/my-flow/run', body: { inputs: {} } },
    replies: Array.from({ length: 4 }, () => knouds(500, 'EXECUTION_FAILED')),
    check(run) {
      requests(run, 4);
      sleeps(run, [1000, 2000, 4000]);
      failed(run, 'KnoudsExecutionFailedError');
    },
  },
  {
    provider: 'knouds',
    name: '401 without a code: the auth error, one request',
    request: { method: 'GET', path: '/api/workflows/my-flow/schema' },
    replies: [knouds(401, undefined)],
    check(run) {
      requests(run, 1);
      assert.equal(failed(run, 'KnoudsAuthError').code ?? null, null);
    },
  },
  {
    provider: 'knouds',
    name: '404 for an unknown workflow slug (a message, no code): the not-found error',
    request: { method: 'POST', path: '/api/workflows/nope/run', body: { inputs: {} } },
    replies: [{ status: 404, body: { error: 'Workflow not found' } }],
    check(run) {
      requests(run, 1);
      failed(run, 'KnoudsNotFoundError');
    },
  },

  // ── Kakunin ────────────────────────────────────────────────────────────────
  {
    provider: 'kakunin',
    name: '425 then 200: polled again after a wait',
    request: { method: 'GET', path: '/reports/rep_1' },
    replies: [kakunin(425, 'Report is still generating'), ok({ id: 'rep_1', url: 'https://x/rep_1.pdf' })],
    check(run) {
      requests(run, 2);
      sleeps(run, [3000]);
      assert.deepEqual(succeeded(run), { id: 'rep_1', url: 'https://x/rep_1.pdf' });
    },
  },
  {
    provider: 'kakunin',
    name: '429 with Retry-After: 42: waits 42 s, then succeeds',
    request: { method: 'POST', path: '/events', body: { agent_id: 'agt_1', action_type: 'api_call' } },
    replies: [kakunin(429, 'Rate limit exceeded', {}, { 'Retry-After': '42', 'X-RateLimit-Remaining': '0' }), ok()],
    check(run) {
      requests(run, 2);
      sleeps(run, [42000]);
      succeeded(run);
    },
  },
  {
    provider: 'kakunin',
    name: 'quota 429 asking for an hour: the rate-limit error with retryAfter and the quota',
    request: { method: 'POST', path: '/events', body: { agent_id: 'agt_1', action_type: 'api_call' } },
    replies: [kakunin(429, 'Quota exceeded', { quota: { limit: 1000, current: 1000, plan: 'starter' } }, { 'Retry-After': '3600' })],
    check(run) {
      requests(run, 1);
      const error = failed(run, { typescript: 'KakuninRateLimitError', python: 'RateLimitError' });
      assert.equal(error.retryAfter, 3600);
      assert.equal(error.quotaLimit, 1000);
    },
  },
  {
    provider: 'kakunin',
    name: '409 on certify: one request, the conflict carrying the documented fix',
    request: { method: 'POST', path: '/agents/agt_1/certify' },
    replies: [kakunin(409, 'Agent already has an active certificate')],
    check(run) {
      requests(run, 1);
      const error = failed(run, { typescript: 'KakuninError', python: 'ConflictError' });
      assert.equal(error.status, 409);
      assert.equal(error.fix, 'Revoke the existing certificate first.');
    },
  },
  {
    provider: 'kakunin',
    name: '422 on events: the unprocessable error carrying the documented fix',
    request: { method: 'POST', path: '/events', body: { agent_id: 'agt_1', action_type: 'api_call' } },
    replies: [kakunin(422, 'Agent is not active')],
    check(run) {
      requests(run, 1);
      const error = failed(run, { typescript: 'KakuninError', python: 'UnprocessableError' });
      assert.equal(error.fix, 'Only active (certified) agents can ingest events.');
    },
  },
  {
    provider: 'kakunin',
    name: '503 then 200: backoff, then success',
    request: { method: 'POST', path: '/agents/agt_1/certify' },
    replies: [kakunin(503, 'KMS signing service unavailable'), ok({ serial: '01' })],
    check(run) {
      requests(run, 2);
      sleeps(run, [300]);
      succeeded(run);
    },
  },
  {
    provider: 'kakunin',
    name: '401: the auth error; the error string is logged',
    request: { method: 'GET', path: '/agents' },
    replies: [kakunin(401, 'Invalid or revoked API key')],
    check(run) {
      requests(run, 1);
      failed(run, { typescript: 'KakuninAuthError', python: 'AuthenticationError' });
      logged(run, 'Invalid or revoked API key');
    },
  },
  {
    provider: 'kakunin',
    name: 'the error string is never parsed: a 400 that mentions a rate limit stays a 400',
    request: { method: 'POST', path: '/agents', body: { name: 'x' } },
    replies: [kakunin(400, 'Rate limit exceeded, retry after 5 seconds'), ok()],
    check(run) {
      requests(run, 1);
      sleeps(run, []);
      assert.equal(failed(run, { typescript: 'KakuninError', python: 'ValidationError' }).status, 400);
    },
  },
];
