// contractLine (the `--format jsonl` writer) against JSON.stringify(contractOf(...)): the same
// characters for every finding of the fixtures, the big inputs and hand-made bodies that reach every
// optional field (generic formats, ambiguous findings, headers, fields, requests, unknown codes).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { bodySays } from '../../src/core/card';
import { builtinCatalog } from '../../src/core/catalog';
import { detect } from '../../src/core/detect';
import { summarize } from '../../src/core/explain';
import { contractLine, contractOf } from '../../src/cli/formats/contract';
import type { Result } from '../../src/cli/formats/types';
import { locate, wholeText } from '../../src/cli/records';
import { escapedLog, har, http, jsonArray, log } from '../fixtures/bigInputs';
import { root } from './helpers/cli';

function results(text: string, fileName: string): Result[] {
  const clock = { now: Date.UTC(2026, 10, 2, 10, 0, 0) };
  return locate(wholeText(text), detect(text, builtinCatalog, { fileName })).map((l) => ({
    file: fileName,
    ...l,
    summary: summarize(l.finding, builtinCatalog),
    says: bodySays(l.finding, builtinCatalog, clock),
  }));
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const handMade = [
  '{"type":"https://example.com/probs/out-of-credit","title":"You do not have enough credit.","status":403,"detail":"Your balance is 30."}',
  '{"error":{"code":429,"message":"Resource exhausted","status":"RESOURCE_EXHAUSTED"}}',
  '{"errors":[{"status":"422","title":"Invalid Attribute","detail":"First name must contain at least two characters."}]}',
  '{"error":{"type":"card_error","code":"card_declined","message":"Your card was declined."}}',
  '{"error":"rate_limited"}',
  '{"error":"Agent not found"}',
  '{"error":{"code":"some_code_nobody_has","message":"Who knows \\"quoted\\" \\u2028 — dash"}}',
  '2026-11-02T10:00:00Z ERROR POST https://api.kynasmith.dev/api/x -> 429 {"error":{"code":"rate_limited","message":"Too many.","retryable":true,"details":{"retry_after_seconds":42}}}',
  '{"status":429,"headers":{"Retry-After":"30","X-RateLimit-Reset":"1700000000","x-request-id":"req_1"},"url":"https://api.kayle.id/v1/x","body":{"data":null,"error":{"code":"SESSION_NOT_FOUND","message":"Session not found."}}}',
  '{"status":503,"url":"https://sub.knouds.ai/api/workflows/x","body":"{\\"success\\":false,\\"error\\":\\"rate_limit_exceeded\\",\\"message\\":\\"Rate limit exceeded.\\"}"}',
];

describe('contractLine', () => {
  const cases: [string, string][] = [
    ...files(resolve(root, 'test/fixtures/workspace')).filter((p) => !p.endsWith('.bin')).map((p): [string, string] => [p, readFileSync(p, 'utf8')]),
    ...files(resolve(root, 'test/fixtures/containers')).filter((p) => !p.endsWith('.bin')).map((p): [string, string] => [p, readFileSync(p, 'utf8')]),
    ['big.json', jsonArray(256 * 1024)],
    ['big.log', log(256 * 1024)],
    ['big.http', http(256 * 1024)],
    ['escaped.log', escapedLog(256 * 1024)],
    ['big.har', har(256 * 1024)],
    ...handMade.map((text, i): [string, string] => [`hand-made-${i}.log`, text]),
    ['hand-made.jsonl', handMade.join('\n')],
  ];
  it('writes what JSON.stringify writes for every finding', () => {
    let compared = 0;
    const seen = new Set<string>();
    for (const [fileName, text] of cases) {
      for (const r of results(text, fileName)) {
        assert.equal(contractLine(r), JSON.stringify(contractOf(r)), `${fileName}:${r.line}:${r.column}`);
        // Twice: the second line comes from the quoted texts kept for the catalog entry and evidence.
        assert.equal(contractLine(r), JSON.stringify(contractOf(r)));
        compared++;
        for (const key of Object.keys(contractOf(r))) seen.add(key);
      }
    }
    assert.ok(compared > 200, `${compared} findings compared`);
    for (const key of ['generic', 'retryCondition', 'docs', 'statusSource', 'headers', 'fields', 'says', 'request', 'retryUnknown']) {
      assert.ok(seen.has(key), `some finding has ${key}`);
    }
  });
});
