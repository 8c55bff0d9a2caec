import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../src/core/catalog';
import { type DetectOptions, type Finding, detect } from '../../src/core/detect';

const find = (text: string, options: DetectOptions = {}) => detect(text, builtinCatalog, options);
const brief = (f: Finding) => ({ provider: f.provider, code: f.code, status: f.status, kind: f.kind });
const tokenAt = (text: string, f: Finding) => text.slice(f.codeRange.start, f.codeRange.end);

/** One error body per provider, as documented. */
const bodies = {
  kynasmith: '{"error": {"code": "quota_exceeded", "message": "Organization has exceeded the monthly accepted-frames quota.", "retryable": false, "details": {"quota_limit": 10000, "current_usage": 10001, "resets_at": "2026-05-01T00:00:00Z"}}}',
  kayle: '{"data": null, "error": {"code": "UNKNOWN_CLAIM_KEY", "message": "Unknown claim key.", "hint": "Use a supported claim key.", "docs": "https://kayle.id/docs/api/sessions#create"}}',
  overten: '{"success": false, "error": "sync_timeout_upgrade_async", "message": "Sync ceiling exceeded; retry async."}',
  knouds: '{"error": "Insufficient scope", "code": "SCOPE_DENIED", "required": "admin", "actual": "deployment"}',
  kakunin: '{"error": "Agent already has an active certificate"}',
} as const;
const expected = {
  kynasmith: { code: 'quota_exceeded', status: 403, token: '"quota_exceeded"' },
  kayle: { code: 'UNKNOWN_CLAIM_KEY', status: 400, token: '"UNKNOWN_CLAIM_KEY"' },
  overten: { code: 'sync_timeout_upgrade_async', status: 408, token: '"sync_timeout_upgrade_async"' },
  knouds: { code: 'SCOPE_DENIED', status: 403, token: '"SCOPE_DENIED"' },
  kakunin: { code: 'Agent already has an active certificate', status: 409, token: '"Agent already has an active certificate"' },
} as const;

const pretty = (json: string) => JSON.stringify(JSON.parse(json), null, 2);
const hosts = { kynasmith: 'https://api.kynasmith.dev/api/movespecs', kayle: 'https://api.kayle.id/v1/sessions', overten: 'https://backend.overtenai.com/api/v1/runs', knouds: 'https://knouds.ai/api/workflows/x/run', kakunin: 'https://api.kakunin.ai/v1/agents/a1/certify' };

/** Each container wraps a body the way users meet it. */
const containers: Record<string, (p: keyof typeof bodies) => { text: string; options: DetectOptions }> = {
  'JSON document': (p) => ({ text: pretty(bodies[p]), options: { languageId: 'json' } }),
  'JSONC with comments': (p) => ({ text: `// saved from staging\n${pretty(bodies[p])}\n`, options: { languageId: 'jsonc' } }),
  'array of envelopes': (p) => ({ text: `[\n${pretty(bodies[p])},\n{"ok": true}\n]`, options: { fileName: 'responses.json' } }),
  'nested in a record': (p) => ({ text: `{"request": "x", "response": {"status": ${expected[p].status}, "body": ${bodies[p]}}}`, options: { languageId: 'json' } }),
  'log line with prefix': (p) => ({ text: `2026-11-02T10:00:00Z INFO ok\n2026-11-02T10:00:01Z ERROR POST ${hosts[p]} -> ${expected[p].status} ${bodies[p]}\n`, options: { languageId: 'log' } }),
  'JSON Lines': (p) => ({ text: `{"ok": true}\n${bodies[p]}\n`, options: { fileName: 'events.jsonl' } }),
  '.http inline response': (p) => ({
    text: `# @name call\nPOST ${hosts[p]}\nContent-Type: application/json\n\n{"name": "x"}\n\nHTTP/1.1 ${expected[p].status} Whatever\nContent-Type: application/json\nX-Request-ID: req_1\n\n${pretty(bodies[p])}\n\n###\n`,
    options: { languageId: 'http' },
  }),
  'Markdown fence': (p) => ({ text: `# Incident\n\nThe API said:\n\n\`\`\`json\n${pretty(bodies[p])}\n\`\`\`\n`, options: { languageId: 'markdown' } }),
  'TypeScript template literal': (p) => ({ text: `const body = \`${pretty(bodies[p])}\`;\n`, options: { languageId: 'typescript' } }),
  'JavaScript escaped string': (p) => ({ text: `const body = ${JSON.stringify(bodies[p])};\n`, options: { languageId: 'javascript' } }),
  'Python triple-quoted string': (p) => ({ text: `BODY = """\n${pretty(bodies[p])}\n"""\n`, options: { languageId: 'python' } }),
};

