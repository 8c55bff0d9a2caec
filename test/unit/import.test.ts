import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { Catalog, type CatalogEntry } from '../../src/core/catalog';
import { isValidCatalog, validateCatalogText } from '../../src/core/custom';
import { detect } from '../../src/core/detect';
import { type ImportResult, detectFormat, importErrorTable } from '../../src/core/import';
import { splitRunTogetherHeader, splitRunTogetherRow } from '../../src/core/import/columns';
import { root } from './helpers/cli';

function importFixture(name: string): ImportResult {
  const text = readFileSync(resolve(root, 'test/fixtures/import', name), 'utf8');
  return importErrorTable(text, { format: detectFormat(text, name), sourceName: name });
}

/** code → [kind, status, retryable] (plus the endpoint when there is one). */
function table(entries: readonly CatalogEntry[]): string[] {
  return entries.map((e) =>
    [e.kind, e.code, e.status, e.retryable, ...(e.endpoint ? [e.endpoint] : [])].join(' '),
  );
}

function assertValidDraft(result: ImportResult): void {
  assert.ok(isValidCatalog(result.draft), 'the draft validates against the schema');
  const { problems } = validateCatalogText(JSON.stringify(result.draft, null, 2));
  assert.deepEqual(problems, []);
}

describe('importErrorTable: Markdown pipe tables', () => {
  const result = importFixture('pipe-table.md');

  it('reads every row of every table, multi-code rows included, and skips success statuses', () => {
    assert.deepEqual(table(result.draft.entries), [
      'code missing_api_key 401 no',
      'code token_expired 401 yes',
      'code token_revoked 401 no',
      'code token_reused 409 no',
      'code card_expired 402 no',
      'code charge_in_progress 409 conditional',
      'code processor_timeout 504 yes',
      'status 429 429 yes',
      'status 500 500 conditional',
    ]);
    assert.deepEqual(result.notes, ['skipped 1 status row below 400 (200): not errors']);
    assert.deepEqual(result.unread, []);
  });

  it('takes retryable, meaning, action and category from the columns and headings, in plain words', () => {
    const byCode = (code: string) => result.draft.entries.find((e) => e.code === code) as CatalogEntry;
    assert.equal(byCode('charge_in_progress').retryCondition, 'Only with the same Idempotency-Key');
    assert.equal(byCode('missing_api_key').meaning, 'No Authorization header was sent.');
    assert.equal(byCode('missing_api_key').action, 'Send Authorization: Bearer <key>.');
    assert.equal(byCode('card_expired').category, 'Payments');
    assert.equal(byCode('500').reason, 'Internal Server Error');
    assert.match(byCode('500').retryCondition ?? '', /idempotent/i);
    for (const e of result.draft.entries) assert.equal(e.source, 'imported from pipe-table.md');
  });

  it('takes the provider, docs and envelope from the page', () => {
    const p = result.draft.provider;
    assert.equal(p.displayName, 'Zentro');
    assert.equal(p.id, 'zentro');
    assert.equal(p.docs, 'https://docs.zentro.example/reference/errors');
    assert.deepEqual(
      {
        codePath: p.envelopes[0]?.codePath,
        messagePath: p.envelopes[0]?.messagePath,
        requiredPaths: p.envelopes[0]?.requiredPaths,
      },
      {
        codePath: 'error.code',
        messagePath: 'error.message',
        requiredPaths: ['error.type', 'error.request_id'],
      },
    );
    assert.equal(p.auth.scheme, 'Bearer');
    assertValidDraft(result);
  });
});

describe('importErrorTable: HTML tables', () => {
  const result = importFixture('html-table.html');

  it('reads tables with <thead>, with <th> rows and with a first row of names, ignoring scripts and styles', () => {
    assert.deepEqual(table(result.draft.entries), [
      'code invalid_field 422 no',
      'code unknown_project 404 no',
      'code quota_exceeded 429 no',
      'code too_many_requests 429 yes',
      'status 401 401 no',
      'status 503 503 yes',
    ]);
    assert.deepEqual(result.unread, []);
  });

  it('decodes entities, keeps inline tags\u2019 words, and uses captions and headings as categories', () => {
    const project = result.draft.entries.find((e) => e.code === 'unknown_project') as CatalogEntry;
    assert.equal(project.meaning, 'The project doesn\u2019t exist & never did.');
    assert.equal(project.action, 'Check the project id.');
    assert.equal(project.category, 'Request errors');
    assert.equal(
      result.draft.entries.find((e) => e.code === 'quota_exceeded')?.category,
      'Quota and rate limits',
    );
  });

  it('takes the name from <title>, docs from the canonical link and the envelope from the <pre> example', () => {
    const p = result.draft.provider;
    assert.equal(p.displayName, 'Borealis');
    assert.equal(p.docs, 'https://docs.borealis.example/api/errors');
    assert.equal(p.envelopes[0]?.codePath, 'error.code');
    assert.equal(p.envelopes[0]?.messagePath, 'error.detail');
    assert.deepEqual(p.envelopes[0]?.example, {
      error: { code: 'quota_exceeded', detail: 'Monthly quota used up.', status: 429 },
    });
    assertValidDraft(result);
  });
});

