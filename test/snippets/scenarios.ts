/**
 * Scripted exchanges with each provider, built from the bodies and headers its docs show, and what a
 * correct handler does with them: how many requests, what it sends, how long it waits, what it returns
 * or raises. One list for all three languages.
 */
import assert from 'node:assert/strict';
import type { SnippetLanguage } from '../../src/core/snippets';
import type { ScenarioRun } from './drivers';
import type { Reply } from './server';

/** One call of a scenario: with its own API key (default `test-key`), after the clock moved on. */
export interface Step {
  key?: string;
  advanceMs?: number;
}

export interface Scenario {
  provider: string;
  name: string;
  request: { method: string; path: string; body?: Record<string, unknown> };
  replies: Reply[];
  /** Give the handler a token-refresh callback (Kynasmith). */
  refresh?: boolean;
  /** Make the same call this many times, with the same options. */
  calls?: number;
  /** The calls, one a step: instead of `calls`. */
  steps?: Step[];
  /** The per-request timeout and the longest wait the caller accepts, in milliseconds. */
  timeoutMs?: number;
  maxWaitMs?: number;
  /** The caller cancels this long after the request reached the server (an AbortSignal; a Go context). */
  abortAfterMs?: number;
  /** Only these languages: the others have no such option (Python's sync calls cannot be aborted). */
  languages?: readonly SnippetLanguage[];
  /** The server refuses a reused idempotency key with another body (see ServerOptions). */
  idempotencyKeyField?: string;
  /** Let the handler sleep for real instead of through the injected sleep. */
  realTime?: boolean;
  check(run: ScenarioRun): void;
}

/** Class names differ where the SDKs differ (Kakunin): `{ typescript, python }`. */
type Names = string | { typescript: string; python: string };

export function failed(run: ScenarioRun, expected: Names, index = 0): Record<string, unknown> {
  const outcome = run.outcomes[index];
  assert.ok(outcome && !outcome.ok, `call ${index + 1} should have failed: ${JSON.stringify(outcome)}`);
  const name =
    typeof expected === 'string'
      ? expected
      : run.language === 'python'
        ? expected.python
        : expected.typescript;
  assert.equal(outcome.error.name, name, outcome.error.message);
  return outcome.error.fields;
}

export function succeeded(run: ScenarioRun, index = 0): unknown {
  const outcome = run.outcomes[index];
  assert.ok(outcome?.ok, `call ${index + 1} should have succeeded: ${JSON.stringify(outcome)}`);
  return outcome.value ?? null;
}

function requests(run: ScenarioRun, count: number): void {
  assert.equal(
    run.requests.length,
    count,
    `requests: ${run.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`,
  );
}

function sleeps(run: ScenarioRun, expected: number[]): void {
  assert.equal(run.sleeps.length, expected.length, `sleeps: ${JSON.stringify(run.sleeps)}`);
  run.sleeps.forEach((ms, i) =>
    assert.ok(
      Math.abs(ms - (expected[i] ?? NaN)) < 1,
      `sleep ${i + 1}: ${ms} ms, expected ${expected[i]} ms`,
    ),
  );
}

/** The call stopped with the caller's cancellation, not with an error of the handler's. */
function aborted(run: ScenarioRun, index = 0): void {
  const outcome = run.outcomes[index];
  assert.ok(
    outcome && !outcome.ok,
    `call ${index + 1} should have been cancelled: ${JSON.stringify(outcome)}`,
  );
  assert.match(outcome.error.name, /^(AbortError|context\.Canceled)$/, outcome.error.message);
}

function logged(run: ScenarioRun, ...texts: string[]): void {
  for (const text of texts)
    assert.ok(
      run.logs.some((l) => l.includes(text)),
      `no log line mentions ${text}: ${JSON.stringify(run.logs)}`,
    );
}

const ok = (body: unknown = { ok: true }): Reply => ({ status: 200, body });

/** No response: the connection is reset once the request has arrived. */
const reset: Reply = { status: 0, drop: true };

