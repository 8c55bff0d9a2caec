/**
 * For the standalone-branch tests: the user's files a quick fix inserts into (at top level, in a
 * function body, in a block inside a loop), the standalone branch of every catalog entry, and the
 * behaviour cases with their runners (TypeScript and JavaScript in this process, Python as one
 * /usr/bin/python3 child driven by standalone_driver.py).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtinCatalog, type ResolvedEntry } from '../../src/core/catalog';
import { SNIPPET_PROVIDERS, generateStandaloneBranch, type GeneratedSnippet } from '../../src/core/snippets';
import { providerSpec, resolveTarget } from '../../src/core/snippets/plan';
import { planStandalone } from '../../src/core/snippets/standalone';
import type { PlacementLanguage } from '../../src/core/placement';

/** The languages with standalone branches (Go gets its full handler). */
type StandaloneLanguage = Exclude<PlacementLanguage, 'go'>;
import { PYTHON, root, run } from './toolchain';

/** The languages a standalone branch is generated in (Go has none yet). */
export const LANGUAGES: readonly StandaloneLanguage[] = ['typescript', 'javascript', 'python'];

export interface StandaloneItem {
  provider: string;
  entry: ResolvedEntry;
  language: StandaloneLanguage;
  snippet: GeneratedSnippet;
  /** The function's name: the default of tab stop 1. */
  name: string;
  /** What the function does (`fail`, `retry`, …): the functions of one shape differ only in data. */
  shape: string;
}

const NAME = /^(?:function|def) (\w+)/m;

export function functionNameOf(snippet: GeneratedSnippet): string {
  const name = NAME.exec(snippet.text)?.[1];
  if (!name) throw new Error(`no function in:\n${snippet.text}`);
  return name;
}

/** The standalone branch of every catalog entry, in every language, with the entry as facts. */
export function standaloneItems(): StandaloneItem[] {
  return SNIPPET_PROVIDERS.flatMap((provider) =>
    LANGUAGES.flatMap((language) =>
      builtinCatalog.entriesOf(provider).map((entry) => {
        const snippet = generateStandaloneBranch(provider, entry.code, language, entry);
        const spec = providerSpec(provider);
        const reaction = planStandalone(spec, resolveTarget(spec, entry.code, entry)).reaction;
        const shape =
          reaction.kind === 'retry' && reaction.idempotentOnly ? 'retryIdempotent' : reaction.kind;
        return { provider, entry, language, snippet, name: functionNameOf(snippet), shape };
      }),
    ),
  );
}

/** As the editor inserts: every line indented to the statement's indentation, blank lines left blank. */
export function indentTo(text: string, pad: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : pad + line))
    .join('\n');
}

export type Placement = 'top' | 'function' | 'block';

/**
 * Where each item is inserted: at top level and in a function body, always; in a block inside a
 * loop, once for each provider, language and shape (the others of a shape differ only in data).
 */
export function placements(
  items: readonly StandaloneItem[],
): { item: StandaloneItem; placement: Placement }[] {
  const shapes = new Set<string>();
  return items.flatMap((item) => {
    const key = `${item.provider} ${item.language} ${item.shape}`;
    const block = !shapes.has(key);
    shapes.add(key);
    return (['top', 'function', ...(block ? ['block'] : [])] as Placement[]).map((placement) => ({
      item,
      placement,
    }));
  });
}

/** The statement that holds the code reference: a test of the code, or of the status. */
function test(item: StandaloneItem): { ts: string; py: string } {
  const { entry } = item;
  const literal = JSON.stringify(entry.code);
  if (entry.kind === 'code') return { ts: `body.code === ${literal}`, py: `body.get("code") == ${literal}` };
  return { ts: `response.status === ${entry.status}`, py: `response.status_code == ${entry.status}` };
}

/**
 * A small user file with the standalone branch inserted after the statement that tests the code:
 * at top level, in an async function's body, or in a block inside a loop in one.
 */
