import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../src/core/catalog';
import { detect, updateFindings } from '../../src/core/detect';
import { root } from './helpers/cli';

/** Deterministic PRNG so a failing edit can be replayed. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296;
  };
}

const log = readFileSync(resolve(root, 'test/fixtures/workspace/api.log'), 'utf8');
const curl = '$ curl -i https://knouds.ai/api/models/x/run\nHTTP/2 429\nretry-after: 17\n\n{"error": "Too many requests", "code": "RATE_LIMIT_EXCEEDED"}\n';
const snippets = ['{"error":{"code":"rate_limited","message":"x","retryable":true}}', '\n', ' -> 503 ', 'HTTP/1.1 402 X\n', '"code":"grant_exhausted"', '}', '{', 'https://api.kakunin.ai ', ''];

describe('re-detection after an edit is bounded to what changed (line-oriented documents)', () => {
  it('equals a full detection after 1 000 random edits of a long log', () => {
    const random = rng(7);
    const original = Array.from({ length: 16 }, (_, i) => (i % 7 === 3 ? curl : log)).join('');
    let text = original;
    let findings = detect(text, builtinCatalog, { languageId: 'log' });
    let incremental = 0;
    for (let n = 0; n < 1000; n++) {
      // Runs of 50 edits from the real log: thousands of random edits in a row make noise, not a log.
      if (n % 50 === 0) {
        text = original;
        findings = detect(text, builtinCatalog, { languageId: 'log' });
      }
      const offset = Math.floor(random() * text.length);
      const removedLength = Math.min(text.length - offset, Math.floor(random() * 40));
      const insertedText = snippets[Math.floor(random() * snippets.length)]!;
      const next = text.slice(0, offset) + insertedText + text.slice(offset + removedLength);
      const full = detect(next, builtinCatalog, { languageId: 'log' });
      const updated = updateFindings(findings, next, { offset, removedLength, insertedText }, builtinCatalog, { languageId: 'log' });
      if (updated) {
        incremental++;
        assert.deepEqual(updated, full, `edit ${n}: at ${offset}, -${removedLength}, +${JSON.stringify(insertedText)}`);
      }
      text = next;
      findings = full;
    }
    assert.ok(incremental > 750, `most edits were handled incrementally (${incremental} of 1000)`);
  });

  it('declines documents whose structure an edit can change far away', () => {
    const json = '[\n{"error": {"code": "rate_limited", "message": "x", "retryable": true}}\n]';
    const findings = detect(json, builtinCatalog, { languageId: 'json' });
    assert.equal(updateFindings(findings, json, { offset: 1, removedLength: 0, insertedText: ' ' }, builtinCatalog, { languageId: 'json' }), undefined);
  });
});