describe('importErrorTable: text copied from a browser, cells run together', () => {
  const result = importFixture('run-together.txt');

  it('splits code-status-meaning, status-code-meaning, status-message-fix and status-meaning rows', () => {
    assert.deepEqual(table(result.draft.entries), [
      'status 400 400 no',
      'status 500 500 conditional',
      'code UNAUTHORIZED 401 no',
      'code NOT_FOUND 404 no',
      'code LINK_TOKEN_INVALID 401 no',
      'code LINK_TOKEN_EXPIRED 401 no',
      'code LINK_TOKEN_CONSUMED 409 no',
      'code FILE_TOO_LARGE 413 no',
      'code unsupported_type 415 no',
      'status 401 401 no',
      'message Document not found 404 no POST /v1/documents/{id}/share',
      'message Document is already shared 409 no POST /v1/documents/{id}/share',
    ]);
  });

  it('keeps each cell\u2019s words whole', () => {
    const e = (code: string) => result.draft.entries.find((x) => x.code === code) as CatalogEntry;
    assert.equal(e('UNAUTHORIZED').meaning, 'The Authorization header is missing or invalid.');
    assert.equal(e('FILE_TOO_LARGE').meaning, 'The upload exceeds 50 MB. Compress it first.');
    assert.equal(e('Document not found').action, 'Check the document ID');
    assert.equal(e('LINK_TOKEN_CONSUMED').meaning, 'The share link was rejected.');
    assert.equal(e('500').retryCondition, 'Safe to retry idempotent requests after backoff.');
    assert.equal(e('Document not found').category, 'Sharing a document (POST /v1/documents/{id}/share)');
    assert.equal(e('FILE_TOO_LARGE').category, 'Uploads');
  });

  it('says what it could not read', () => {
    assert.deepEqual(result.unread, [
      'no link to the provider\u2019s docs on the page: replace https://example.com/docs in provider.docs and the entries\u2019 docs',
      'line 39: \u201cRATE_LIMITED 429 too many requests, see Retry-After\u201d looks like an error row, but is not in a table the importer could read',
    ]);
    assert.equal(result.draft.provider.displayName, 'Quillon');
    assert.equal(result.draft.provider.envelopes[0]?.codePath, 'error.code');
    assertValidDraft(result);
  });
});

describe('importErrorTable: tab-separated tables under section headings, codes without a status column', () => {
  const result = importFixture('tab-headings.txt');

  it('infers each code\u2019s status from the page\u2019s status table, and says so', () => {
    assert.deepEqual(
      result.draft.entries.filter((e) => e.kind === 'code').map((e) => `${e.code} ${e.status} ${e.category}`),
      [
        'invalid_api_key 401 Authentication',
        'item_not_found 404 Resources',
        'idempotency_conflict 409 Resources',
        'rate_limit_exceeded 429 Resources',
        'mystery_code 400 Resources',
      ],
    );
    assert.ok(
      result.notes.includes(
        'item_not_found: status 404 inferred from the page\u2019s status table (Not found: The item does not exist), check it',
      ),
    );
    assert.ok(
      result.unread.some((u) => /no status for mystery_code.*says 400, correct it/.test(u)),
      result.unread.join('\n'),
    );
  });

  it('reads the status table\u2019s own reason phrases, and the envelope from the page\u2019s words', () => {
    assert.equal(result.draft.entries.find((e) => e.code === '429')?.reason, 'Rate limited');
    assert.equal(result.draft.provider.displayName, 'Tessera');
    const envelope = result.draft.provider.envelopes[0];
    assert.equal(envelope?.codePath, 'error');
    assert.equal(envelope?.messagePath, 'message');
    assertValidDraft(result);
  });
});

