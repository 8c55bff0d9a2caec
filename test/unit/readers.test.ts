import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../src/core/catalog';
import { type DetectOptions, type Finding, containerOf, detect } from '../../src/core/detect';
import { containerFixture } from './helpers/fixtures';

const fixture = containerFixture;
const read = (name: string) => readFileSync(fixture(name), 'utf8');

/** provider, code, status and the exact text the code range covers. */
function summary(text: string, findings: Finding[]) {
  return findings.map((f) => ({ provider: f.provider ?? f.generic ?? null, code: f.code, status: f.status, at: text.slice(f.codeRange.start, f.codeRange.end) }));
}

function run(name: string, options: DetectOptions = {}) {
  const text = read(name);
  const findings = detect(text, builtinCatalog, { fileName: fixture(name), ...options });
  return { text, findings, summary: summary(text, findings) };
}

describe('reader: JSON written as a string in a structured log', () => {
  it('finds escaped and doubly escaped bodies, with status and URL from sibling fields', () => {
    const { findings, summary: found } = run('structured.log', { languageId: 'log' });
    assert.deepEqual(found, [
      { provider: 'knouds', code: 'INSUFFICIENT_CREDITS', status: 402, at: '\\"INSUFFICIENT_CREDITS\\"' },
      { provider: 'kynasmith', code: 'rate_limited', status: 429, at: '\\"rate_limited\\"' },
      { provider: 'overten', code: 'rate_limit_exceeded', status: 429, at: '\\\\\\"rate_limit_exceeded\\\\\\"' },
      { provider: 'stripe', code: 'card_declined', status: 402, at: '\\"card_declined\\"' },
    ]);
    assert.deepEqual(findings[0]?.request, { method: 'POST', url: 'https://knouds.ai/api/workflows/poster/run' });
    // http.status_code and response.headers of the record around the string.
    assert.equal(findings[1]?.statusSource, 'sibling');
    assert.deepEqual(findings[1]?.headers, { 'Retry-After': '7' });
  });

  it('reads a status from each sibling name docs/design.md lists', () => {
    const body = JSON.stringify(JSON.stringify({ error: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED' }));
    for (const record of [`"status":429`, `"status_code":429`, `"statusCode":429`, `"http":{"status_code":429}`, `"response":{"status":429}`, `"res":{"statusCode":429}`]) {
      const text = `{${record},"url":"https://knouds.ai/api/models/x/run","body":${body}}`;
      const [f] = detect(text, builtinCatalog, { languageId: 'log' });
      assert.equal(f?.status, 429, record);
      assert.equal(f?.provider, 'knouds', record);
    }
  });

  it('reads Elastic Common Schema and OpenTelemetry names, nested or written flat', () => {
    const body = JSON.stringify(JSON.stringify({ error: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED' }));
    const records = [
      `"http.response.status_code":429,"url.full":"https://knouds.ai/api/models/x/run","http.request.method":"post"`,
      `"http":{"response":{"status_code":429},"request":{"method":"POST"}},"url":{"full":"https://knouds.ai/api/models/x/run"}`,
      `"http":{"response.status_code":429,"request.method":"POST"},"url.full":"https://knouds.ai/api/models/x/run"`,
    ];
    for (const record of records) {
      const [f] = detect(`{"log.level":"error",${record},"http.response.body.content":${body}}`, builtinCatalog, { languageId: 'log' });
      assert.equal(f?.status, 429, record);
      assert.deepEqual(f?.request, { method: 'POST', url: 'https://knouds.ai/api/models/x/run' }, record);
    }
  });

  it('leaves a sentence’s punctuation out of a URL on the log line', () => {
    const text = 'Dec 01 10:00:03 host app[123]: response 401 from https://api.kayle.id/v1/sessions: {"error":{"code":"UNAUTHORIZED","message":"Invalid API key"}}\n';
    const [f] = detect(text, builtinCatalog, { languageId: 'log' });
    assert.equal(f?.request?.url, 'https://api.kayle.id/v1/sessions');
    assert.equal(f?.status, 401);
  });

  it('passes over strings that merely contain braces or an escaped key without a body', () => {
    const text = '{"msg":"template {name} rendered with {\\"error\\": pending}","status":500}\n{"msg":"{\\"error\\":null}","status":500}\n';
    assert.deepEqual(detect(text, builtinCatalog, { languageId: 'log' }), []);
  });

  it('stops at three strings deep', () => {
    let body = JSON.stringify({ error: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED' });
    const wrap = (inner: string) => JSON.stringify({ url: 'https://knouds.ai/api/x', body: inner });
    for (let depth = 1; depth <= 4; depth++) {
      body = wrap(body);
      const found = detect(body, builtinCatalog, { languageId: 'log' });
      assert.equal(found.length, depth <= 3 ? 1 : 0, `depth ${depth}`);
      if (found[0]) assert.equal(found[0].code, 'RATE_LIMIT_EXCEEDED');
    }
  });
});

describe('reader: Python reprs in logs', () => {
  it('reads single quotes, None/True/False and tuples as values', () => {
    const { findings, summary: found } = run('python-repr.log', { languageId: 'log' });
    assert.deepEqual(found, [
      { provider: 'kayle', code: 'SESSION_NOT_FOUND', status: 404, at: "'SESSION_NOT_FOUND'" },
      { provider: 'knouds', code: 'SCOPE_DENIED', status: 403, at: "'SCOPE_DENIED'" },
    ]);
    assert.equal(findings[0]?.message, "Session 'ses_404' was not found.");
  });
});

describe('reader: HAR', () => {
  it('is told by content, not only by extension', () => {
    assert.equal(containerOf(read('checkout.har'), { fileName: 'checkout.har' }), 'har');
    assert.equal(containerOf(read('devtools-export.json'), { fileName: 'devtools-export.json', languageId: 'json' }), 'har');
    assert.equal(containerOf('{"log": "not a har"}', { languageId: 'json' }), 'document');
  });

  it('finds escaped and base64 bodies with the entry status, request and Retry-After', () => {
    const { findings, summary: found } = run('checkout.har', { languageId: 'json' });
    assert.deepEqual(
      found.map(({ provider, code, status }) => ({ provider, code, status })),
      [
        { provider: 'kayle', code: 'ORG_NOT_VERIFIED_LIMIT_EXCEEDED', status: 429 },
        { provider: 'kynasmith', code: 'quota_exceeded', status: 403 },
      ],
    );
    assert.equal(found[0]?.at, '\\"ORG_NOT_VERIFIED_LIMIT_EXCEEDED\\"');
    assert.deepEqual(findings[0]?.request, { method: 'POST', url: 'https://api.kayle.id/v1/sessions' });
    assert.equal(findings[0]?.headers['Retry-After'], '30');
    // The base64 body's code is placed on the base64 characters that encode it.
    assert.equal(Buffer.from(found[1]?.at ?? '', 'base64').toString().includes('quota_exceeded'), true);
    // The same export under a .json name finds the same.
    assert.deepEqual(
      run('devtools-export.json', { languageId: 'json' }).summary.map((f) => f.code),
      found.map((f) => f.code),
    );
  });
});

describe('reader: Postman collection', () => {
  it('reads saved responses in nested folders with code, header and originalRequest', () => {
    const { findings, summary: found } = run('vendors.postman_collection.json', { languageId: 'json' });
    assert.deepEqual(
      found.map(({ provider, code, status }) => ({ provider, code, status })),
      [
        { provider: 'knouds', code: 'RATE_LIMIT_EXCEEDED', status: 429 },
        { provider: 'overten', code: 'insufficient_credits', status: 402 },
      ],
    );
    assert.deepEqual(findings[0]?.headers, { 'Retry-After': '20' });
    assert.deepEqual(findings[1]?.request, { method: 'POST', url: 'https://backend.overtenai.com/api/v1/runs' });
  });
});

describe('a request to another host is evidence against the providers', () => {
  it('does not attribute a generic body from a foreign host', () => {
    const body = '{"error":"conflict","message":"Order already exists"}';
    const at = (url: string) => detect(`{"status":409,"url":"${url}","body":${body}}`, builtinCatalog, { languageId: 'log' });
    assert.deepEqual(at('https://api.acme-shop.com/v2/orders'), []);
    assert.equal(at('https://backend.overtenai.com/api/v1/runs')[0]?.provider, 'overten');
    // The same body with no request around it is what it always was.
    assert.equal(detect(body, builtinCatalog, { languageId: 'json' })[0]?.provider, 'overten');
  });

  it('keeps a distinctive envelope with a known code even from a proxy host', () => {
    const body = '{"error":{"code":"rate_limited","message":"Slow down","retryable":true,"details":{}}}';
    const [f] = detect(`{"status":429,"url":"https://gateway.corp-proxy.net/kynasmith/api/usage","body":${body}}`, builtinCatalog, { languageId: 'log' });
    assert.equal(f?.provider, 'kynasmith');
    assert.ok(f?.evidence.some((e) => e.weight < 0));
  });
});

describe('readers on bad input: no throw, no stall', () => {
  const timed = (text: string, options: DetectOptions) => {
    const started = performance.now();
    const found = detect(text, builtinCatalog, options);
    return { found, ms: performance.now() - started };
  };

  it('truncated escaped JSON', () => {
    const text = '{"status":402,"url":"https://knouds.ai/api/x","body":"{\\"error\\":\\"Not enough credits\\",\\"code\\":\\"INSUFFICIENT_CRED';
    assert.doesNotThrow(() => detect(text, builtinCatalog, { languageId: 'log' }));
    for (let cut = 0; cut < text.length; cut += 7) assert.doesNotThrow(() => detect(text.slice(0, cut), builtinCatalog, { languageId: 'log' }));
  });

  it('invalid escapes and lone backslashes', () => {
    for (const text of ['{"body":"{\\"error\\":\\"x\\u12\\"}"}', '{"body":"\\\\\\"error\\\\\\":"}', '{"body":"{\\"error\\":\\"\\q\\"}"}', '"\\"error\\": {']) {
      assert.doesNotThrow(() => detect(text, builtinCatalog, { languageId: 'log' }));
    }
  });

  it('base64 that is not base64, and a HAR cut short', () => {
    const har = read('checkout.har');
    for (let cut = 0; cut < har.length; cut += 97) assert.doesNotThrow(() => detect(har.slice(0, cut), builtinCatalog, { fileName: 'x.har' }));
    const bad = JSON.stringify({ log: { version: '1.2', creator: { name: 'x' }, entries: [{ request: { url: 'https://api.kayle.id/' }, response: { status: 500, content: { text: '%%%===', encoding: 'base64' } } }] } });
    assert.deepEqual(detect(bad, builtinCatalog, { fileName: 'x.har' }), []);
  });

  it('1,000-deep JSON-in-string nesting', () => {
    let text = '{"error":"x","code":"INSUFFICIENT_CREDITS"}';
    // Escaping doubles backslashes each level: cap the text, the depth bound is what is tested.
    for (let i = 0; i < 1000 && text.length < 2_000_000; i++) text = JSON.stringify({ body: text });
    const { ms } = timed(text, { languageId: 'log' });
    assert.ok(ms < 5000, `${ms} ms`);
    const repeated = `${'{"body":"'.repeat(1000)}{\\"error\\":\\"x\\"}${'"}'.repeat(1000)}`;
    assert.ok(timed(repeated, { languageId: 'log' }).ms < 5000);
  });

  it('a 10 MB single-line HAR', () => {
    const entry = JSON.parse(read('checkout.har')).log.entries[1];
    const entries = Array.from({ length: 5000 }, () => entry);
    const text = JSON.stringify({ log: { version: '1.2', creator: { name: 'x' }, entries } });
    const { found, ms } = timed(text, { fileName: 'big.har' });
    assert.equal(found.length, 5000);
    assert.ok(ms < 10_000, `${ms} ms`);
  });
});
