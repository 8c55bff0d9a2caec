import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { builtinCatalog } from '../../src/core/catalog';
import { type DetectOptions, type Finding, detect } from '../../src/core/detect';
import { insertionPointInTree, isTestFile } from '../../src/core/placement';
import { LazyTreeSitter } from '../../src/syntax/treeSitter';
import { containerFixture } from './helpers/fixtures';

const wasm = resolve(__dirname, '../../node_modules/@vscode/tree-sitter-wasm/wasm');
const syntax = new LazyTreeSitter(async (file) => readFileSync(join(wasm, file)));
const fixture = (name: string) => readFileSync(containerFixture(name), 'utf8');

before(async () => {
  for (const language of ['typescript', 'tsx', 'javascript', 'python'] as const) assert.ok(await syntax.load(language), language);
});

function found(text: string, options: DetectOptions) {
  return detect(text, builtinCatalog, { ...options, syntax }).map((f: Finding) => ({
    provider: f.provider,
    code: f.code,
    status: f.status,
    url: f.request?.url,
    at: text.slice(f.codeRange.start, f.codeRange.end),
  }));
}

describe('reader: TypeScript mocks through tree-sitter', () => {
  it('reads msw, nock, mockResolvedValue, Response and express literals with the call’s status and URL', () => {
    const text = fixture('mocks.test.ts');
    assert.deepEqual(found(text, { languageId: 'typescript', fileName: 'mocks.test.ts' }), [
      { provider: 'kayle', code: 'ORG_NOT_VERIFIED_LIMIT_EXCEEDED', status: 429, url: 'https://api.kayle.id/v1/sessions', at: "'ORG_NOT_VERIFIED_LIMIT_EXCEEDED'" },
      { provider: 'knouds', code: 'SCOPE_DENIED', status: 403, url: 'https://knouds.ai/api/workflows/poster/run', at: "'SCOPE_DENIED'" },
      { provider: 'knouds', code: 'INSUFFICIENT_CREDITS', status: 402, url: undefined, at: "'INSUFFICIENT_CREDITS'" },
      { provider: 'overten', code: 'rate_limit_exceeded', status: 429, url: undefined, at: "'rate_limit_exceeded'" },
      { provider: 'kynasmith', code: 'version_already_released', status: 409, url: undefined, at: "'version_already_released'" },
    ]);
    const [msw] = detect(text, builtinCatalog, { languageId: 'typescript', syntax });
    assert.deepEqual(msw?.headers, { 'Retry-After': '2' });
  });

  it('without trees (grammar not loaded yet) reads JSON strings only, as before', () => {
    const text = fixture('mocks.test.ts');
    assert.deepEqual(detect(text, builtinCatalog, { languageId: 'typescript' }), []);
  });

  it('gives a JSON string literal its call’s status', () => {
    const text = `server.use(http.get('https://knouds.ai/api/models/x/run', () => new Response('{"error":"Rate limit exceeded","code":"RATE_LIMIT_EXCEEDED"}', { status: 429 })));`;
    assert.deepEqual(found(text, { languageId: 'typescript' }), [
      { provider: 'knouds', code: 'RATE_LIMIT_EXCEEDED', status: 429, url: 'https://knouds.ai/api/models/x/run', at: '"RATE_LIMIT_EXCEEDED"' },
    ]);
  });

  it('reads headers and paths from nock, axios-mock-adapter, express and msw 1 calls', () => {
    const text = [
      `nock('https://api.kakunin.ai').post('/v1/certify').reply(429, { error: 'Rate limit exceeded' }, { 'Retry-After': '9' });`,
      `mock.onPost('https://api.kayle.id/v1/sessions').reply(404, { data: null, error: { code: 'SESSION_NOT_FOUND', message: 'x' } });`,
      `app.get('/x', (req, res) => res.set('Retry-After', '4').status(429).json({ error: { code: 'rate_limited', message: 'slow', retryable: true, details: {} } }));`,
      `rest.post('https://api.kynasmith.dev/api/usage', (req, res, ctx) => res(ctx.status(429), ctx.set('Retry-After', 7), ctx.json({ error: { code: 'rate_limited', message: 'm', retryable: true, details: {} } })));`,
    ].join('\n');
    const findings = detect(text, builtinCatalog, { languageId: 'typescript', syntax });
    assert.deepEqual(
      findings.map((f) => [f.code, f.status, f.request?.method, f.request?.url, f.headers]),
      [
        ['Rate limit exceeded', 429, 'POST', 'https://api.kakunin.ai/v1/certify', { 'Retry-After': '9' }],
        ['SESSION_NOT_FOUND', 404, 'POST', 'https://api.kayle.id/v1/sessions', {}],
        ['rate_limited', 429, undefined, undefined, { 'Retry-After': '4' }],
        ['rate_limited', 429, 'POST', 'https://api.kynasmith.dev/api/usage', { 'Retry-After': '7' }],
      ],
    );
  });

  it('keeps reading a file with syntax errors', () => {
    const text = `const broken = {;\nnock('https://knouds.ai').post('/api/x').reply(402, { error: 'No credits', code: 'INSUFFICIENT_CREDITS' });\nfunction (\n`;
    assert.deepEqual(
      found(text, { languageId: 'typescript' }).map((f) => [f.code, f.status]),
      [['INSUFFICIENT_CREDITS', 402]],
    );
  });

  it('a 5 MB minified bundle: no throw, no stall', () => {
    const chunk = 'var a=function(e){return e&&e.error?{error:{code:"rate_limited"}}:null},b=[1,2,3].map(function(x){return{title:x}});';
    const text = chunk.repeat(Math.ceil(5_000_000 / chunk.length));
    const started = performance.now();
    assert.doesNotThrow(() => detect(text, builtinCatalog, { languageId: 'javascript', syntax }));
    assert.ok(performance.now() - started < 10_000);
  });
});

