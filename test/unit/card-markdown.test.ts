import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingCard } from '../../src/core/card';
import { cardToMarkdown, markdownLink, markdownText } from '../../src/core/cardMarkdown';
import { builtinCatalog } from '../../src/core/catalog';
import type { Clock } from '../../src/core/clock';
import { detect } from '../../src/core/detect';

const clock: Clock = { now: Date.UTC(2026, 10, 22, 12, 0, 0), timeZone: 'UTC', locale: 'en-US' };

const cardOf = (body: object) => {
  const [finding] = detect(JSON.stringify(body), builtinCatalog, { languageId: 'json' });
  assert.ok(finding, 'a finding');
  return findingCard(finding, builtinCatalog, clock);
};

describe('a card as Markdown (the VS Code hover and the language server)', () => {
  it('renders a whole card: title, meaning, what to do, the body’s facts with their meanings apart, links last', () => {
    const card = cardOf({ error: { code: 'rate_limited', message: 'Too many requests.', retryable: true, details: { retry_after_seconds: 42 } } });
    const markdown = cardToMarkdown(card, [{ label: 'Look up…', target: 'command:apiErrors.lookup?%5B%5D' }]);
    const expected = [
      '**Kynasmith · rate_limited · 429 Too Many Requests · retryable**',
      'Too many requests: this is abuse protection that applies equally to all customers. The default limits are documented at https://docs.kynasmith.dev/api-reference/rate-limits. (from public reports)',
      '**What to do:** Back off and retry after the Retry-After header duration.',
      '*Retry:* After the Retry-After header duration (a 429 body also carries error.details.retry_after_seconds). (from public reports)',
      '**This response says**\n\n- error.details.retry_after_seconds: retry after 42 s — *How many seconds to wait before retrying, as its name says.*',
    ];
    assert.equal(markdown.split('\n\n**Not to be confused with**')[0], expected.join('\n\n'));
    assert.match(markdown, /\n\n\[Docs\]\(https:\/\/docs\.kynasmith\.dev\/api-reference\/error-codes\) · \[Look up…\]\(command:apiErrors\.lookup\?%5B%5D\)$/);
    assert.doesNotMatch(markdown, /\\/, 'nothing in this card needs a backslash');
  });

  it('links to the body’s own docs link when it has one', () => {
    const card = cardOf({ data: null, error: { code: 'UNKNOWN_CLAIM_KEY', message: 'Unknown claim key.', hint: 'Use a supported claim key.', docs: 'https://kayle.id/docs/api/sessions#create' } });
    assert.equal(card.docs, 'https://kayle.id/docs/api/sessions#create');
    assert.match(cardToMarkdown(card), /\[Docs\]\(https:\/\/kayle\.id\/docs\/api\/sessions#create\)$/);
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
