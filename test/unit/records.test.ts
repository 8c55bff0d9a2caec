import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../src/core/catalog';
import { containerOf, detect } from '../../src/core/detect';
import { type Piece, RecordCutter, lineCut, locate, wholeText } from '../../src/cli/records';
import { http, jsonArray } from '../fixtures/bigInputs';
import { root } from './helpers/cli';

const workspace = (name: string) => readFileSync(resolve(root, 'test/fixtures/workspace', name), 'utf8');

/** What `explain` reports for a text read whole: code, provider and position of each finding. */
function oneShot(text: string, fileName: string): string[] {
  return locate(wholeText(text), detect(text, builtinCatalog, { fileName })).map((l) => `${l.line}:${l.column}-${l.endLine}:${l.endColumn} ${l.finding.provider} ${l.finding.code} ${l.finding.status}`);
}

/** The same text arriving in chunks of `chunk` characters, cut into pieces of about `pieceSize`. */
function streamed(text: string, fileName: string, chunk: number, pieceSize: number, maxRecord = 1 << 20): { found: string[]; pieces: number; longest: number } {
  const container = containerOf(text, { fileName });
  const cutter = new RecordCutter(container, { maxRecord, pieceSize, contextSize: 4096 });
  const languageId = { document: 'json', lines: 'log', http: 'http' }[container as string] as string;
  const found: string[] = [];
  let pieces = 0;
  let longest = 0;
  const read = (list: Piece[]) => {
    for (const piece of list) {
      pieces++;
      longest = Math.max(longest, piece.text.length - piece.fresh);
      const findings = detect(piece.text, builtinCatalog, { fileName, languageId });
      for (const l of locate(piece, findings)) found.push(`${l.line}:${l.column}-${l.endLine}:${l.endColumn} ${l.finding.provider} ${l.finding.code} ${l.finding.status}`);
    }
  };
  for (let at = 0; at < text.length; at += chunk) read(cutter.push(text.slice(at, at + chunk)));
  read(cutter.end());
  return { found, pieces, longest };
}

const prettyBody = (i: number) => `2026-11-02T10:00:0${i % 10}Z ERROR POST https://api.kynasmith.dev/v1/x -> 429 response:\n{\n  "error": {\n    "code": "rate_limited",\n    "message": "Slow down, é ü 😀 ${i}"\n  }\n}\n`;
const transcript = 'HTTP/1.1 402 Payment Required\r\n{"success": false, "error": "insufficient_credits", "message": "Out of credits"}\r\n';

describe('records: streams cut only between records', () => {
  const log = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? prettyBody(i) : i % 3 === 1 ? workspace('api.log') : transcript)).join('');

  for (const chunk of [1, 7, 64, 1000]) {
    it(`a log with pretty-printed bodies, CRLF and astral characters, in ${chunk}-character chunks: the same findings at the same lines and columns`, () => {
      const expected = oneShot(log, 'app.log');
      assert.ok(expected.length > 40, String(expected.length));
      const { found, pieces } = streamed(log, 'app.log', chunk, 50);
      assert.ok(pieces >= Math.min(20, log.length / chunk / 2), `cut into ${pieces} pieces`);
      assert.deepEqual(found, expected);
    });
  }

  it('a pretty-printed JSON array, cut between its elements', () => {
    const text = jsonArray(200 * 1024);
    const expected = oneShot(text, 'big.json');
    assert.ok(expected.length > 20, String(expected.length));
    const { found, pieces } = streamed(text, 'big.json', 333, 8 * 1024);
    assert.ok(pieces > 10, `cut into ${pieces} pieces`);
    assert.deepEqual(found, expected);
  });

  it('a HAR-like document, cut between log.entries', () => {
    const body = (i: number) => JSON.stringify(JSON.stringify({ error: { code: 'rate_limited', message: `m${i}`, retryable: true } }));
    const entry = (i: number) =>
      `{"request": {"method": "GET", "url": "https://api.kynasmith.dev/api/usage/${i}", "headers": []}, "response": {"status": 429, "headers": [{"name": "Retry-After", "value": "2"}], "content": {"mimeType": "application/json", "text": ${body(i)}}}}`;
    const text = `{"log": {"version": "1.2", "entries": [\n${Array.from({ length: 300 }, (_, i) => entry(i)).join(',\n')}\n]}}`;
    const expected = oneShot(text, 'trace.har');
    assert.equal(expected.length, 300);
    const { found, pieces } = streamed(text, 'trace.har', 97, 2048);
    assert.ok(pieces > 10, `cut into ${pieces} pieces`);
    assert.deepEqual(found, expected);
  });

  it('a .http file with variables, cut before ### lines', () => {
    const text = http(120 * 1024);
    const expected = oneShot(text, 'big.http');
    assert.ok(expected.length > 10);
    const { found, pieces } = streamed(text, 'big.http', 500, 4096);
    assert.ok(pieces > 5, `cut into ${pieces} pieces`);
    assert.deepEqual(found, expected);
  });

  it('a record longer than the limit is cut anyway: memory stays bounded', () => {
    const { pieces, longest } = streamed('x'.repeat(10_000), 'one-line.log', 100, 50, 1000);
    assert.ok(pieces >= 10);
    assert.ok(longest <= 1100, String(longest));
  });

  it('waits for a pretty-printed body to close, and cuts a closed last line at once (tail -f)', () => {
    assert.equal(lineCut('a {"error": "x"}\n'), 17);
    assert.equal(lineCut('a {"error": {\n  "code": "x"\n'), 0);
    assert.equal(lineCut('a\nb {"error": {\n  "code": "x"\n'), 2);
    assert.equal(lineCut('a {"error": {\n  "code": "x"\n}}\n'), 31);
    assert.equal(lineCut('a {"error": "unterminated\n'), 0);
    assert.equal(lineCut('done\nnext line without end'), 5);
  });
});