/** The caller's cancellation: TypeScript and JavaScript take an AbortSignal, Go a context. */
const CANCELLABLE: readonly SnippetLanguage[] = ['typescript', 'javascript', 'go'];

type Request = Scenario['request'];

/** A scenario before it is filed under its provider. */
type Draft = Omit<Scenario, 'provider'>;

function forProvider(provider: string, drafts: readonly Draft[]): Scenario[] {
  return drafts.map((draft) => ({ provider, ...draft }));
}

const get = (path: string): Request => ({ method: 'GET', path });
const post = (path: string, body?: Record<string, unknown>): Request => ({
  method: 'POST',
  path,
  ...(body ? { body } : {}),
});

/**
 * A response the handler must not repeat: one request, no wait, and `names` raised with `fields`.
 * A second reply is scripted after it, so that a wrong retry would show as a second request.
 */
function raisesAtOnce(
  name: string,
  request: Request,
  reply: Reply,
  names: Names,
  fields: Record<string, unknown> = {},
  more: (run: ScenarioRun) => void = () => {},
): Draft {
  return {
    name,
    request,
    replies: [reply, ok()],
    check(run) {
      requests(run, 1);
      sleeps(run, []);
      const error = failed(run, names);
      for (const [key, value] of Object.entries(fields)) assert.deepEqual(error[key] ?? null, value, key);
      more(run);
    },
  };
}

/** Responses the handler waits out (`waits`, in ms) before the last reply, a success it returns. */
function retriesThenSucceeds(
  name: string,
  request: Request,
  replies: Reply[],
  waits: number[],
  more: (run: ScenarioRun) => void = () => {},
): Draft {
  return {
    name,
    request,
    replies,
    check(run) {
      requests(run, replies.length);
      sleeps(run, waits);
      assert.deepEqual(succeeded(run), replies.at(-1)?.body ?? null);
      more(run);
    },
  };
}

