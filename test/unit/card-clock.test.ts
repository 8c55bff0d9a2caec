import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { factText, findingCard } from '../../src/core/card';
import { builtinCatalog } from '../../src/core/catalog';
import { type Clock, describeInstant, localTime, parseTimestamp, relativeTo } from '../../src/core/clock';
import { detect } from '../../src/core/detect';

/** Every card in these tests is written for the same moment, zone and locale, whatever the machine's. */
const clock: Clock = { now: Date.UTC(2026, 10, 22, 12, 0, 0), timeZone: 'UTC', locale: 'en-US' };

const quota = JSON.stringify({
  error: { code: 'quota_exceeded', message: 'Quota exceeded.', retryable: false, details: { quota_limit: 10000, current_usage: 10001, resets_at: '2026-12-01T00:00:00Z' } },
});
const cardOf = (text: string, at: Clock, options = {}) => {
  const [finding] = detect(text, builtinCatalog, options);
  assert.ok(finding, 'a finding');
  return findingCard(finding, builtinCatalog, at);
};

describe('cards are written for the clock they are given', () => {
  it('a quota reset in the future: the local date and "in N days"', () => {
    const says = cardOf(quota, clock).bodySays.map(factText).find((s) => s.startsWith('error.details.resets_at'));
    assert.match(says ?? '', /^error\.details\.resets_at: Dec 1, 2026, 12:00 AM \(in 9 days\)( — |$)/);
  });

  it('the same body read later says "ago", and nothing else changes', () => {
    const later = { ...clock, now: Date.UTC(2027, 5, 15) };
    const before = cardOf(quota, clock);
    const after = cardOf(quota, later);
    assert.match(after.bodySays.map(factText).join('\n'), /resets_at: Dec 1, 2026, 12:00 AM \(196 days ago\)/);
    assert.deepEqual({ ...after, bodySays: [] }, { ...before, bodySays: [] });
  });

  it('the time zone and locale are the caller’s', () => {
    const ms = Date.UTC(2026, 11, 1, 0, 0, 0);
    assert.equal(localTime(ms, { ...clock, timeZone: 'Pacific/Kiritimati' }), 'Dec 1, 2026, 2:00 PM');
    assert.equal(localTime(ms, { ...clock, timeZone: 'America/St_Johns' }), 'Nov 30, 2026, 8:30 PM');
    assert.equal(localTime(ms, { ...clock, locale: 'de' }), '01.12.2026, 00:00');
  });

  it('an unusable locale or time zone still shows the instant (ISO 8601, UTC)', () => {
    const ms = Date.UTC(2026, 11, 1, 0, 0, 0);
    assert.equal(localTime(ms, { ...clock, timeZone: 'Mars/Olympus_Mons' }), '2026-12-01T00:00:00Z');
    assert.equal(localTime(ms, { ...clock, locale: 'not a locale!' }), '2026-12-01T00:00:00Z');
    assert.equal(describeInstant(Number.NaN, clock), 'an invalid time');
    assert.equal(describeInstant(8.64e15 + 1, clock), 'an invalid time');
  });

  it('relative times round to the largest whole unit, both ways', () => {
    assert.equal(relativeTo(clock.now + 42_000, clock), 'in 42 seconds');
    assert.equal(relativeTo(clock.now - 3 * 3_600_000, clock), '3 hours ago');
    assert.equal(relativeTo(clock.now + 86_400_000, clock), 'in 1 day');
    assert.equal(relativeTo(clock.now, clock), 'in a moment');
  });

  it('a time without an offset is read as UTC, whatever the machine’s zone', () => {
    assert.equal(parseTimestamp('2026-12-01T00:00:00'), Date.UTC(2026, 11, 1));
    assert.equal(parseTimestamp('2026-12-01T00:00'), Date.UTC(2026, 11, 1));
    assert.equal(parseTimestamp('2026-12-01T01:00:00+01:00'), Date.UTC(2026, 11, 1));
    assert.equal(parseTimestamp('Tue, 01 Dec 2026 00:00:00 GMT'), Date.UTC(2026, 11, 1));
    assert.ok(Number.isNaN(parseTimestamp('soon')));
  });

  it('Retry-After as seconds and as an HTTP date, X-RateLimit-Reset in epoch milliseconds', () => {
    const http = [
      'GET https://api.kakunin.ai/v1/agents',
      '',
      'HTTP/1.1 429 Too Many Requests',
      'Retry-After: Sun, 22 Nov 2026 12:05:00 GMT',
      `X-RateLimit-Reset: ${Date.UTC(2026, 10, 22, 12, 1, 0)}`,
      '',
      '{"error": "Rate limit exceeded"}',
      '',
    ].join('\n');
    const says = cardOf(http, clock, { languageId: 'http' }).bodySays.map(factText).join('\n');
    assert.match(says, /Retry-After: Sun, 22 Nov 2026 12:05:00 GMT — retry at Nov 22, 2026, 12:05 PM \(in 5 minutes\)/);
    assert.match(says, /X-RateLimit-Reset: \d+ — resets Nov 22, 2026, 12:01 PM \(in 1 minute\) \(epoch milliseconds\)/);
  });
});
