import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../src/core/catalog';
import { Lookup } from '../../src/core/lookup';

const lookup = new Lookup(builtinCatalog);
const top = (q: string, provider?: string) => lookup.search(q, { provider }).map((r) => `${r.entry.provider}/${r.entry.code}`);

describe('lookup ranking', () => {
  it('finds an exact code first, case-insensitively', () => {
    assert.equal(top('rate_limited')[0], 'kynasmith/rate_limited');
    assert.equal(top('RATE_LIMITED')[0], 'kynasmith/rate_limited');
    assert.equal(top('scope_denied')[0], 'knouds/SCOPE_DENIED');
  });

  it('returns every provider’s entry for a shared code', () => {
    for (const code of ['not_found', 'validation_error', 'conflict', 'internal_error', 'service_unavailable']) {
      const providers = lookup.search(code).filter((r) => r.entry.code.toLowerCase() === code).map((r) => r.entry.provider);
      assert.deepEqual([...new Set(providers)].sort(), ['kayle', 'kynasmith', 'overten'].filter((p) => builtinCatalog.find(p, code)).sort(), code);
      assert.ok(providers.length >= 2, code);
    }
  });

  it('lists entries by HTTP status', () => {
    const results = lookup.search('429');
    assert.ok(results.length >= 4);
    assert.ok(results.every((r) => r.entry.status === 429));
    const providers = new Set(results.map((r) => r.entry.provider));
    for (const p of ['kynasmith', 'overten', 'knouds', 'kakunin']) assert.ok(providers.has(p), p);
  });

  it('narrows by provider, as an option or a word of the query', () => {
    assert.ok(lookup.search('429', { provider: 'knouds' }).every((r) => r.entry.provider === 'knouds'));
    assert.deepEqual(top('kakunin 429')[0], 'kakunin/429');
    assert.ok(lookup.search('knouds').length >= 12);
    assert.ok(lookup.search('Kayle ID').every((r) => r.entry.provider === 'kayle'));
  });

  it('matches words over code, meaning and action', () => {
    const expired = top('token expired');
    assert.ok(expired.slice(0, 3).includes('kynasmith/access_token_expired'), expired.join());
    const credits = top('credits').slice(0, 4);
    for (const c of ['overten/insufficient_credits', 'knouds/INSUFFICIENT_CREDITS', 'knouds/grant_exhausted']) assert.ok(credits.includes(c), `${c} in ${credits}`);
    assert.equal(top('websocket upgrade', 'kayle')[0], 'kayle/WEBSOCKET_REQUIRED');
  });

  it('finds Kakunin messages and returns both endpoints of a shared message', () => {
    const agent = lookup.search('Agent not found', { provider: 'kakunin' }).filter((r) => r.entry.code === 'Agent not found');
    assert.equal(agent.length, 2);
    assert.equal(top('certificate already revoked')[0], 'kakunin/Certificate is already revoked');
  });

  it('finds words in any order, by their start, and through a one-letter typo', () => {
    for (const query of ['organization frozen', 'frozen organization', 'org frozen', 'organisation frozen', 'ORGANIZATION FROZEN'])
      assert.equal(top(query)[0], 'kayle/ORGANIZATION_FROZEN', query);
    for (const query of ['expired token', 'token expird', 'expir tok'])
      assert.ok(top(query).slice(0, 3).includes('kynasmith/access_token_expired'), `${query}: ${top(query).slice(0, 3).join()}`);
    assert.equal(top('sync ceiling async')[0], 'overten/sync_timeout_upgrade_async');
  });

  it('prefers an exact word to a prefix or a typo of it', () => {
    const exact = lookup.search('credits').find((r) => r.entry.code === 'insufficient_credits')?.score ?? 0;
    const typo = lookup.search('credots').find((r) => r.entry.code === 'insufficient_credits')?.score ?? 0;
    assert.ok(typo > 0, 'the typo still finds it');
    assert.ok(exact > typo, `${exact} > ${typo}`);
  });

  it('answers nothing for nonsense and for an empty query', () => {
    assert.deepEqual(lookup.search('zzqx frobnicator'), []);
    assert.deepEqual(lookup.search('   '), []);
  });
});