describe('detection: provider × container', () => {
  for (const [container, make] of Object.entries(containers)) {
    describe(container, () => {
      for (const provider of Object.keys(bodies) as (keyof typeof bodies)[]) {
        it(provider, () => {
          const { text, options } = make(provider);
          const findings = find(text, options).filter((f) => f.kind === 'response');
          assert.equal(findings.length, 1, JSON.stringify(findings.map(brief)));
          const f = findings[0]!;
          assert.equal(f.provider, provider);
          assert.equal(f.code, expected[provider].code);
          assert.equal(f.status, expected[provider].status);
          // Inside an escaped string literal the token is the escaped one: \"code\".
          const token = container === 'JavaScript escaped string' ? expected[provider].token.replace(/"/g, '\\"') : expected[provider].token;
          assert.equal(tokenAt(text, f), token);
          assert.ok(f.known);
          assert.ok(f.entry);
          assert.ok(f.bodyRange.start <= f.codeRange.start && f.codeRange.end <= f.bodyRange.end);
          assert.ok(f.evidence.length > 0);
        });
      }
    });
  }
});

describe('detection: status and headers', () => {
  it('takes the status from the .http response line over the catalog, with its headers', () => {
    const text = 'GET https://api.kynasmith.dev/api/usage\nAuthorization: Bearer {{token}}\n\nHTTP/1.1 429 Too Many Requests\nRetry-After: 42\nRateLimit-Reset: 42\nX-Request-ID: req_9\nContent-Type: application/json\n\n{"error": {"code": "rate_limited", "message": "Too many", "retryable": true, "details": {"retry_after_seconds": 42}}}\n';
    const [f] = find(text, { languageId: 'http' });
    assert.equal(f?.status, 429);
    assert.equal(f?.statusSource, 'response-line');
    assert.deepEqual(f?.headers, { 'Retry-After': '42', 'RateLimit-Reset': '42', 'X-Request-ID': 'req_9' });
    assert.ok(f?.fields.some((x) => x.path.endsWith('retry_after_seconds') && x.value === 42));
  });

  it('uses a sibling status field and a record’s headers', () => {
    const text = '{"status": 503, "headers": {"Retry-After": "30", "Content-Type": "application/json"}, "body": {"success": false, "error": "service_unavailable", "message": "Pool saturated"}}';
    const [f] = find(text, { languageId: 'json' });
    assert.deepEqual(brief(f!), { provider: 'overten', code: 'service_unavailable', status: 503, kind: 'response' });
    assert.equal(f?.statusSource, 'sibling');
    assert.deepEqual(f?.headers, { 'Retry-After': '30' });
  });

  it('falls back to the catalog status', () => {
    const [f] = find(bodies.knouds, { languageId: 'json' });
    assert.equal(f?.statusSource, 'catalog');
  });

  it('keeps the body fields the catalog documents for the code', () => {
    const [f] = find(bodies.kynasmith, { languageId: 'json' });
    const fields = Object.fromEntries(f!.fields.map((x) => [x.path.split('.').pop(), x.value]));
    assert.equal(fields.quota_limit, 10000);
    assert.equal(fields.current_usage, 10001);
    assert.equal(fields.resets_at, '2026-05-01T00:00:00Z');
    const [k] = find(bodies.knouds, { languageId: 'json' });
    assert.deepEqual(Object.fromEntries(k!.fields.filter((x) => x.path === 'required' || x.path === 'actual').map((x) => [x.path, x.value])), { required: 'admin', actual: 'deployment' });
  });

  it('reads the status from a JetBrains response file name', () => {
    const [f] = find('{"error": "Agent not found"}', { fileName: 'post-certify-2026-11-02T143308.404.json' });
    assert.equal(f?.status, 404);
    assert.equal(f?.statusSource, 'file-name');
    assert.equal(f?.provider, 'kakunin');
  });
});

describe('detection: .http files', () => {
  it('survives variables, comments, handler scripts, redirects and several blocks', () => {
    const text = [
      '@base = https://knouds.ai',
      '@key = knouds_live_abc',
      '',
      '### Run the workflow',
      '# @name run',
      '// a comment',
      'POST {{base}}/api/workflows/demo/run',
      'x-api-key: {{key}}',
      'Content-Type: application/json',
      '',
      '{"inputs": {"error": "not a response"}}',
      '',
      '> {%',
      '  client.test("ok", () => client.assert(response.status === 200, "{\\"error\\": 1}"));',
      '%}',
      '>> ./out/run.json',
      '',
      'HTTP/1.1 402 Payment Required',
      'Content-Type: application/json',
      '',
      '{"error": "Your trial grant for this model has been fully used.", "code": "grant_exhausted"}',
      '',
      '###',
      'GET {{base}}/api/executions/1',
      'x-api-key: {{key}}',
      '',
      'HTTP/1.1 401 Unauthorized',
      '',
      '{"error": "Unauthorized"}',
    ].join('\n');
    const findings = find(text, { languageId: 'http' });
    assert.deepEqual(findings.map(brief), [
      { provider: 'knouds', code: 'grant_exhausted', status: 402, kind: 'response' },
      { provider: 'knouds', code: 'Unauthorized', status: 401, kind: 'response' },
    ]);
    assert.ok(findings[0]!.evidence.some((e) => e.kind === 'host'));
    assert.equal(findings[1]!.entry?.code, '401', 'a code-less Knouds 401 is explained by its status entry');
  });

  it('reads <> response references (status from a JetBrains name)', () => {
    const text = 'POST https://api.kakunin.ai/v1/agents/a1/certify\nAuthorization: Bearer kak_live_x\n\n<> ./responses/certify-2026-11-02T143308.409.json\n';
    const references = new Map([['./responses/certify-2026-11-02T143308.409.json', '{"error": "Agent already has an active certificate"}']]);
    const findings = find(text, { languageId: 'http', references });
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.deepEqual(brief(f), { provider: 'kakunin', code: 'Agent already has an active certificate', status: 409, kind: 'response' });
    assert.equal(f.referencedFile, './responses/certify-2026-11-02T143308.409.json');
    assert.equal(tokenAt(text, f), './responses/certify-2026-11-02T143308.409.json');
  });

  it('weighs a <> response by its request: host and key attribute a message the catalog lacks; the endpoint picks the entry', () => {
    const text =
      'GET https://api.kakunin.ai/v1/reports/r1\nAuthorization: Bearer kak_live_x\n\n<> ./r-2026-11-02T143308.425.json\n\n###\n' +
      'POST https://api.kakunin.ai/v1/events\n\n<> ./events-2026-11-02T143309.404.json\n';
    const references = new Map([
      ['./r-2026-11-02T143308.425.json', '{"error": "Report is still generating"}'],
      ['./events-2026-11-02T143309.404.json', '{"error": "Agent not found"}'],
    ]);
    const [report, event] = find(text, { languageId: 'http', references });
    assert.deepEqual(brief(report!), { provider: 'kakunin', code: 'Report is still generating', status: 425, kind: 'response' });
    assert.equal(report!.statusSource, 'file-name');
    assert.equal(report!.entry?.code, '425', 'explained by the status entry');
    assert.deepEqual(report!.evidence.map((e) => e.kind), ['shape', 'host', 'key-prefix'], 'each piece of evidence once');
    assert.equal(event!.entry?.endpoint, 'POST /v1/events');
  });

  it('tells Kakunin’s shared message apart by the request’s endpoint', () => {
    const make = (path: string) => `POST https://api.kakunin.ai${path}\n\nHTTP/1.1 404 Not Found\n\n{"error": "Agent not found"}\n`;
    assert.equal(find(make('/v1/events'), { languageId: 'http' })[0]?.entry?.endpoint, 'POST /v1/events');
    assert.equal(find(make('/v1/agents/a1/certify'), { languageId: 'http' })[0]?.entry?.endpoint, 'POST /v1/agents/{id}/certify');
  });
});

describe('detection: hard negatives and generic formats', () => {
  const generic = (text: string) => find(text, { languageId: 'json' });

  it('recognises Google AIP-193 as generic, never Kayle', () => {
    const [f] = generic('{"error": {"code": 404, "message": "Not found", "status": "NOT_FOUND"}}');
    assert.equal(f?.provider, null);
    assert.equal(f?.generic, 'aip-193');
    assert.equal(f?.status, 404);
    assert.deepEqual(f?.candidates, []);
  });

  it('recognises Stripe/OpenAI-style as generic, never Overten', () => {
    const [f] = generic('{"error": {"type": "invalid_request_error", "code": "invalid_api_key", "message": "Bad key"}}');
    assert.equal(f?.provider, null);
    assert.equal(f?.generic, 'stripe');
    assert.equal(f?.code, 'invalid_api_key');
  });

  it('recognises JSON:API as generic, never Kayle', () => {
    const [f] = generic('{"errors": [{"status": "409", "code": "CONFLICT", "title": "Conflict"}]}');
    assert.equal(f?.provider, null);
    assert.equal(f?.generic, 'json-api');
    assert.equal(f?.status, 409);
  });

  it('recognises RFC 9457 problem details', () => {
    const [f] = generic('{"type": "https://example.com/probs/out-of-credit", "title": "You do not have enough credit.", "status": 403, "detail": "Balance 30, cost 50"}');
    assert.equal(f?.generic, 'problem+json');
    assert.equal(f?.status, 403);
  });

  it('ignores `"error": null` success bodies and look-alike strings in prose', () => {
    assert.deepEqual(generic('{"data": {"id": 1}, "error": null}'), []);
    assert.deepEqual(find('We saw rate_limited and SCOPE_DENIED yesterday; error: "quota_exceeded".', { languageId: 'markdown' }), []);
    assert.deepEqual(find('The "error": field of Kakunin is a string.', { languageId: 'plaintext' }), []);
  });

  it('does not attribute a bare `{"error": "<message>"}` without evidence', () => {
    assert.deepEqual(generic('{"error": "Something went wrong"}'), []);
  });

  it('reports a recognised envelope holding an unknown code as not in the catalog', () => {
    const [f] = generic('{"error": {"code": "brand_new_code", "message": "?", "retryable": false, "details": {}}}');
    assert.equal(f?.provider, 'kynasmith');
    assert.equal(f?.known, false);
    assert.equal(f?.entry, undefined);
  });
});

describe('detection: shared codes and ambiguity', () => {
  it('tells shared codes apart by shape', () => {
    const [a] = find('{"error": {"code": "not_found", "message": "No such movespec", "retryable": false}}', { languageId: 'json' });
    assert.equal(a?.provider, 'kynasmith');
    const [b] = find('{"success": false, "error": "not_found", "message": "Run not found"}', { languageId: 'json' });
    assert.equal(b?.provider, 'overten');
    const [c] = find('{"success": false, "error": "insufficient_credits", "message": "Top up"}', { languageId: 'json' });
    assert.equal(c?.provider, 'overten');
    const [d] = find('{"error": "Not enough credits", "code": "INSUFFICIENT_CREDITS"}', { languageId: 'json' });
    assert.equal(d?.provider, 'knouds');
  });

  it('uses the request host when the shape is shared by several providers', () => {
    const body = '{"error": "Invalid or revoked API key"}';
    const [f] = find(`GET https://api.kakunin.ai/v1/agents\n\nHTTP/1.1 401 Unauthorized\n\n${body}\n`, { languageId: 'http' });
    assert.equal(f?.provider, 'kakunin');
    assert.ok(f?.evidence.some((e) => e.kind === 'host'));
  });

  it('gives ranked candidates when a reference stays ambiguous', () => {
    const [f] = find("if (err.code === 'conflict') retry();\n", { languageId: 'typescript' });
    assert.equal(f?.kind, 'reference');
    assert.equal(f?.provider, null);
    assert.deepEqual(f?.candidates.map((c) => c.provider).sort(), ['kynasmith', 'overten']);
  });

  it('leans on other codes nearby to settle an ambiguous reference', () => {
    const text = "if (err.code === 'rate_limited') wait();\nif (err.code === 'conflict') reload();\n";
    const findings = find(text, { languageId: 'typescript' });
    assert.equal(findings[1]?.provider, 'kynasmith');
    assert.ok(findings[1]?.evidence.some((e) => e.kind === 'nearby'));
  });
});

describe('detection: references in source', () => {
  it('finds comparisons and case labels, not prose', () => {
    const text = [
      "import { Client } from './knouds';",
      "// grant_exhausted means upgrade",
      "const note = 'grant_exhausted happens';",
      "if (err.code === 'grant_exhausted') upgrade();",
      'switch (error.code) {',
      '  case "SCOPE_DENIED":',
      '    break;',
      '}',
    ].join('\n');
    const findings = find(text, { languageId: 'typescript' });
    assert.deepEqual(findings.map(brief), [
      { provider: 'knouds', code: 'grant_exhausted', status: 402, kind: 'reference' },
      { provider: 'knouds', code: 'SCOPE_DENIED', status: 403, kind: 'reference' },
    ]);
    assert.equal(tokenAt(text, findings[0]!), "'grant_exhausted'");
  });

  it('finds Python comparisons', () => {
    const [f] = find('if body["code"] == "EXECUTION_FAILED":\n    retry()\n', { languageId: 'python' });
    assert.equal(f?.provider, 'knouds');
    assert.equal(f?.kind, 'reference');
  });
});

describe('detection: logs', () => {
  it('still finds the code of a record cut short', () => {
    const text = '2026-11-02 ERROR POST https://api.kynasmith.dev/api/detection/sessions -> 409 {"error": {"code": "session_already_completed", "message": "The sess\n2026-11-02 INFO next\n';
    const [f] = find(text, { languageId: 'log' });
    assert.deepEqual(brief(f!), { provider: 'kynasmith', code: 'session_already_completed', status: 409, kind: 'response' });
  });

  it('reads curl -i transcripts (status line and headers above the body)', () => {
    const text = '$ curl -i https://knouds.ai/api/models/x/run\nHTTP/2 429\nretry-after: 17\nx-ratelimit-reset: 1767225600\n\n{"error": "Too many requests", "code": "RATE_LIMIT_EXCEEDED"}\n';
    const [f] = find(text, { languageId: 'log' });
    assert.equal(f?.status, 429);
    assert.deepEqual(f?.headers, { 'retry-after': '17', 'x-ratelimit-reset': '1767225600' });
  });

  it('finds one finding per body in a long log, in order', () => {
    const lines = Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? `t${i} ERROR ${bodies.overten}` : `t${i} INFO fine`));
    const findings = find(lines.join('\n'), { languageId: 'log' });
    assert.equal(findings.length, 10);
  });
});

