import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, hoverAt, open, positionOf } from './helpers';

suite('hover cards', () => {
  suiteSetup(async () => {
    await activate();
  });

  test('a Kynasmith code in JSON: title line, meaning, action, body fields and links', async () => {
    const document = await open('kynasmith-429.json');
    const { text, hovers } = await hoverAt(document, positionOf(document, '"rate_limited"', 3));
    assert.ok(text.includes('Kynasmith · rate_limited · 429 Too Many Requests · retryable'), text);
    assert.match(text, /Too many requests/);
    assert.match(text, /Back off and retry after the Retry-After header duration/);
    assert.match(text, /retry after 42 s/);
    assert.match(text, /quota_exceeded/, 'the look-alike billing code is named');
    assert.match(text, /\(https:\/\/docs\.kynasmith\.dev/);
    assert.match(text, /command:apiErrors\.openHandler/);
    assert.match(text, /command:apiErrors\.copyCode/);
    assert.match(text, /command:apiErrors\.lookup/);
    const range = hovers[0]?.range;
    assert.ok(range, 'the hover has a range');
    assert.equal(document.getText(range), '"rate_limited"');
  });

  test('quota fields are interpreted: date, "in N days", usage against the limit', async () => {
    const document = await open('responses/quota.json');
    const { text } = await hoverAt(document, positionOf(document, '"quota_exceeded"', 3));
    assert.match(text, /not retryable/);
    // The fixture's reset (2026-12-01T00:00:00Z) is in the future or the past depending on the day the
    // suite runs: the card's date and distance are checked for any day; the next test pins the clock.
    assert.match(text, /resets_at: \S.*\((in \d+ (day|hour|minute|second)s?|\d+ (day|hour|minute|second)s? ago)\)/);
    assert.match(text, /Usage 10001 of 10000/);
  });

  test('the card reads times against the real clock, in the display language', async () => {
    const inNineDays = new Date(Date.now() + 9 * 86_400_000);
    const threeHoursAgo = new Date(Date.now() - 3 * 3_600_000);
    const body = (resetsAt: Date) => JSON.stringify({ error: { code: 'quota_exceeded', message: 'Quota exceeded.', retryable: false, details: { quota_limit: 10, current_usage: 11, resets_at: resetsAt.toISOString() } } }, null, 2);
    for (const [resetsAt, distance] of [
      [inNineDays, '(in 9 days)'],
      [threeHoursAgo, '(3 hours ago)'],
    ] as const) {
      const document = await vscode.workspace.openTextDocument({ language: 'json', content: body(resetsAt) });
      const { text } = await hoverAt(document, positionOf(document, '"quota_exceeded"', 3));
      const local = resetsAt.toLocaleString(vscode.env.language, { dateStyle: 'medium', timeStyle: 'short' });
      assert.ok(text.includes(`resets_at: ${local} ${distance}`), `expected "resets_at: ${local} ${distance}" in:\n${text}`);
    }
  });

  test('a .http response status line and a Kakunin message explain the same finding', async () => {
    const document = await open('requests.http');
    const onStatus = await hoverAt(document, positionOf(document, 'HTTP/1.1 429', 3));
    assert.match(onStatus.text, /Kakunin/);
    assert.match(onStatus.text, /429 Too Many Requests/);
    assert.match(onStatus.text, /retry after 42 s/);
    assert.match(onStatus.text, /X-RateLimit-Reset: 1767225600000 — resets .*epoch milliseconds/);
    const onMessage = await hoverAt(document, positionOf(document, '"Rate limit exceeded"', 3));
    assert.match(onMessage.text, /Kakunin/);
  });

  test('a code referenced in source code', async () => {
    const document = await open('client.ts');
    const { text } = await hoverAt(document, positionOf(document, "'grant_exhausted'", 3));
    assert.match(text, /Knouds · grant_exhausted · 402 Payment Required · not retryable/);
    assert.match(text, /INSUFFICIENT_CREDITS/);
    assert.match(text, /command:apiErrors\.insertSnippetAt/);
  });

  test('an ambiguous reference lists the ranked candidates', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: "if (err.code === 'conflict') reload();\n" });
    const { text } = await hoverAt(document, positionOf(document, "'conflict'", 3));
    assert.match(text, /Could be \(best first\)/);
    assert.match(text, /Kynasmith/);
    assert.match(text, /Overten/);
  });

  test('no hover away from findings', async () => {
    const document = await open('client.ts');
    const { hovers } = await hoverAt(document, positionOf(document, 'runWorkflow', 2));
    assert.equal(hovers.filter((h) => JSON.stringify(h.contents).includes('API')).length, 0);
  });
});
