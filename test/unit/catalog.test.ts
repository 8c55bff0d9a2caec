import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { builtinCatalog, builtinCatalogs } from '../../src/core/catalog';
import { root } from './helpers/cli';
import type { SeedRow } from './seed-tables/types';
import { kynasmithSeedRows } from './seed-tables/kynasmith';
import { kayleSeedRows } from './seed-tables/kayle';
import { overtenSeedRows } from './seed-tables/overten';
import { knoudsSeedRows } from './seed-tables/knouds';
import { kakuninSeedRows } from './seed-tables/kakunin';

const schema = JSON.parse(readFileSync(resolve(root, 'schemas/api-errors-catalog.schema.json'), 'utf8'));
const seedTables: Record<string, SeedRow[]> = {
  kynasmith: kynasmithSeedRows,
  kayle: kayleSeedRows,
  overten: overtenSeedRows,
  knouds: knoudsSeedRows,
  kakunin: kakuninSeedRows,
};

describe('catalog files', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  for (const id of Object.keys(seedTables)) {
    it(`${id}.json validates against the shipped schema`, () => {
      const data = JSON.parse(readFileSync(resolve(root, `src/core/catalog/${id}.json`), 'utf8')) as { provider: { id: string } };
      const ok = validate(data);
      assert.ok(ok, JSON.stringify(validate.errors, null, 2));
      assert.equal(data.provider.id, id);
    });
  }

  it('has the five providers in a stable order', () => {
    assert.deepEqual(builtinCatalogs.map((c) => c.provider.id), ['kynasmith', 'kayle', 'overten', 'knouds', 'kakunin']);
  });

  it('never repeats a code within a provider, except messages documented on several endpoints', () => {
    const seen = new Set<string>();
    for (const e of builtinCatalog.entries) {
      const key = `${e.provider}/${e.code}/${e.endpoint ?? ''}`;
      assert.ok(!seen.has(key), `duplicate ${key}`);
      seen.add(key);
    }
  });

  it('records observed differences without replacing the documented status (Kayle)', () => {
    const used = builtinCatalog.find('kayle', 'CANCEL_TOKEN_USED');
    assert.equal(used?.status, 409);
    assert.ok(used?.observed?.some((o) => o.status === 401));
    const expired = builtinCatalog.find('kayle', 'SESSION_EXPIRED');
    assert.equal(expired?.status, 409);
    assert.ok(expired?.observed?.some((o) => o.status === 410));
  });

  it('documents the context fields and look-alikes the issue names', () => {
    const quota = builtinCatalog.find('kynasmith', 'quota_exceeded');
    for (const f of ['quota_limit', 'current_usage', 'resets_at']) assert.ok(quota?.fields?.some((x) => x.path.endsWith(f)), f);
    const scope = builtinCatalog.find('knouds', 'SCOPE_DENIED');
    for (const f of ['required', 'actual']) assert.ok(scope?.fields?.some((x) => x.path === f), f);
    assert.ok(builtinCatalog.find('knouds', 'grant_exhausted')?.related?.some((r) => r.code === 'INSUFFICIENT_CREDITS'));
    assert.ok(builtinCatalog.find('kynasmith', 'rate_limited')?.related?.some((r) => r.code === 'quota_exceeded'));
    assert.ok(builtinCatalog.find('kayle', 'NOT_FOUND')?.fields?.some((x) => x.path.endsWith('hint')));
  });

  it('gives every built-in entry a brief: 2\u20136 words, at most 40 characters, no final period, not the action again', () => {
    const normal = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    for (const e of builtinCatalog.entries) {
      const what = `${e.provider} ${e.code}${e.endpoint ? ` (${e.endpoint})` : ''}: ${JSON.stringify(e.brief)}`;
      assert.ok(e.brief, `${what} has no brief`);
      const words = e.brief.trim().split(/\s+/).length;
      assert.ok(words >= 2 && words <= 6, `${what} has ${words} words`);
      assert.ok(e.brief.length <= 40, `${what} is ${e.brief.length} characters long`);
      assert.equal(e.brief, e.brief.trim(), what);
      assert.doesNotMatch(e.brief, /[.]$/, `${what} ends with a period`);
      assert.notEqual(normal(e.brief), normal(e.action), `${what} repeats the action`);
    }
  });

  it('knows each provider’s rate-limit reset unit', () => {
    const reset = (id: string, name: string) => builtinCatalog.provider(id)?.rateLimitHeaders.find((h) => h.name.toLowerCase() === name.toLowerCase())?.unit;
    assert.equal(reset('kakunin', 'X-RateLimit-Reset'), 'epoch-millis');
    assert.equal(reset('knouds', 'X-RateLimit-Reset'), 'epoch-seconds');
  });
});

describe('catalog against the seed pages (transcribed by hand)', () => {
  for (const [provider, rows] of Object.entries(seedTables)) {
    describe(provider, () => {
      for (const row of rows) {
        it(`${row.code}${row.endpoint ? ` (${row.endpoint})` : ''} → ${row.status}, retryable ${row.retryable}`, () => {
          const entry = builtinCatalog.find(provider, row.code, row.endpoint);
          assert.ok(entry, `${provider} ${row.code} is missing`);
          if (row.endpoint) assert.equal(entry.endpoint, row.endpoint);
          assert.equal(entry.code, row.code);
          assert.equal(entry.status, row.status);
          assert.equal(entry.retryable, row.retryable);
          assert.ok(entry.meaning.length > 5 && entry.action.length > 3);
          assert.match(entry.docs, /^https:\/\//);
        });
      }
    });
  }
});
