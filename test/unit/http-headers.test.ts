import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHttp } from '../../src/core/detect';
import { rng } from '../fixtures/fuzzInputs';

/** The header grammar parseHttp follows, as a regex over a trimmed line. */
const HEADER = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*:\s*(.*)$/;

/** Pieces of header-like lines: names, separators and values with every kind of whitespace. */
const NAMES = ['X-Id', 'a', "!#$%&'*+.^_`|~-", 'x y', '', 'é', 'Name\u00a0', 'N\t'];
const SEPARATORS = [':', ' : ', '\t:\u3000', ':\r', '\r:', '\u2028:', ':\u2029', '=', '', '::'];
const VALUES = ['v', '', ' v ', 'a\rb', 'a\u2028b', 'a\u2029b', 'a:b', '{{x}}', 'Bearer {{ x }}', '\ufeffv\u00a0', 'v\u200a', 'é'];

describe('.http header lines', () => {
  it('are read as the header regex reads them, in requests and in responses', () => {
    const random = rng(77);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
    for (let n = 0; n < 2000; n++) {
      const lines = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(NAMES) + pick(SEPARATORS) + pick(VALUES));
      const text = `@x = X\nGET https://a.example.com\n${lines.join('\n')}\n\nHTTP/1.1 400 Bad Request\n${lines.join('\n')}\n\n{}\n`;
      const expectedRequest: Record<string, string> = {};
      const expectedResponse: Record<string, string> = {};
      let inResponse = true;
      for (const line of lines) {
        const m = HEADER.exec(line.trim());
        if (line.trim() === '') break;
        if (m) expectedRequest[m[1] as string] = (m[2] as string).trim().replace(/\{\{\s*x\s*\}\}/g, 'X');
        // A response's header block ends at its first line that is not a header.
        if (!inResponse) continue;
        if (m) expectedResponse[m[1] as string] = (m[2] as string).trim();
        else inResponse = false;
      }
      const [response] = parseHttp(text).responses;
      assert.ok(response, text);
      assert.deepEqual(response.context.requestHeaders, expectedRequest, JSON.stringify(text));
      assert.deepEqual(response.context.responseHeaders, expectedResponse, JSON.stringify(text));
    }
  });
});