export function userFile(item: StandaloneItem, placement: Placement): string {
  const { language, snippet, name } = item;
  const condition = test(item);
  if (language === 'python') {
    const statement = [`if ${condition.py}:`, '    print(response.status_code, body)'];
    if (placement === 'top') {
      return [
        'import httpx',
        '',
        'response = httpx.Response(400, json={"code": "x"})',
        'body = response.json()',
        ...statement,
        indentTo(snippet.text, ''),
        '',
      ].join('\n');
    }
    const pad = placement === 'function' ? '    ' : '            ';
    return [
      'import httpx',
      '',
      '',
      'def call_api(client: httpx.Client, url: str) -> object:',
      ...(placement === 'function'
        ? [
            '    response = client.get(url)',
            '    body = response.json()',
            ...statement.map((l) => `    ${l}`),
          ]
        : [
            '    for attempt in range(1, 5):',
            '        try:',
            '            response = client.get(url)',
            '            body = response.json()',
            ...statement.map((l) => `            ${l}`),
          ]),
      indentTo(snippet.text, pad),
      placement === 'function'
        ? '    return body'
        : '            return body\n        except httpx.TransportError:\n            continue\n    return None',
      '',
    ].join('\n');
  }
  const typed = language === 'typescript';
  const bodyType = typed ? ' as { code?: string }' : '';
  const statement = [`if (${condition.ts}) {`, '  console.warn(response.status, body);', '}'];
  if (placement === 'top') {
    return [
      "const response = new Response('{}', { status: 400 });",
      `const body = { code: 'x' }${typed ? ' as { code?: string }' : ''};`,
      ...statement,
      indentTo(snippet.text, ''),
      `export { ${name} };`,
      '',
    ].join('\n');
  }
  const signature = `export async function callApi(url${typed ? ': string' : ''})${typed ? ': Promise<unknown>' : ''} {`;
  if (placement === 'function') {
    return [
      signature,
      '  const response = await fetch(url);',
      `  const body = (await response.json())${bodyType};`,
      ...statement.map((l) => `  ${l}`),
      indentTo(snippet.text, '  '),
      `  void ${name};`,
      '  return body;',
      '}',
      '',
    ].join('\n');
  }
  return [
    signature,
    '  for (let attempt = 1; ; attempt++) {',
    '    try {',
    '      const response = await fetch(url);',
    `      const body = (await response.json())${bodyType};`,
    ...statement.map((l) => `      ${l}`),
    indentTo(snippet.text, '      '),
    `      void ${name};`,
    '      return body;',
    '    } catch (error) {',
    '      if (attempt >= 4) throw error;',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** A full handler with standalone branches after it, at top level, as two quick fixes would leave a file. */
export function handlerFile(
  handler: string,
  items: readonly StandaloneItem[],
  language: StandaloneLanguage,
): string {
  const branches = items.map((i) => i.snippet.text.trimEnd()).join(language === 'python' ? '\n\n\n' : '\n\n');
  const exports = language === 'python' ? '' : `\nexport { ${items.map((i) => i.name).join(', ')} };\n`;
  return `${handler.trimEnd()}\n\n${language === 'python' ? '\n' : ''}${branches}\n${exports}`;
}

// ---------------------------------------------------------------------------------------------
// Behaviour

/** The error a function threw, with its fields under their TypeScript names. */
export interface Thrown {
  name: string;
  message: string;
  fields: Record<string, unknown>;
}

export type Outcome = { ok: true; value: unknown } | { ok: false; error: Thrown };

export interface BehaviourCase {
  name: string;
  provider: string;
  code: string;
  /** Picks the catalog entry of a message documented for several endpoints (Kakunin). */
  endpoint?: string;
  status: number;
  /** Sent as JSON; `raw`: sent as it is (a proxy's HTML page). */
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  /** The arguments after the response (and, in TypeScript and JavaScript, its parsed body). */
  args?: unknown[];
  /** The request the response answers: an argument in TypeScript, `response.request` in Python. */
  request?: { method: string; url: string };
  /** A value (milliseconds in TypeScript, seconds in Python), or a range of them; or what it throws. */
  expect:
    | { returns: unknown }
    | { returnsBetween: readonly [number, number] }
    | { throws: { name: string; message: readonly RegExp[]; fields?: Record<string, unknown> } };
}

export function entryFor(c: BehaviourCase): ResolvedEntry {
  const entry = builtinCatalog
    .entriesOf(c.provider)
    .find((e) => e.code === c.code && (c.endpoint === undefined || e.endpoint === c.endpoint));
  if (!entry) throw new Error(`no catalog entry ${c.provider} ${c.code}`);
  return entry;
}

const EXTENSION = { typescript: 'mts', javascript: 'mjs', python: 'py' } as const;

/** Writes each case's function as a module of its own (the standalone branch and an export). */
function writeModules(cases: readonly BehaviourCase[], language: StandaloneLanguage, dir: string): string[] {
  return cases.map((c, i) => {
    const snippet = generateStandaloneBranch(c.provider, c.code, language, entryFor(c));
    const file = join(dir, `case_${i}.${EXTENSION[language]}`);
    const exported = language === 'python' ? '' : `\nexport { ${functionNameOf(snippet)} };\n`;
    writeFileSync(file, snippet.text + exported);
    return file;
  });
}

function responseOf(c: BehaviourCase): Response {
  const body = c.raw ?? (c.body === undefined ? null : JSON.stringify(c.body));
  const type = c.raw === undefined ? 'application/json' : 'text/html';
  return new Response(body, { status: c.status, headers: { 'Content-Type': type, ...c.headers } });
}

async function runInProcess(cases: readonly BehaviourCase[], files: readonly string[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const [i, c] of cases.entries()) {
    const module = (await import(pathToFileURL(files[i] ?? '').href)) as Record<string, unknown>;
    const fn = Object.values(module)[0] as (...args: unknown[]) => unknown;
    const response = responseOf(c);
    // The body as a caller has it: parsed, or nothing when it was not JSON.
    const body: unknown = c.raw === undefined && c.body !== undefined ? await response.json() : undefined;
    try {
      const value = fn(response, body, ...(c.args ?? []), ...(c.request ? [c.request] : []));
      outcomes.push({ ok: true, value: value ?? null });
    } catch (error) {
      const e = error as Error;
      outcomes.push({ ok: false, error: { name: e.name, message: e.message, fields: normalize({ ...e }) } });
    }
  }
  return outcomes;
}

/** JSON's view of the fields: undefined and null both mean "not there". */
function normalize(fields: Record<string, unknown>): Record<string, unknown> {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => [k, strip(v)]),
    );
  };
  return strip(fields) as Record<string, unknown>;
}

