import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { builtinCatalog } from '../../src/core/catalog';
import { detect } from '../../src/core/detect';
import { http, jsonArray, log } from '../fixtures/bigInputs';

// The core remembers things per catalog (compiled patterns, evidence, status entries). Strings cut
// from a document keep the whole document alive in V8, so none of them may reach those caches: after
// a document's findings are dropped, the memory of its text must come back.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 1024 * 1024;

function heapAfterGc(): number {
  // V8 keeps the subject of the last regex match for RegExp.lastMatch & co.: run one on our own
  // string so that what is measured is the core's memory, not that.
  /x/.exec('x');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('the core keeps nothing of a document once its findings are dropped', () => {
  // Each input is fresh to this process: no earlier detection has filled the caches.
  for (const [name, make, languageId] of [
    ['log', log, 'log'],
    ['JSON', jsonArray, 'json'],
    ['.http', http, 'http'],
  ] as const) {
    it(`a 24 MB ${name}: the heap returns to within 4 MB`, () => {
      const before = heapAfterGc();
      let findings = (() => {
        const text = make(24 * MB);
        return detect(text, builtinCatalog, { languageId }).length;
      })();
      assert.ok(findings > 1000, `${findings} findings`);
      findings = 0;
      const after = heapAfterGc();
      assert.ok(after - before < 4 * MB, `heap before ${(before / MB).toFixed(1)} MB, after ${(after / MB).toFixed(1)} MB`);
    });
  }
});
