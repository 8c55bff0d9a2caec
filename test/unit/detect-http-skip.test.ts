import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../src/core/catalog';
import { detect, parseHttp } from '../../src/core/detect';
import { readHttp, referencedPaths } from '../../src/core/detect/http';
import { ANCHOR } from '../../src/core/detect/jsonScan';
import { rng } from '../fixtures/fuzzInputs';

/** Lines of .http files, the awkward ones included: CRLF, indented `###`, `@` inside a line. */
const LINES = [
  '### block', '###', '# @name x', '// comment', 'GET {{host}}/sessions', 'POST https://knouds.ai/api/workflows/poster/run',
  'https://api.kynasmith.dev/api/x', 'Authorization: Bearer {{key}}', 'x-api-key: {{key}}', '', '', '', 'HTTP/1.1 429 Too Many Requests',
  'HTTP/2 409', 'Retry-After: 42', '>> out.json', '< ./body.json', '  ### indented', '\r', '{', '}', 'a @b = c', '%}',
];
/** Lines that stop blocks after them from being skipped: variables, handler scripts, references. */
const RARE = ['@host = https://api.kayle.id/v1', '  @key = kk_live_abc', '@h2 = {{host}}/x', '> {%', '> {% client.x() %}', '<> ./responses/quota.json'];
const BODIES = [
  '{"error": {"code": "rate_limited", "message": "Too many requests.", "retryable": true}}',
  '{\n  "data": null,\n  "error": {\n    "code": "SESSION_NOT_FOUND",\n    "message": "Session not found."\n  }\n}',
  '{ "error": "Insufficient scope", "code": "SCOPE_DENIED" }',
  '{"ok": true}',
  '{"data": {"id": 1}}',
];

function document(random: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const parts: string[] = [];
  for (let i = 0, n = 1 + Math.floor(random() * 60); i < n; i++) {
    const r = random();
    parts.push(r < 0.3 ? pick(BODIES) : r < 0.33 ? pick(RARE) : pick(LINES));
  }
  return parts.join(random() < 0.2 ? '\r\n' : '\n');
}

describe('.http detection skips blocks that cannot matter', () => {
  it('reads every response that holds an error key, with the same context, and every reference', () => {
    const random = rng(4242);
    let skipped = 0;
    let withReferences = 0;
    for (let n = 0; n < 3000; n++) {
      const text = document(random);
      const anchor = new RegExp(ANCHOR.source, 'g');
      const nextAnchor = (at: number) => {
        anchor.lastIndex = at;
        return anchor.exec(text)?.index ?? -1;
      };
      const hasAnchor = (r: { bodyStart: number; bodyEnd: number }) => {
        const at = nextAnchor(r.bodyStart);
        return at >= 0 && at < r.bodyEnd;
      };
      const full = parseHttp(text);
      const skipping = readHttp(text, 0, text.length, undefined, nextAnchor);
      const key = (r: { bodyStart: number; bodyEnd: number }) => `${r.bodyStart}-${r.bodyEnd}`;
      const read = new Map(skipping.responses.map((r) => [key(r), r]));
      for (const r of full.responses.filter(hasAnchor)) assert.deepEqual(read.get(key(r)), r, `case ${n}: ${JSON.stringify(text)}`);
      const all = new Set(full.responses.map(key));
      for (const r of skipping.responses) assert.ok(all.has(key(r)), `case ${n}: extra response ${key(r)}`);
      assert.deepEqual(skipping.references, full.references, `case ${n}`);
      // The paths read before detection, without reading the requests, include every reference.
      const paths = new Set(referencedPaths(text));
      for (const r of full.references) assert.ok(paths.has(r.path), `case ${n}: ${r.path} not among ${[...paths].join(', ')}`);
      if (full.references.length > 0) withReferences++;
      if (skipping.responses.length < full.responses.length) skipped++;
    }
    assert.ok(skipped > 100, `only ${skipped} documents had blocks skipped`);
    assert.ok(withReferences > 100, `only ${withReferences} documents had references`);
  });

  it('finds errors after thousands of skipped blocks, with variables set before them', () => {
    const ok = 'GET {{base}}/ok\n\nHTTP/1.1 200 OK\n\n{"data": {"id": 1}}\n\n';
    const text = `@base = https://api.kynasmith.dev/api\n\n${'### ok\n'.concat(ok).repeat(3000)}### failing\nPOST {{base}}/movespecs\n\nHTTP/1.1 429 Too Many Requests\nRetry-After: 42\n\n{"error": {"code": "rate_limited", "message": "Slow down.", "retryable": true}}\n`;
    const [f] = detect(text, builtinCatalog, { languageId: 'http' });
    assert.equal(f?.provider, 'kynasmith');
    assert.equal(f?.status, 429);
    assert.deepEqual(f?.headers, { 'Retry-After': '42' });
    assert.ok(f?.evidence.some((e) => e.kind === 'host'), 'the request URL used the variable');
  });
});