async function runPython(cases: readonly BehaviourCase[], files: readonly string[]): Promise<Outcome[]> {
  const runs = cases.map((c, i) => ({
    module: files[i],
    status: c.status,
    body: c.body,
    raw: c.raw,
    headers: c.headers ?? {},
    request: c.request,
    args: c.args ?? [],
  }));
  const result = await run(PYTHON, [resolve(root, 'test/snippets/standalone_driver.py')], {
    input: JSON.stringify(runs),
  });
  if (result.code !== 0) throw new Error(`python driver failed:\n${result.stderr}`);
  const outcomes = JSON.parse(result.stdout) as Outcome[];
  return outcomes.map((o) =>
    o.ok ? o : { ok: false, error: { ...o.error, fields: normalize(o.error.fields) } },
  );
}

/** Runs every case in one language: one module a case, all in one process (one Python child). */
export async function runCases(
  cases: readonly BehaviourCase[],
  language: StandaloneLanguage,
  dir: string,
): Promise<Outcome[]> {
  const files = writeModules(cases, language, dir);
  return language === 'python' ? runPython(cases, files) : runInProcess(cases, files);
}

const KAYLE = 'https://api.kayle.id/v1';

/**
 * A handful of codes a provider: not retryable with context fields, retryable with Retry-After (or
 * the body's own wait), Kayle's conditional 5xx, Kakunin's 425 and 429, and the shapes of their own
 * (a token refresh, an async resubmission). Waits are in milliseconds; Python's are the same in seconds.
 */