describe('reader: Python mocks through tree-sitter', () => {
  it('reads respx, pytest-httpx and responses dicts with status, URL and headers', () => {
    const text = fixture('test_clients.py');
    assert.deepEqual(found(text, { languageId: 'python', fileName: 'test_clients.py' }), [
      { provider: 'knouds', code: 'RATE_LIMIT_EXCEEDED', status: 429, url: 'https://knouds.ai/api/workflows/poster/run', at: '"RATE_LIMIT_EXCEEDED"' },
      { provider: 'kayle', code: 'SESSION_NOT_FOUND', status: 404, url: 'https://api.kayle.id/v1/sessions/ses_404', at: "'SESSION_NOT_FOUND'" },
      { provider: 'overten', code: 'insufficient_credits', status: 402, url: 'https://backend.overtenai.com/api/v1/runs', at: '"insufficient_credits"' },
    ]);
    const [respx, , responses] = detect(text, builtinCatalog, { languageId: 'python', syntax });
    assert.deepEqual(respx?.headers, { 'Retry-After': '20' });
    assert.equal(responses?.request?.method, 'POST', 'responses.add(responses.POST, …)');
  });

  it('reads requests-mock, pytest-httpx and aioresponses calls with their status, URL, method and headers', () => {
    const text = [
      'def test_a(requests_mock):',
      '    requests_mock.post("https://api.kayle.id/v1/sessions", json={"data": None, "error": {"code": "SESSION_NOT_FOUND", "message": "x"}}, status_code=404, headers={"Retry-After": "3"})',
      'def test_b(httpx_mock):',
      '    httpx_mock.add_response(url="https://backend.overtenai.com/api/v1/run", status_code=402, json={"success": False, "error": "insufficient_credits", "message": "Top up"})',
      'def test_c():',
      '    with aioresponses() as m:',
      '        m.post("https://knouds.ai/api/v1/generate", status=402, payload={"error": "Insufficient credits", "code": "INSUFFICIENT_CREDITS"})',
      '',
    ].join('\n');
    const findings = detect(text, builtinCatalog, { languageId: 'python', syntax });
    assert.deepEqual(
      findings.map((f) => [f.provider, f.code, f.status, f.statusSource, f.request?.method, f.request?.url, f.headers]),
      [
        ['kayle', 'SESSION_NOT_FOUND', 404, 'sibling', 'POST', 'https://api.kayle.id/v1/sessions', { 'Retry-After': '3' }],
        ['overten', 'insufficient_credits', 402, 'sibling', undefined, 'https://backend.overtenai.com/api/v1/run', {}],
        ['knouds', 'INSUFFICIENT_CREDITS', 402, 'sibling', 'POST', 'https://knouds.ai/api/v1/generate', {}],
      ],
    );
  });

  it('reads True/False/None and tuples in dicts', () => {
    const text = `httpx.Response(403, json={'error': 'Missing scope', 'code': 'SCOPE_DENIED', 'required': ('workflows:run',), 'retry': False, 'detail': None})\n`;
    assert.deepEqual(
      found(text, { languageId: 'python' }).map((f) => [f.code, f.status]),
      [['SCOPE_DENIED', 403]],
    );
  });
});

describe('quick-fix placement through the syntax tree', () => {
  const place = (text: string, language: 'typescript' | 'python', at: string, topLevel: boolean) => {
    const offset = text.indexOf(at);
    const point = syntax.withTree(text, language, (tree) => insertionPointInTree(tree, text, offset, topLevel));
    assert.ok(point);
    return { before: text.slice(0, point.offset), indent: point.indent };
  };

  it('TypeScript: at module level in a test file, after the whole statement', () => {
    const text = fixture('mocks.test.ts');
    const { before, indent } = place(text, 'typescript', 'SCOPE_DENIED', true);
    assert.equal(indent, '');
    // The describe() call the mock sits in, closed: its last test is the Response one.
    assert.ok(before.endsWith('expect(response.status).toBe(429);\n  });\n});'), before.slice(-80));
  });

  it('TypeScript: after the enclosing statement otherwise', () => {
    const text = `function f() {\n  const body = { error: { code: 'rate_limited' } };\n  return body;\n}\n`;
    const { before, indent } = place(text, 'typescript', 'rate_limited', false);
    assert.equal(indent, '  ');
    assert.ok(before.endsWith("const body = { error: { code: 'rate_limited' } };"));
  });

  it('Python: after the test function, at module level', () => {
    const text = fixture('test_clients.py');
    const { before, indent } = place(text, 'python', 'SESSION_NOT_FOUND', true);
    assert.equal(indent, '');
    assert.ok(before.endsWith('assert kayle.get_session("ses_404") is None'), before.slice(-60));
  });

  it('tells test files by name', () => {
    for (const path of ['/a/b.test.ts', '/a/b.spec.tsx', '/tests/client.ts', '/a/test_clients.py', '/a/clients_test.py', '/a/__tests__/x.js']) assert.ok(isTestFile(path), path);
    for (const path of ['/a/b.ts', '/a/contest.py', '/a/latest.ts']) assert.ok(!isTestFile(path), path);
  });
});
