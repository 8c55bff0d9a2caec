import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingCard } from '../../src/core/card';
import { cardToMarkdown, markdownLink, markdownText } from '../../src/core/cardMarkdown';
import { builtinCatalog } from '../../src/core/catalog';
import { briefOf } from '../../src/core/explain';
import type { Clock } from '../../src/core/clock';
import { detect } from '../../src/core/detect';

const clock: Clock = { now: Date.UTC(2026, 10, 22, 12, 0, 0), timeZone: 'UTC', locale: 'en-US' };

const cardOf = (body: object) => {
  const [finding] = detect(JSON.stringify(body), builtinCatalog, { languageId: 'json' });
  assert.ok(finding, 'a finding');
  return findingCard(finding, builtinCatalog, clock);
};

describe('a card as Markdown (the VS Code hover and the language server)', () => {
  it('renders a whole card: verdict, what to do and the actions first, then meaning and the body’s facts with their meanings apart', () => {
    const card = cardOf({ error: { code: 'rate_limited', message: 'Too many requests.', retryable: true, details: { retry_after_seconds: 42 } } });
    const markdown = cardToMarkdown(card, [{ label: 'Look up…', target: 'command:apiErrors.lookup?%5B%5D' }]);
    const expected = [
      '**Kynasmith · rate_limited · 429 Too Many Requests · retryable**',
      '**What to do:** Back off and retry after the Retry-After header duration.',
      '*Retry:* After the Retry-After header duration (a 429 body also carries error.details.retry_after_seconds). (from public reports)',
      '[Look up…](command:apiErrors.lookup?%5B%5D) · [Docs](https://docs.kynasmith.dev/api-reference/error-codes)',
      'Too many requests: this is abuse protection that applies equally to all customers. The default limits are documented at https://docs.kynasmith.dev/api-reference/rate-limits. (from public reports)',
      '**This response says**\n\n- error.details.retry_after_seconds: retry after 42 s — *How many seconds to wait before retrying, as its name says.*',
    ];
    assert.equal(markdown.split('\n\n**Not to be confused with**')[0], expected.join('\n\n'));
    assert.doesNotMatch(markdown, /\\/, 'nothing in this card needs a backslash');
  });

  it('links to the body’s own docs link when it has one, and does not list that field or a hint the action already says', () => {
    const card = cardOf({ data: null, error: { code: 'UNKNOWN_CLAIM_KEY', message: 'Unknown claim key.', hint: 'Use a supported claim key from the share contract allowlist.', docs: 'https://kayle.id/docs/api/sessions#create' } });
    assert.equal(card.docs, 'https://kayle.id/docs/api/sessions#create');
    assert.match(cardToMarkdown(card), /^\[Docs\]\(https:\/\/kayle\.id\/docs\/api\/sessions#create\)$/m);
    assert.deepEqual(card.bodySays, [], 'the hint equals the action and the docs field is the Docs link');
    const other = cardOf({ data: null, error: { code: 'UNKNOWN_CLAIM_KEY', message: 'Unknown claim key.', hint: 'Try the email claim instead.' } });
    assert.deepEqual(other.bodySays.map((f) => f.value), ['Try the email claim instead.'], 'a hint that says something else stays');
  });

  it('a field that is null or empty says nothing about this error and is not listed', () => {
    const card = cardOf({ data: null, error: { code: 'UNKNOWN_CLAIM_KEY', message: 'Unknown claim key.', hint: null, docs: '' } });
    assert.deepEqual(card.bodySays.map((f) => f.name), []);
  });

  it('a sentence in the body speaks for itself: the envelope’s generic note on message fields is left out', () => {
    const card = cardOf({ success: false, error: 'rate_limit_exceeded', message: 'Rate limit exceeded. Retry after 12 seconds.' });
    assert.deepEqual(card.bodySays, [{ name: 'message', value: 'Rate limit exceeded. Retry after 12 seconds.', meaning: undefined }]);
    const ids = cardOf({ success: false, error: 'internal_error', message: 'Something went wrong.', run_id: 'run_8f2' });
    assert.ok(ids.bodySays.some((f) => f.name === 'run_id' && f.meaning?.includes('support')), 'an ID keeps its note');
  });

  it('a retry rule that only restates the action is not shown twice', () => {
    const card = cardOf({ success: false, error: 'rate_limit_exceeded', message: 'Slow down.' });
    assert.ok(card.retryCondition, 'the catalog has a retry rule');
    const markdown = cardToMarkdown(card);
    assert.match(markdown, /\*\*What to do:\*\* Wait the number of seconds in the Retry-After header, then retry\./);
    assert.doesNotMatch(markdown, /\*Retry:\*/);
  });

  it('under the diagnostic’s line (VS Code’s hover) the card leaves out the title and an action that line holds', () => {
    const card = cardOf({ error: { code: 'rate_limited', message: 'Too many requests.', retryable: true } });
    const markdown = cardToMarkdown(card, [], undefined, { diagnostic: 'Kynasmith rate_limited · 429 Too Many Requests · retryable — back off and retry after the Retry-After header duration' });
    assert.doesNotMatch(markdown, /Kynasmith · rate_limited/);
    assert.doesNotMatch(markdown, /What to do/);
    assert.match(cardToMarkdown(card, [], undefined, { diagnostic: 'Kynasmith rate_limited · 429 · retryable — wait and retry' }), /\*\*What to do:\*\* Back off/);
  });

  it('the quota remark says Retry-After will not help only where the body or headers give one', () => {
    const body = JSON.stringify({ error: { code: 'quota_exceeded', message: 'Monthly quota exceeded.', details: { quota_limit: 1000, current_usage: 1000 } } });
    const quota = (headers: string) => {
      const [finding] = detect(`HTTP/1.1 403 Forbidden\nContent-Type: application/json\n${headers}\n${body}\n`, builtinCatalog, { languageId: 'http' });
      assert.equal(finding?.code, 'quota_exceeded');
      return findingCard(finding, builtinCatalog, clock).bodySays.map((f) => f.value);
    };
    assert.ok(quota('').includes('Usage 1000 of 1000 (100 %).'), JSON.stringify(quota('')));
    assert.ok(quota('Retry-After: 30\n').includes('Usage 1000 of 1000 (100 %): waiting for Retry-After will not help.'));
  });

  it('Kakunin’s quota.limit and quota.current make the same usage remark', () => {
    const text = 'POST https://api.kakunin.ai/v1/agents -> 429 {"error":"Monthly quota exceeded","quota":{"limit":100,"current":40,"plan":"free"}}\n';
    const [finding] = detect(text, builtinCatalog, { languageId: 'log' });
    assert.equal(finding?.provider, 'kakunin');
    assert.ok(findingCard(finding, builtinCatalog, clock).bodySays.some((f) => f.value === 'Usage 40 of 100 (40 %).'));
  });

  it('document text stays text: no links, HTML, emphasis or entities, and escapes only where needed', () => {
    assert.equal(markdownText('snake_case rate_limited 42 s — plain.'), 'snake_case rate_limited 42 s — plain.');
    assert.equal(markdownText('[x](command:workbench.action.terminal.new)'), '\\[x\\]\\(command:workbench.action.terminal.new)');
    assert.equal(markdownText('<img src=x onerror=alert(1)> &amp; *bold* `code` _em_ ~~s~~ a\\*b'), '&lt;img src=x onerror=alert(1)> &amp;amp; \\*bold\\* \\`code\\` \\_em\\_ \\~\\~s\\~\\~ a\\\\\\*b');
    assert.equal(markdownText('two\nlines'), 'two lines');
    assert.equal(markdownText('x'.repeat(500)).length, 401, 'clipped, with an ellipsis');
  });

  it('a link is built from its target and label; the target’s parentheses and spaces are encoded', () => {
    assert.equal(markdownLink({ label: 'Docs [v2]', target: 'https://example.com/a (b)' }), '[Docs \\[v2\\]](https://example.com/a%20%28b%29)');
  });

  it('a hostile message cannot make a command link or a tag', () => {
    const hostile = `[x](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> # Heading <script>alert(1)</script> ${'A'.repeat(100_000)}`;
    const card = cardOf({ success: false, error: 'rate_limit_exceeded', message: hostile });
    const markdown = cardToMarkdown(card);
    assert.doesNotMatch(markdown, /\]\(command:/);
    assert.doesNotMatch(markdown, /<img|<script/);
    assert.ok(markdown.length < 20_000);
  });
});

describe('a remedy in a few words (diagnostics of entries without a brief)', () => {
  it('takes the first clause, lower-cases a sentence start but not an acronym, and cuts long ones at a word', () => {
    assert.equal(briefOf('Check the session ID, and that the session belongs to your organization.'), 'check the session ID');
    assert.equal(briefOf('API keys are disabled: cancel the deletion.'), 'API keys are disabled');
    const long = briefOf('Upgrade to a higher plan tier that provides continued trial access or unrestricted billing access.');
    assert.ok(long.endsWith('…') && long.length <= 48, long);
    assert.ok('upgrade to a higher plan tier that provides continued'.startsWith(long.slice(0, -1)), long);
  });
});