export const CASES: readonly BehaviourCase[] = [
  {
    name: 'not retryable: the body context, the fix and the request id are in the error',
    provider: 'knouds',
    code: 'SCOPE_DENIED',
    status: 403,
    body: { error: 'Insufficient scope', code: 'SCOPE_DENIED', required: 'admin', actual: 'deployment' },
    headers: { 'X-Request-Id': 'req_k1' },
    expect: {
      throws: {
        name: 'KnoudsScopeDeniedError',
        message: [
          /^Knouds 403 SCOPE_DENIED: "Insufficient scope" \(required=admin, actual=deployment\)\. Fix: Use the required field to determine which plan tier/,
          /\(X-Request-Id req_k1\)$/,
        ],
        fields: {
          status: 403,
          code: 'SCOPE_DENIED',
          requestId: 'req_k1',
          serverMessage: 'Insufficient scope',
          context: { required: 'admin', actual: 'deployment' },
        },
      },
    },
  },
  {
    name: 'grant_exhausted says to upgrade the plan, not to top up',
    provider: 'knouds',
    code: 'grant_exhausted',
    status: 402,
    body: { error: 'Trial grant exhausted for this model', code: 'grant_exhausted' },
    expect: {
      throws: {
        name: 'KnoudsGrantExhaustedError',
        message: [
          /^Knouds 402 grant_exhausted: "Trial grant exhausted for this model"\. Fix: Upgrade to a higher plan tier/,
          /will not resolve/,
        ],
        fields: { status: 402, code: 'grant_exhausted', fix: entryAction('knouds', 'grant_exhausted') },
      },
    },
  },
  {
    name: 'a body that is not JSON still gives the status, the code and the fix',
    provider: 'knouds',
    code: 'grant_exhausted',
    status: 402,
    raw: '<html><body>402</body></html>',
    expect: {
      throws: {
        name: 'KnoudsGrantExhaustedError',
        message: [/^Knouds 402 grant_exhausted\. Fix: Upgrade to a higher plan tier/],
        fields: { status: 402, code: 'grant_exhausted', context: {} },
      },
    },
  },
  {
    name: 'a code-less 401: the status decides and the error has no code',
    provider: 'knouds',
    code: '401',
    status: 401,
    body: { error: 'Unauthorized' },
    expect: {
      throws: {
        name: 'Knouds401UnauthorizedError',
        message: [
          /^Knouds 401: "Unauthorized"\. Fix: Send a valid, unrevoked API key in the x-api-key header/,
        ],
        fields: { status: 401, code: undefined },
      },
    },
  },
  {
    name: 'quota_exceeded reports quota_limit, current_usage and resets_at, and the X-Request-ID',
    provider: 'kynasmith',
    code: 'quota_exceeded',
    status: 403,
    body: {
      error: {
        code: 'quota_exceeded',
        message: 'Organization has exceeded the monthly accepted-frames quota.',
        retryable: false,
        details: { quota_limit: 10000, current_usage: 10001, resets_at: '2026-05-01T00:00:00Z' },
      },
    },
    headers: { 'X-Request-ID': 'req_q1' },
    expect: {
      throws: {
        name: 'KynasmithQuotaExceededError',
        message: [
          /^Kynasmith 403 quota_exceeded: "Organization has exceeded the monthly accepted-frames quota\." \(quota_limit=10000, current_usage=10001, resets_at=2026-05-01T00:00:00Z\)\. Fix: Upgrade your plan or wait for the quota reset/,
          /\(X-Request-ID req_q1\)$/,
        ],
        fields: {
          code: 'quota_exceeded',
          requestId: 'req_q1',
          context: { quota_limit: 10000, current_usage: 10001, resets_at: '2026-05-01T00:00:00Z' },
        },
      },
    },
  },
  {
    name: 'Overten internal_error: the user-safe message, run_id and the request id for the ticket',
    provider: 'overten',
    code: 'internal_error',
    status: 500,
    body: {
      success: false,
      error: 'internal_error',
      message: 'Something went wrong on our side.',
      run_id: 'run_9',
    },
    headers: { 'X-Request-Id': 'req_o1' },
    expect: {
      throws: {
        name: 'OvertenInternalError',
        message: [
          /^Overten 500 internal_error: "Something went wrong on our side\." \(run_id=run_9\)\. Fix: Include the X-Request-Id \(and the run_id or task_id, if any\) in a support ticket\. \(X-Request-Id req_o1\)$/,
        ],
        fields: { serverMessage: 'Something went wrong on our side.', context: { run_id: 'run_9' } },
      },
    },
  },
  {
    name: 'rate_limited waits as long as Retry-After says',
    provider: 'kynasmith',
    code: 'rate_limited',
    status: 429,
    body: { error: { code: 'rate_limited', message: 'Too many requests.', retryable: true } },
    headers: { 'Retry-After': '7' },
    args: [1],
    expect: { returns: 7000 },
  },
  {
    name: 'rate_limited without Retry-After waits as long as details.retry_after_seconds says',
    provider: 'kynasmith',
    code: 'rate_limited',
    status: 429,
    body: {
      error: { code: 'rate_limited', message: 'Too many requests.', details: { retry_after_seconds: 3 } },
    },
    args: [2],
    expect: { returns: 3000 },
  },
  {
    name: 'rate_limited hands a wait longer than 120 s back to the caller',
    provider: 'kynasmith',
    code: 'rate_limited',
    status: 429,
    body: { error: { code: 'rate_limited', message: 'Too many requests.' } },
    headers: { 'Retry-After': '300' },
    args: [1],
    expect: {
      throws: {
        name: 'KynasmithRateLimitedError',
        message: [/The server asks to wait 300 s, longer than this client waits \(120 s\)\. Fix: Back off/],
        fields: { status: 429, code: 'rate_limited', retryAfterSeconds: 300 },
      },
    },
  },
  {
    name: 'rate_limited gives up after 4 attempts',
    provider: 'kynasmith',
    code: 'rate_limited',
    status: 429,
    body: { error: { code: 'rate_limited', message: 'Too many requests.' } },
    headers: { 'Retry-After': '1' },
    args: [4],
    expect: { throws: { name: 'KynasmithRateLimitedError', message: [/Still failing after 4 attempts\./] } },
  },
  {
    name: "RATE_LIMIT_EXCEEDED without Retry-After waits the body's retryAfter",
    provider: 'knouds',
    code: 'RATE_LIMIT_EXCEEDED',
    status: 429,
    body: {
      error: 'Rate limit exceeded',
      code: 'RATE_LIMIT_EXCEEDED',
      tier: 'free',
      limit: 10,
      retryAfter: 12,
    },
    args: [1],
    expect: { returns: 12000 },
  },
  {
    name: 'Kayle 5xx: a GET is safe to repeat, after backoff',
    provider: 'kayle',
    code: 'INTERNAL_SERVER_ERROR',
    status: 500,
    body: { data: null, error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal error.' } },
    args: [1],
    request: { method: 'GET', url: `${KAYLE}/sessions/ses_1` },
    expect: { returnsBetween: [375, 625] },
  },
  {
    name: 'Kayle 5xx: a POST /v1/sessions is not repeated (it would create another session)',
    provider: 'kayle',
    code: 'INTERNAL_SERVER_ERROR',
    status: 500,
    body: {
      data: null,
      error: {
        code: 'INTERNAL_SERVER_ERROR',
        message: 'Internal error.',
        hint: 'Try again later.',
        docs: 'https://kayle.id/docs',
      },
    },
    headers: { 'X-Request-Id': 'req_y1' },
    args: [1],
    request: { method: 'POST', url: `${KAYLE}/sessions` },
    expect: {
      throws: {
        name: 'KayleInternalServerError',
        message: [
          /^Kayle ID 500 INTERNAL_SERVER_ERROR: "Internal error\." \(hint=Try again later\., docs=https:\/\/kayle\.id\/docs\)\. POST \S*\/v1\/sessions is not safe to repeat, so it is not retried\. Fix: Retry idempotent operations/,
          /\(X-Request-Id req_y1\)$/,
        ],
        fields: {
          code: 'INTERNAL_SERVER_ERROR',
          context: { hint: 'Try again later.', docs: 'https://kayle.id/docs' },
        },
      },
    },
  },
  {
    name: 'Kayle 5xx: POST …/cancel is safe to repeat',
    provider: 'kayle',
    code: 'INTERNAL_SERVER_ERROR',
    status: 500,
    body: { data: null, error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal error.' } },
    args: [2],
    request: { method: 'POST', url: `${KAYLE}/sessions/ses_1/cancel` },
    expect: { returnsBetween: [750, 1250] },
  },
  {
    name: 'Kayle 500 (the status row): the code comes from the body; it gives up after 4 attempts',
    provider: 'kayle',
    code: '500',
    status: 500,
    body: { data: null, error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal error.' } },
    args: [4],
    request: { method: 'DELETE', url: `${KAYLE}/webhooks/wh_1` },
    expect: {
      throws: {
        name: 'Kayle500InternalServerError',
        message: [
          /^Kayle ID 500 INTERNAL_SERVER_ERROR: "Internal error\."\. Still failing after 4 attempts\./,
        ],
        fields: { code: 'INTERNAL_SERVER_ERROR' },
      },
    },
  },
  {
    name: 'Kayle DNS_LOOKUP_FAILED (503, conditional): a GET is retried',
    provider: 'kayle',
    code: 'DNS_LOOKUP_FAILED',
    status: 503,
    body: { data: null, error: { code: 'DNS_LOOKUP_FAILED', message: 'DNS lookup failed.' } },
    args: [1],
    request: { method: 'GET', url: `${KAYLE}/domains/dom_1` },
    expect: { returnsBetween: [375, 625] },
  },
  {
    name: 'ORGANIZATION_FROZEN says to stop every call of the organization, with hint and docs',
    provider: 'kayle',
    code: 'ORGANIZATION_FROZEN',
    status: 410,
    body: {
      error: {
        code: 'ORGANIZATION_FROZEN',
        message: 'Organization is pending deletion.',
        hint: 'Cancel the deletion.',
      },
    },
    expect: {
      throws: {
        name: 'KayleOrganizationFrozenError',
        message: [
          /^Kayle ID 410 ORGANIZATION_FROZEN: "Organization is pending deletion\." \(hint=Cancel the deletion\.\)\. Stop every call/,
        ],
        fields: { code: 'ORGANIZATION_FROZEN', context: { hint: 'Cancel the deletion.' } },
      },
    },
  },
  {
    name: 'Kakunin 425: poll again after 3 s',
    provider: 'kakunin',
    code: '425',
    status: 425,
    body: { error: 'Report is still being generated' },
    args: [1],
    expect: { returns: 3000 },
  },
  {
    name: 'Kakunin 425: Retry-After decides the wait',
    provider: 'kakunin',
    code: '425',
    status: 425,
    body: { error: 'Report is still being generated' },
    headers: { 'Retry-After': '5' },
    args: [3],
    expect: { returns: 5000 },
  },
  {
    name: 'Kakunin 425: gives up after 20 polls, with the message only shown',
    provider: 'kakunin',
    code: '425',
    status: 425,
    body: { error: 'Report is still being generated' },
    args: [20],
    expect: {
      throws: {
        name: 'Kakunin425TooEarlyError',
        message: [
          /^Kakunin 425: "Report is still being generated"\. Still not ready after 20 polls\. Fix: Poll again after a short wait/,
        ],
        fields: { status: 425, code: undefined, serverMessage: 'Report is still being generated' },
      },
    },
  },
  {
    name: 'Kakunin 429: Retry-After decides the wait',
    provider: 'kakunin',
    code: '429',
    status: 429,
    body: { error: 'Rate limit exceeded' },
    headers: { 'Retry-After': '2' },
    args: [1],
    expect: { returns: 2000 },
  },
  {
    name: 'Kakunin 429 with quota: a long wait goes back to the caller with the quota in the error',
    provider: 'kakunin',
    code: '429',
    status: 429,
    body: { error: 'Quota exceeded', quota: { limit: 1000, current: 1000, plan: 'starter' } },
    headers: { 'Retry-After': '600', 'X-Request-Id': 'req_a1' },
    args: [1],
    expect: {
      throws: {
        name: 'Kakunin429TooManyRequestsError',
        message: [
          /^Kakunin 429: "Quota exceeded" \(quota_limit=1000, quota_current=1000, quota_plan=starter\)\. The server asks to wait 600 s/,
          /\(X-Request-Id req_a1\)$/,
        ],
        fields: {
          code: undefined,
          retryAfterSeconds: 600,
          context: { quota_limit: 1000, quota_current: 1000, quota_plan: 'starter' },
        },
      },
    },
  },
  {
    name: 'Kakunin "Agent not found" of certify: the fix of that endpoint, by the status',
    provider: 'kakunin',
    code: 'Agent not found',
    endpoint: 'POST /v1/agents/{id}/certify',
    status: 404,
    body: { error: 'Agent not found' },
    expect: {
      throws: {
        name: 'KakuninCertifyAgentNotFoundError',
        message: [/^Kakunin 404: "Agent not found"\. Fix: Check the agent ID and the tenant scope of your API key\.$/],
        fields: { status: 404, code: undefined },
      },
    },
  },
  {
    name: 'Kakunin "KMS not configured" is a 503 no retry fixes: thrown at the first attempt, with support as the fix',
    provider: 'kakunin',
    code: 'KMS not configured',
    status: 503,
    body: { error: 'KMS not configured' },
    args: [],
    expect: {
      throws: {
        name: 'KakuninCertifyKmsNotConfiguredError',
        message: [/^Kakunin 503: "KMS not configured"\. Fix: Contact support; the AWS credentials are missing on Kakunin's side/],
      },
    },
  },
  {
    name: 'Kakunin 503: exponential backoff with jitter',
    provider: 'kakunin',
    code: '503',
    status: 503,
    body: { error: 'Service temporarily unavailable' },
    args: [1],
    expect: { returnsBetween: [225, 375] },
  },
  {
    name: 'Overten 408: resubmit the same body with async: true',
    provider: 'overten',
    code: 'sync_timeout_upgrade_async',
    status: 408,
    body: { success: false, error: 'sync_timeout_upgrade_async', message: 'Use async mode.' },
    args: [{ prompt: 'draw a cat', async: false }],
    expect: { returns: { prompt: 'draw a cat', async: true } },
  },
  {
    name: 'Overten 408 with an idempotency_key: the resubmission carries a key of its own (a reused key with another body is a 409)',
    provider: 'overten',
    code: 'sync_timeout_upgrade_async',
    status: 408,
    body: { success: false, error: 'sync_timeout_upgrade_async', message: 'Use async mode.' },
    args: [{ prompt: 'draw a cat', idempotency_key: 'k1' }],
    expect: { returns: { prompt: 'draw a cat', idempotency_key: 'k1:async', async: true } },
  },
  {
    name: 'Overten 408 of a request that already was async: an error with the task_id',
    provider: 'overten',
    code: '408',
    status: 408,
    body: {
      success: false,
      error: 'sync_timeout_upgrade_async',
      message: 'Use async mode.',
      task_id: 'task_1',
    },
    args: [{ prompt: 'draw a cat', async: true }],
    expect: {
      throws: {
        name: 'Overten408RequestTimeoutError',
        message: [
          /^Overten 408 sync_timeout_upgrade_async: "Use async mode\." \(task_id=task_1\)\. It was already sent with async: true\./,
        ],
        fields: { code: 'sync_timeout_upgrade_async', context: { task_id: 'task_1' } },
      },
    },
  },
  {
    name: 'Overten service_unavailable waits 30-60 s',
    provider: 'overten',
    code: 'service_unavailable',
    status: 503,
    body: { success: false, error: 'service_unavailable', message: 'Maintenance.' },
    args: [1],
    expect: { returnsBetween: [30000, 60000] },
  },
  {
    name: 'access_token_expired: refresh once',
    provider: 'kynasmith',
    code: 'access_token_expired',
    status: 401,
    body: { error: { code: 'access_token_expired', message: 'Token expired.', retryable: true } },
    args: [false],
    expect: { returns: null },
  },
  {
    name: 'access_token_expired again after a refresh: the refresh is broken',
    provider: 'kynasmith',
    code: 'access_token_expired',
    status: 401,
    body: { error: { code: 'access_token_expired', message: 'Token expired.', retryable: true } },
    args: [true],
    expect: {
      throws: {
        name: 'KynasmithAccessTokenExpiredError',
        message: [
          /^Kynasmith 401 access_token_expired: "Token expired\."\. It expired again right after a refresh/,
        ],
        fields: { status: 401, code: 'access_token_expired' },
      },
    },
  },
];

function entryAction(provider: string, code: string): string {
  return builtinCatalog.find(provider, code)?.action.replace(/\s+/g, ' ').trim() ?? '';
}
