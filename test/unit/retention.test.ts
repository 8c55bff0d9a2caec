import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getHeapSnapshot } from 'node:v8';
import { builtinCatalog } from '../../src/core/catalog';
import { detect } from '../../src/core/detect';
import { http, jsonArray, log } from '../fixtures/bigInputs';

// The core remembers things per catalog (compiled patterns, evidence, status entries). A string cut
// from a document keeps the whole document alive in V8, so none may reach those caches: once a
// document's findings are dropped, its text must be collectable. A heap snapshot (which collects
// everything collectable first, unlike a plain gc() that may leave a large string for later) shows
// what survived.
const MB = 1024 * 1024;

async function stringsLargerThan(bytes: number): Promise<number[]> {
  // V8 keeps the subject of the last regex match for RegExp.lastMatch & co.: match our own string,
  // so that what is measured is what the core keeps, not that.
  /x/.exec('x');
  let json = '';
  for await (const chunk of getHeapSnapshot()) json += chunk;
  const snapshot = JSON.parse(json) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[] };
  const { node_fields: fields, node_types: types } = snapshot.snapshot.meta;
  const [typeAt, sizeAt] = [fields.indexOf('type'), fields.indexOf('self_size')];
  const sizes: number[] = [];
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[0][snapshot.nodes[i + typeAt]!];
    if (type === 'string' && snapshot.nodes[i + sizeAt]! > bytes) sizes.push(snapshot.nodes[i + sizeAt]!);
  }
  return sizes;
}

describe('the core keeps nothing of a document once its findings are dropped', () => {
  // The first detection in this process meets empty caches (where a document's string could slip
  // in); the later ones meet caches filled by it and must not pin their own text either.
  for (const [name, make, languageId] of [
    ['log', log, 'log'],
    ['JSON', jsonArray, 'json'],
    ['.http', http, 'http'],
  ] as const) {
    it(`a 24 MB ${name}: its text does not outlive its findings`, async () => {
      const findings = (() => {
        const text = make(24 * MB);
        return detect(text, builtinCatalog, { languageId }).length;
      })();
      assert.ok(findings > 1000, `${findings} findings`);
      // V8's optimizing compiler may still hold the context of a function it is compiling (and that
      // context the text) for a moment: ask again, a few times, before calling it kept.
      let survivors = await stringsLargerThan(8 * MB);
      for (let attempt = 0; survivors.length > 0 && attempt < 10; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        survivors = await stringsLargerThan(8 * MB);
      }
      assert.deepEqual(survivors, [], 'no string of 8 MB or more is still alive');
    });
  }
});