// Kynasmith: {"error": {"code", "message", "retryable", "details"}} with X-Request-ID.
const kynasmith = (
  status: number,
  code: string,
  retryable: boolean,
  details: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Reply => ({
  status,
  headers: { 'X-Request-ID': `req_${code}`, ...headers },
  body: { error: { code, message: `Kynasmith says ${code}.`, retryable, details } },
});

// Kayle ID: {"data": null, "error": {"code", "message", "hint", "docs"}}; key-middleware errors lack data, hint, docs.
const kayle = (status: number, code: string, bare = false): Reply => ({
  status,
  body: bare
    ? { error: { code, message: `${code} message` } }
    : {
        data: null,
        error: {
          code,
          message: `${code} message`,
          hint: `How to fix ${code}.`,
          docs: `https://kayle.id/docs/api/errors#${code}`,
        },
      },
});

type Json = Record<string, unknown>;
type HeaderMap = Record<string, string>;

// Overten: {"success": false, "error": "<code>", "message": "…"} plus run_id / task_id, X-Request-Id.
const overten = (status: number, error: string, extra: Json = {}, headers: HeaderMap = {}): Reply => ({
  status,
  headers: { 'X-Request-Id': `req_${error}`, ...headers },
  body: { success: false, error, message: `Overten: ${error.replace(/_/g, ' ')}.`, ...extra },
});

// Knouds: {"error": "<message>", "code": "<CODE>", ...context}; a 401 has no code.
const knouds = (status: number, code?: string, extra: Json = {}, headers: HeaderMap = {}): Reply => ({
  status,
  headers,
  body: { error: code ? `Knouds: ${code}` : 'Unauthorized', ...(code ? { code } : {}), ...extra },
});

// Kakunin: {"error": "<human message>"} only.
const kakunin = (status: number, error: string, extra: Json = {}, headers: HeaderMap = {}): Reply => ({
  status,
  headers: { 'X-Request-Id': `req_${status}`, ...headers },
  body: { error, ...extra },
});

export const SCENARIOS: readonly Scenario[] = [
  // ── Kynasmith ──────────────────────────────────────────────────────────────
  ...forProvider('kynasmith', [
    retriesThenSucceeds(
      '429 with Retry-After: 1, then 200: two requests, one wait of 1000 ms, success',
      get('/api/movespecs/ms_1'),
      [
        kynasmith(429, 'rate_limited', true, { retry_after_seconds: 1 }, { 'Retry-After': '1' }),
        ok({ id: 'ms_1' }),
      ],
      [1000],
    ),
    retriesThenSucceeds(
      '429 without Retry-After: waits details.retry_after_seconds',
      get('/api/usage'),
      [kynasmith(429, 'rate_limited', true, { retry_after_seconds: 2 }), ok()],
      [2000],
    ),
    raisesAtOnce(
      '429 asking for an hour: not slept through, RateLimitError carries the wait',
      get('/api/usage'),
      kynasmith(429, 'rate_limited', true, {}, { 'Retry-After': '3600' }),
      'RateLimitError',
      { retryAfter: 3600 },
    ),
    raisesAtOnce(
      'quota_exceeded: one request, AuthorizationError with the quota numbers, X-Request-ID logged',
      post('/api/detection/sessions', { movespec_id: 'ms_1' }),
      kynasmith(403, 'quota_exceeded', false, {
        quota_limit: 10000,
        current_usage: 10001,
        resets_at: '2026-05-01T00:00:00Z',
        upgrade_url: 'https://app.kynasmith.dev/settings/billing',
      }),
      'AuthorizationError',
      {
        code: 'quota_exceeded',
        quotaLimit: 10000,
        currentUsage: 10001,
        resetsAt: '2026-05-01T00:00:00Z',
        upgradeUrl: 'https://app.kynasmith.dev/settings/billing',
        requestId: 'req_quota_exceeded',
      },
      (run) => logged(run, 'req_quota_exceeded'),
    ),
    {
      name: 'access_token_expired: the refresh callback runs once and the retry carries the new token',
      request: get('/api/movespecs/ms_1'),
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
      name: 'access_token_expired again after the refresh: AuthError, no second refresh',
      request: get('/api/movespecs/ms_1'),
      refresh: true,
      replies: [kynasmith(401, 'access_token_expired', true), kynasmith(401, 'access_token_expired', true)],
      check(run) {
        requests(run, 2);
        assert.equal(run.refreshCalls, 1);
        failed(run, 'AuthError');
      },
    },
    {
      name: '503 every time: bounded at 4 attempts, exponential backoff between them',
      request: get('/api/usage'),
      replies: Array.from({ length: 5 }, () => kynasmith(503, 'service_unavailable', true)),
      check(run) {
        requests(run, 4);
        sleeps(run, [500, 1000, 2000]);
        failed(run, 'KynasmithServerError');
      },
    },
    retriesThenSucceeds(
      'internal_error, then 200: retried after backoff',
      get('/api/usage'),
      [kynasmith(500, 'internal_error', true), ok()],
      [500],
    ),
    retriesThenSucceeds(
      'an undocumented code marked retryable: the body is trusted',
      get('/api/usage'),
      [kynasmith(409, 'lock_contention', true), ok()],
      [500],
    ),
    raisesAtOnce(
      'validation_error: permanent, one request',
      post('/api/movespecs', { name: '' }),
      kynasmith(422, 'validation_error', false),
      'KynasmithError',
      { code: 'validation_error' },
    ),
    {
      ...raisesAtOnce(
        "429 asking for longer than the caller's budget (10 s > 5 s): not slept, RateLimitError carries the wait",
        get('/api/usage'),
        kynasmith(429, 'rate_limited', true, {}, { 'Retry-After': '10' }),
        'RateLimitError',
        { retryAfter: 10 },
      ),
      maxWaitMs: 5000,
    },
    {
      name: 'cancelled during a 30 s Retry-After wait: the call stops at once, with the abort',
      request: get('/api/usage'),
      realTime: true,
      abortAfterMs: 200,
      languages: CANCELLABLE,
      replies: [kynasmith(429, 'rate_limited', true, {}, { 'Retry-After': '30' }), ok()],
      check(run) {
        requests(run, 1);
        aborted(run);
        assert.ok((run.durations[0] ?? Infinity) < 5000, `took ${run.durations[0]} ms`);
      },
    },
    {
      name: 'cancelled while the server is slow to answer: the request is abandoned, not retried',
      request: get('/api/usage'),
      abortAfterMs: 200,
      languages: CANCELLABLE,
      replies: [{ ...ok(), delayMs: 5000 }, ok()],
      check(run) {
        requests(run, 1);
        sleeps(run, []);
        aborted(run);
        assert.ok((run.durations[0] ?? Infinity) < 4000, `took ${run.durations[0]} ms`);
      },
    },
    raisesAtOnce(
      'a reset connection: not sent again (the page retries responses only), KynasmithNetworkError',
      get('/api/usage'),
      reset,
      'KynasmithNetworkError',
      { status: 0 },
    ),
    {
      name: 'in real time: Retry-After: 1 is waited out (about one second between the two requests)',
      request: get('/api/usage'),
      realTime: true,
      replies: [kynasmith(429, 'rate_limited', true, {}, { 'Retry-After': '1' }), ok()],
      check(run) {
        requests(run, 2);
        succeeded(run);
        const gap = (run.requests[1]?.at ?? 0) - (run.requests[0]?.at ?? 0);
        assert.ok(gap >= 900 && gap < 5000, `second request ${Math.round(gap)} ms after the first`);
      },
    },
  ]),

  // ── Kayle ID ───────────────────────────────────────────────────────────────
  ...forProvider('kayle', [
    raisesAtOnce(
      '500 on POST /v1/sessions: one request, the error raised, never re-sent',
      post('/v1/sessions', { share_fields: ['age_over_18'] }),
      kayle(500, 'INTERNAL_SERVER_ERROR'),
      'KayleServerError',
    ),
    retriesThenSucceeds(
      '500 on GET: retried after backoff',
      get('/v1/sessions/ses_1'),
      [kayle(500, 'INTERNAL_SERVER_ERROR'), ok({ data: { id: 'ses_1' }, error: null })],
      [500],
    ),
    retriesThenSucceeds(
      '500 on POST …/cancel: retried, 204 ends it',
      post('/v1/sessions/ses_1/cancel'),
      [kayle(500, 'INTERNAL_SERVER_ERROR'), { status: 204 }],
      [500],
    ),
    {
      name: '410 ORGANIZATION_FROZEN: stops; a later call sends nothing and fails the same way',
      request: get('/v1/sessions'),
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
      name: "410 ORGANIZATION_FROZEN for one key: another organization's key still sends; the frozen key is refused until a re-check, whose success clears it",
      request: get('/v1/sessions'),
      steps: [
        { key: 'kk_frozen' },
        { key: 'kk_frozen' },
        { key: 'kk_other' },
        { key: 'kk_frozen', advanceMs: 61_000 },
        { key: 'kk_frozen' },
      ],
      replies: [kayle(410, 'ORGANIZATION_FROZEN', true), ok({ n: 1 }), ok({ n: 2 }), ok({ n: 3 })],
      check(run) {
        requests(run, 4);
        assert.deepEqual(
          run.requests.map((r) => r.headers.authorization),
          ['Bearer kk_frozen', 'Bearer kk_other', 'Bearer kk_frozen', 'Bearer kk_frozen'],
        );
        failed(run, 'KayleOrganizationFrozenError', 0);
        failed(run, 'KayleOrganizationFrozenError', 1);
        assert.deepEqual(succeeded(run, 2), { n: 1 });
        assert.deepEqual(succeeded(run, 3), { n: 2 });
        assert.deepEqual(succeeded(run, 4), { n: 3 });
      },
    },
    retriesThenSucceeds(
      'GET whose connection is reset: a transient network failure, retried after backoff',
      get('/v1/sessions/ses_1'),
      [reset, ok({ data: { id: 'ses_1' }, error: null })],
      [500],
    ),
    raisesAtOnce(
      'POST /v1/sessions whose connection is reset: never re-sent, KayleNetworkError',
      post('/v1/sessions', { share_fields: ['age_over_18'] }),
      reset,
      'KayleNetworkError',
      { status: 0 },
    ),
    {
      ...retriesThenSucceeds(
        'GET slower than the request timeout (1 s): given up, then retried',
        get('/v1/sessions/ses_1'),
        [{ ...ok(), delayMs: 4000 }, ok({ data: { id: 'ses_1' }, error: null })],
        [500],
      ),
      timeoutMs: 1000,
    },
    {
      name: 'SESSION_EXPIRED sent as 410 (seen on verify paths) is a conflict, and freezes nothing',
      request: post('/v1/verify/ses_1/cancel'),
      calls: 2,
      replies: [kayle(410, 'SESSION_EXPIRED'), ok()],
      check(run) {
        requests(run, 2);
        failed(run, 'KayleConflictError', 0);
        succeeded(run, 1);
      },
    },
    raisesAtOnce(
      '426 WEBSOCKET_REQUIRED: the WebSocket error, one request',
      get('/v1/verify/ses_1/socket'),
      kayle(426, 'WEBSOCKET_REQUIRED'),
      'KayleWebSocketRequiredError',
    ),
    raisesAtOnce(
      'UNKNOWN_CLAIM_KEY: permanent validation error carrying code, hint and docs',
      post('/v1/sessions', { share_fields: ['shoe_size'] }),
      kayle(400, 'UNKNOWN_CLAIM_KEY'),
      'KayleValidationError',
      {
        code: 'UNKNOWN_CLAIM_KEY',
        hint: 'How to fix UNKNOWN_CLAIM_KEY.',
        docs: 'https://kayle.id/docs/api/errors#UNKNOWN_CLAIM_KEY',
      },
    ),
    raisesAtOnce(
      'CANCEL_TOKEN_USED sent as 401 (seen in the source): the code decides, a conflict',
      post('/v1/verify/ses_1/cancel', { cancel_token: 'ct_1' }),
      kayle(401, 'CANCEL_TOKEN_USED'),
      'KayleConflictError',
    ),
  ]),

  // ── Overten ────────────────────────────────────────────────────────────────
  ...forProvider('overten', [
    retriesThenSucceeds(
      '408 sync_timeout_upgrade_async: resubmitted with async: true, then /tasks/{id} polled until completed',
      post('/runs', { prompt: 'a cat' }),
      [
        overten(408, 'sync_timeout_upgrade_async', { run_id: 'run_1' }),
        { status: 202, body: { success: true, task_id: 'task_1', run_id: 'run_1', status: 'queued' } },
        ok({ task_id: 'task_1', status: 'running' }),
        ok({ task_id: 'task_1', run_id: 'run_1', status: 'completed', result: { url: 'https://cdn/x.png' } }),
      ],
      [3500, 7000],
      (run) => {
        assert.deepEqual(run.requests[0]?.body, { prompt: 'a cat' });
        assert.deepEqual(run.requests[1]?.body, { prompt: 'a cat', async: true });
        assert.deepEqual(
          run.requests.slice(2).map((r) => `${r.method} ${r.path}`),
          ['GET /tasks/task_1', 'GET /tasks/task_1'],
        );
      },
    ),
    retriesThenSucceeds(
      '202 promotion with task_id: polled, first wait in 2–5 s, never more than 10 s apart',
      post('/runs', { prompt: 'a long film' }),
      [
        {
          status: 202,
          body: { task_id: 'task_2', message: 'Sync ceiling (300s) exceeded; continuing asynchronously.' },
        },
        ok({ task_id: 'task_2', status: 'queued' }),
        ok({ task_id: 'task_2', status: 'running' }),
        ok({ task_id: 'task_2', status: 'running' }),
        ok({ task_id: 'task_2', status: 'completed' }),
      ],
      [3500, 7000, 10000, 10000],
      (run) => {
        assert.ok(
          (run.sleeps[0] ?? 0) >= 2000 && (run.sleeps[0] ?? 0) <= 5000,
          `first wait ${run.sleeps[0]} ms`,
        );
        assert.ok(
          run.sleeps.every((ms) => ms <= 10_000),
          `waits ${JSON.stringify(run.sleeps)}`,
        );
        logged(run, 'task_2');
      },
    ),
    {
      name: 'an async task that fails: OvertenTaskError with its state',
      request: post('/runs', { prompt: 'x', async: true }),
      replies: [
        { status: 202, body: { task_id: 'task_3' } },
        ok({
          task_id: 'task_3',
          status: 'failed',
          error: 'upstream_error',
          message: 'The model provider failed.',
        }),
      ],
      check(run) {
        requests(run, 2);
        const error = failed(run, 'OvertenTaskError');
        assert.equal(error.state, 'failed');
        assert.equal(error.code, 'upstream_error');
      },
    },
    {
      name: '408 of a request with an idempotency_key: the async resubmission carries its own key, so the server does not refuse it as a reused key',
      request: post('/runs', { prompt: 'a cat', idempotency_key: 'k1' }),
      idempotencyKeyField: 'idempotency_key',
      replies: [
        overten(408, 'sync_timeout_upgrade_async'),
        { status: 202, body: { task_id: 'task_k', status: 'queued' } },
        ok({ task_id: 'task_k', status: 'completed' }),
      ],
      check(run) {
        requests(run, 3);
        assert.deepEqual(run.requests[1]?.body, {
          prompt: 'a cat',
          idempotency_key: 'k1:async',
          async: true,
        });
        assert.deepEqual(succeeded(run), { task_id: 'task_k', status: 'completed' });
      },
    },
    {
      name: '408 after a slow response (the sync ceiling, shortened to 400 ms): the request timeout outlasts it, so the 408 arrives and is handled',
      request: post('/runs', { prompt: 'a slow cat' }),
      timeoutMs: 3000,
      replies: [
        { ...overten(408, 'sync_timeout_upgrade_async'), delayMs: 400 },
        { status: 202, body: { task_id: 'task_s' } },
        ok({ task_id: 'task_s', status: 'completed' }),
      ],
      check(run) {
        requests(run, 3);
        assert.deepEqual(run.requests[1]?.body, { prompt: 'a slow cat', async: true });
        succeeded(run);
      },
    },
    {
      ...raisesAtOnce(
        "a response slower than the request timeout: the handler's own network error, the run not sent again",
        post('/runs', { prompt: 'x' }),
        { ...ok(), delayMs: 4000 },
        'OvertenNetworkError',
        { status: 0 },
      ),
      timeoutMs: 1000,
    },
    raisesAtOnce(
      '402 insufficient_credits: one request, the credits error with the message for end users',
      post('/runs', { prompt: 'x' }),
      overten(402, 'insufficient_credits'),
      'OvertenInsufficientCreditsError',
      { userMessage: 'Overten: insufficient credits.' },
    ),
    retriesThenSucceeds(
      '429 rate_limit_exceeded: waits Retry-After seconds',
      get('/runs/run_1'),
      [overten(429, 'rate_limit_exceeded', {}, { 'Retry-After': '7' }), ok()],
      [7000],
    ),
    retriesThenSucceeds(
      '503 service_unavailable: waits 30–60 s before the next try',
      get('/runs/run_1'),
      [overten(503, 'service_unavailable'), ok()],
      [45000],
    ),
    retriesThenSucceeds(
      '502 upstream_error: exponential backoff',
      get('/runs/run_1'),
      [overten(502, 'upstream_error'), overten(502, 'upstream_error'), ok()],
      [1000, 2000],
    ),
    raisesAtOnce(
      '410 gone: one request, the error that says start a new run',
      get('/runs/run_old'),
      overten(410, 'gone', { run_id: 'run_old' }),
      'OvertenGoneError',
      { runId: 'run_old' },
    ),
    raisesAtOnce(
      '409 conflict: one request, the conflict error',
      post('/runs', { prompt: 'x', idempotency_key: 'k1' }),
      overten(409, 'conflict'),
      'OvertenConflictError',
    ),
    raisesAtOnce(
      '500 internal_error: not retried; X-Request-Id, run_id and task_id logged',
      post('/runs', { prompt: 'x' }),
      overten(500, 'internal_error', { run_id: 'run_9', task_id: 'task_9' }),
      'OvertenServerError',
      { requestId: 'req_internal_error' },
      (run) => logged(run, 'req_internal_error', 'run_9', 'task_9'),
    ),
  ]),

  // ── Knouds ─────────────────────────────────────────────────────────────────
  ...forProvider('knouds', [
    raisesAtOnce(
      'grant_exhausted: the plan-upgrade error, not the credits error',
      post('/api/models/flux-pro/run', { inputs: {} }),
      knouds(402, 'grant_exhausted'),
      'KnoudsPlanUpgradeRequiredError',
    ),
    raisesAtOnce(
      'INSUFFICIENT_CREDITS: the credits error',
      post('/api/workflows/my-flow/run', { inputs: {} }),
      knouds(402, 'INSUFFICIENT_CREDITS'),
      'KnoudsInsufficientCreditsError',
    ),
    raisesAtOnce(
      'SCOPE_DENIED: carries required and actual',
      get('/api/workflows/my-flow/schema'),
      knouds(403, 'SCOPE_DENIED', { error: 'Insufficient scope', required: 'admin', actual: 'deployment' }),
      'KnoudsScopeDeniedError',
      { required: 'admin', actual: 'deployment' },
    ),
    retriesThenSucceeds(
      '429 RATE_LIMIT_EXCEEDED: waits Retry-After seconds, sends x-api-key',
      post('/api/workflows/my-flow/run', { inputs: {} }),
      [knouds(429, 'RATE_LIMIT_EXCEEDED', {}, { 'Retry-After': '3' }), ok()],
      [3000],
      (run) => {
        assert.equal(run.requests[0]?.headers['x-api-key'], 'test-key');
        assert.equal(run.requests[0]?.headers.authorization, undefined);
      },
    ),
    retriesThenSucceeds(
      "429 without Retry-After: waits 10 s, as the page's own example defaults",
      post('/api/workflows/my-flow/run', { inputs: {} }),
      [knouds(429, 'RATE_LIMIT_EXCEEDED'), ok()],
      [10000],
    ),
    retriesThenSucceeds(
      '429 without a code: still a rate limit, retried after Retry-After',
      get('/api/workflows/my-flow/schema'),
      [{ status: 429, headers: { 'Retry-After': '2' }, body: { error: 'Too many requests' } }, ok()],
      [2000],
    ),
    raisesAtOnce(
      'a reset connection: not sent again (the page retries responses only), KnoudsNetworkError',
      get('/api/workflows/my-flow/schema'),
      reset,
      'KnoudsNetworkError',
      { status: 0 },
    ),
    {
      name: '500 EXECUTION_FAILED every time: bounded backoff, then the execution error',
      request: post('/api/workflows/my-flow/run', { inputs: {} }),
      replies: Array.from({ length: 5 }, () => knouds(500, 'EXECUTION_FAILED')),
      check(run) {
        requests(run, 4);
        sleeps(run, [1000, 2000, 4000]);
        failed(run, 'KnoudsExecutionFailedError');
      },
    },
    raisesAtOnce(
      '401 without a code: the auth error, one request',
      get('/api/workflows/my-flow/schema'),
      knouds(401, undefined),
      'KnoudsAuthError',
      { code: null },
    ),
    raisesAtOnce(
      '404 for an unknown workflow slug (a message, no code): the not-found error',
      post('/api/workflows/nope/run', { inputs: {} }),
      { status: 404, body: { error: 'Workflow not found' } },
      'KnoudsNotFoundError',
    ),
  ]),

  // ── Kakunin ────────────────────────────────────────────────────────────────
  ...forProvider('kakunin', [
    retriesThenSucceeds(
      '425 then 200: polled again after a wait',
      get('/reports/rep_1'),
      [kakunin(425, 'Report is still generating'), ok({ id: 'rep_1', url: 'https://x/rep_1.pdf' })],
      [3000],
    ),
    retriesThenSucceeds(
      '425 five times, then 503, then 200: the polls do not use up the retries',
      get('/reports/rep_1'),
      [
        ...Array.from({ length: 5 }, () => kakunin(425, 'Report is still generating')),
        kakunin(503, 'Service temporarily unavailable'),
        ok(),
      ],
      [3000, 3000, 3000, 3000, 3000, 300],
    ),
    retriesThenSucceeds(
      '429 with Retry-After: 42: waits 42 s, then succeeds',
      post('/events', { agent_id: 'agt_1', action_type: 'api_call' }),
      [kakunin(429, 'Rate limit exceeded', {}, { 'Retry-After': '42', 'X-RateLimit-Remaining': '0' }), ok()],
      [42000],
    ),
    raisesAtOnce(
      'quota 429 asking for an hour: the rate-limit error with retryAfter and the quota',
      post('/events', { agent_id: 'agt_1', action_type: 'api_call' }),
      kakunin(
        429,
        'Quota exceeded',
        { quota: { limit: 1000, current: 1000, plan: 'starter' } },
        { 'Retry-After': '3600' },
      ),
      { typescript: 'KakuninRateLimitError', python: 'RateLimitError' },
      { retryAfter: 3600, quotaLimit: 1000 },
    ),
    raisesAtOnce(
      '409 on certify: one request, the conflict carrying the documented fix',
      post('/agents/agt_1/certify'),
      kakunin(409, 'Agent already has an active certificate'),
      { typescript: 'KakuninError', python: 'ConflictError' },
      { status: 409, fix: 'Revoke the existing certificate first.' },
    ),
    raisesAtOnce(
      '422 on events: the unprocessable error carrying the documented fix',
      post('/events', { agent_id: 'agt_1', action_type: 'api_call' }),
      kakunin(422, 'Agent is not active'),
      { typescript: 'KakuninError', python: 'UnprocessableError' },
      { status: 422, fix: 'Only active (certified) agents can ingest events.' },
    ),
    retriesThenSucceeds(
      '503 then 200: backoff, then success',
      post('/agents/agt_1/certify'),
      [kakunin(503, 'KMS signing service unavailable'), ok({ serial: '01' })],
      [300],
    ),
    raisesAtOnce(
      '503 "KMS not configured" on certify: sent once (AWS credentials missing: support), the server error',
      post('/agents/agt_1/certify'),
      kakunin(503, 'KMS not configured'),
      { typescript: 'KakuninError', python: 'ServerError' },
      { status: 503, fix: 'KMS is not configured (AWS credentials missing): contact support.' },
    ),
    retriesThenSucceeds(
      'GET whose connection is reset: retried after backoff, as Kakunin retries network errors',
      get('/agents/agt_1'),
      [reset, ok({ id: 'agt_1' })],
      [300],
    ),
    raisesAtOnce(
      'POST /events whose connection is reset: not re-sent, KakuninNetworkError',
      post('/events', { agent_id: 'agt_1', action_type: 'api_call' }),
      reset,
      'KakuninNetworkError',
      { status: 0 },
    ),
    raisesAtOnce(
      '401: the auth error; the error string is logged',
      get('/agents'),
      kakunin(401, 'Invalid or revoked API key'),
      { typescript: 'KakuninAuthError', python: 'AuthenticationError' },
      { status: 401 },
      (run) => logged(run, 'Invalid or revoked API key'),
    ),
    raisesAtOnce(
      'the error string is never parsed: a 400 that mentions a rate limit stays a 400',
      post('/agents', { name: 'x' }),
      kakunin(400, 'Rate limit exceeded, retry after 5 seconds'),
      { typescript: 'KakuninError', python: 'ValidationError' },
      { status: 400 },
    ),
  ]),
];