describe('importErrorTable: edge cases', () => {
  it('produces a valid, empty draft and says so when the page has no error table', () => {
    const result = importErrorTable('Welcome to our docs.\n\nNothing to see here.', {
      providerName: 'Nobody',
    });
    assert.deepEqual(result.draft.entries, []);
    assert.ok(result.unread.includes('no error table found on the page'));
    assert.ok(isValidCatalog(result.draft));
  });

  it('reports a table without code or status columns instead of guessing', () => {
    const result = importErrorTable('| Tier | Requests/min |\n|---|---|\n| free | 10 |\n', {
      providerName: 'X',
    });
    assert.deepEqual(result.draft.entries, []);
    assert.match(
      result.unread.join('\n'),
      /line 1: a table \(Tier \| Requests\/min\) has no code or status column/,
    );
  });

  it('reports rows whose codes and statuses do not pair up', () => {
    const result = importErrorTable(
      '| Code | HTTP | Meaning |\n|---|---|---|\n| A_ONE / A_TWO / A_THREE | 400 / 409 | Bad. |\n',
      { providerName: 'X' },
    );
    assert.deepEqual(result.draft.entries, []);
    assert.match(result.unread.join('\n'), /3 codes but 2 statuses/);
  });

  it('follows the options: name, id, docs', () => {
    const result = importErrorTable('| Code | HTTP | Meaning |\n|---|---|---|\n| BAD | 400 | Bad. |\n', {
      providerName: 'Acme Pay',
      docs: 'https://acme.example/errors',
    });
    assert.equal(result.draft.provider.id, 'acme-pay');
    assert.equal(result.draft.entries[0]?.docs, 'https://acme.example/errors');
    assert.deepEqual(result.unread, [
      'no example error body on the page: the envelope is a guess (error.code, error.message), replace it with the real shape',
    ]);
  });

  it('guesses the format', () => {
    assert.equal(detectFormat('<html><body><table><tr><td>x</td></tr></table></body></html>'), 'html');
    assert.equal(detectFormat('# Errors\n\n| a | b |\n'), 'markdown');
    assert.equal(detectFormat('CodeHTTPMeaning\nA401B'), 'text');
    assert.equal(detectFormat('anything', 'page.htm'), 'html');
  });

  it('drafts catalogs that detection can use right away', () => {
    const result = importFixture('run-together.txt');
    const catalog = new Catalog([result.draft]);
    const [finding] = detect('{"error": {"code": "LINK_TOKEN_EXPIRED", "message": "expired"}}', catalog, {
      fileName: 'r.json',
    });
    assert.equal(finding?.provider, 'quillon');
    assert.equal(finding?.status, 401);
  });
});

describe('run-together headers and rows', () => {
  it('recognises headers made of column names, and nothing else', () => {
    assert.deepEqual(splitRunTogetherHeader('CodeHTTPMeaning')?.kinds, ['code', 'status', 'meaning']);
    assert.deepEqual(splitRunTogetherHeader('HTTP statusCodeMeaning')?.kinds, ['status', 'code', 'meaning']);
    assert.deepEqual(splitRunTogetherHeader('Statuserror messageFix')?.kinds, [
      'status',
      'message',
      'action',
    ]);
    assert.deepEqual(splitRunTogetherHeader('StatusWhen it\u2019s used')?.kinds, ['status', 'meaning']);
    assert.deepEqual(splitRunTogetherHeader('CodeNameWhen it happens')?.kinds, ['code', 'reason', 'meaning']);
    for (const notHeader of [
      'Error codes',
      'HTTP status codes',
      'Status Code',
      'Error Shape',
      'Sessions',
      'Rate Limit Headers',
    ]) {
      assert.equal(splitRunTogetherHeader(notHeader), undefined, notHeader);
    }
  });

  it('splits rows at the seams the copy left', () => {
    assert.deepEqual(
      splitRunTogetherRow('UNAUTHORIZED401The Authorization header is missing.', [
        'code',
        'status',
        'meaning',
      ]),
      ['UNAUTHORIZED', '401', 'The Authorization header is missing.'],
    );
    assert.deepEqual(
      splitRunTogetherRow(
        'HANDOFF_TOKEN_INVALID / HANDOFF_TOKEN_EXPIRED / HANDOFF_TOKEN_CONSUMED401 / 401 / 409Mobile handoff token rejected.',
        ['code', 'status', 'meaning'],
      ),
      [
        'HANDOFF_TOKEN_INVALID / HANDOFF_TOKEN_EXPIRED / HANDOFF_TOKEN_CONSUMED',
        '401 / 401 / 409',
        'Mobile handoff token rejected.',
      ],
    );
    assert.deepEqual(
      splitRunTogetherRow('400INVALID_INPUTSThe request body is malformed.', ['status', 'code', 'meaning']),
      ['400', 'INVALID_INPUTS', 'The request body is malformed.'],
    );
    assert.deepEqual(
      splitRunTogetherRow('402grant_exhaustedYour trial grant is used.', ['status', 'code', 'meaning']),
      ['402', 'grant_exhausted', 'Your trial grant is used.'],
    );
    assert.deepEqual(
      splitRunTogetherRow('401(no code)The x-api-key header is missing.', ['status', 'code', 'meaning']),
      ['401', '(no code)', 'The x-api-key header is missing.'],
    );
    assert.deepEqual(
      splitRunTogetherRow('404Agent not foundCheck agent ID and tenant scope', [
        'status',
        'message',
        'action',
      ]),
      ['404', 'Agent not found', 'Check agent ID and tenant scope'],
    );
    assert.deepEqual(
      splitRunTogetherRow('429Rate LimitedAPI key exceeded rate limit', ['code', 'reason', 'meaning']),
      ['429', 'Rate Limited', 'API key exceeded rate limit'],
    );
    assert.equal(
      splitRunTogetherRow('These appear when the verify web app talks to us.', ['code', 'status', 'meaning']),
      undefined,
    );
  });
});