describe('detection never throws', () => {
  it('on deep nesting, a huge single line, invalid surrogates and truncation', () => {
    const deep = '['.repeat(100_000) + '{"error": {"code": "rate_limited", "retryable": true, "message": "x"}}' + ']'.repeat(100_000);
    assert.doesNotThrow(() => find(deep, { languageId: 'json' }));
    const line = `{"error": "${'x'.repeat(5 * 1024 * 1024)}", "code": "SCOPE_DENIED"}`;
    assert.doesNotThrow(() => find(line, { languageId: 'log' }));
    assert.doesNotThrow(() => find('{"error": "\ud800\udc00\ud800", "code": "\udfff"}', { languageId: 'json' }));
    const full = pretty(bodies.kynasmith);
    for (let i = 0; i < full.length; i += 7) assert.doesNotThrow(() => find(full.slice(0, i), { languageId: 'json' }));
  });
});

describe('detection: a record cut short is reported once', () => {
  it('a later key does not re-open the unclosed body', () => {
    const text = 't1 WARN {"success":false,"error":"rate_limit_exceeded","message":"Rate limit exceed\nt2 INFO {"error": "later", "note": 1}\n';
    const findings = find(text, { languageId: 'log' });
    assert.equal(findings.filter((f) => f.code === 'rate_limit_exceeded').length, 1, JSON.stringify(findings.map(brief)));
  });
});
