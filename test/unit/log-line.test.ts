import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../src/core/catalog';
import { contextEvidence, logLineContext } from '../../src/core/detect/context';
import { rng } from '../fixtures/fuzzInputs';

// logLineContext reads the arrow status and the URL's host by hand (no match objects per log line).
// This is the regex reading it must agree with, kept here as the specification.
const LOG_URL = /\b(?:(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+)?(https?:\/\/[^\s"'<>]+|\/[^\s"'<>]*)/;
const LOG_ARROW_STATUS = /(?:->|=>|→)\s*(\d{3})\b/;
const LOG_STATUS_FIELD = /\b(?:status(?:_?code)?|http_status|statusCode)["']?\s*[=:]\s*["']?(\d{3})\b/i;
const LOG_HTTP_STATUS = /\bHTTP\/\d(?:\.\d)?"?\s+(\d{3})\b/;
const LOG_REQUEST_STATUS = /\b(?:GET|POST|PUT|PATCH|DELETE)\s+\S+\s+(\d{3})\b/;
const URL_HOST_PART = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/\s?#:{}]+)/i;

function expected(prefix: string) {
  const url = LOG_URL.exec(prefix);
  const statusMatch = LOG_ARROW_STATUS.exec(prefix) ?? LOG_STATUS_FIELD.exec(prefix) ?? LOG_HTTP_STATUS.exec(prefix) ?? LOG_REQUEST_STATUS.exec(prefix);
  const status = statusMatch ? Number(statusMatch[1]) : undefined;
  if (!url && status === undefined) return undefined;
  // A sentence's punctuation after the URL (`failed for https://host/x: {…}`) is not the URL's.
  const urlText = url?.[2]?.replace(/[.,:;!?)\]]+$/, '');
  const hostPart = urlText?.startsWith('http') ? URL_HOST_PART.exec(urlText.trim())?.[1]?.toLowerCase() : undefined;
  return {
    method: url?.[1],
    url: urlText,
    host: hostPart?.includes('.') ? hostPart : undefined,
    status: status !== undefined && status >= 100 && status <= 599 ? status : undefined,
    statusSource: status !== undefined ? 'log-line' : undefined,
  };
}

const PIECES = [
  '2026-11-02T10:00:01Z', 'ERROR', 'INFO ', 'POST ', 'GET\t', 'https://api.kynasmith.dev/api/x', 'http://API.Kayle.ID/v1', 'https://', 'https:///x',
  'https://:80/x', 'https://host{x}/y', 'https://a}b.c/x', 'https://a#b.c', 'https://a?b.c', 'https://a.b:8080/p?q=1#f', 'https://localhost/x', 'https://é.example.com/', 'http://x.y\u00a0z', '/api/usage',
  '->', '=>', '→', '-->', '= >', '- >', '->\u00a0', '=>\u2028', ' 429', '409 ', '4290', '42', '429x', '429_', '429-', '200', '999', '099', '\u0661\u0662\u0663',
  'https://api.x.com8/', 'https://a_b.example.com/', 'https://API.kayle.id', 'https://knouds.ai', 'http://x.co.uk:8080', 'https://api.kakunin.ai.evil.com/',
  'https://backend.overtenai.com/api/v1/runs', 'ks_key_abc', 'x-api-key', 'status=409', 'Status: 503', 'http_status="429"', 'HTTP/1.1 409', ' ', ' ', '"', "'",
];

describe('log line context', () => {
  it('reads the URL, host and status as the log-line patterns do', () => {
    const random = rng(2026);
    for (let n = 0; n < 5000; n++) {
      const parts = Array.from({ length: 1 + Math.floor(random() * 8) }, () => PIECES[Math.floor(random() * PIECES.length)] as string);
      const prefix = parts.join(random() < 0.5 ? ' ' : '');
      const actual = logLineContext(prefix);
      const want = expected(prefix);
      assert.deepEqual(
        actual && { method: actual.method, url: actual.url, host: actual.host, status: actual.status, statusSource: actual.statusSource },
        want,
        JSON.stringify(prefix),
      );
      // A second `://` (that no host follows) makes the evidence search every URL in the line: the
      // shortcut for a line whose only URL is the context's must give the same evidence.
      assert.deepEqual(contextEvidence(builtinCatalog, actual, prefix), contextEvidence(builtinCatalog, actual, `${prefix}#://`), JSON.stringify(prefix));
    }
  });
});
