import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Parser } from '@vscode/tree-sitter-wasm';
import { builtinCatalog } from '../../src/core/catalog';
import { type DetectOptions, detect } from '../../src/core/detect';
import type { SourceSyntax } from '../../src/core/detect/types';
import { LazyTreeSitter, editBetween } from '../../src/syntax/treeSitter';
import { rng } from '../fixtures/fuzzInputs';
import { containerFixture } from './helpers/fixtures';

const wasm = resolve(__dirname, '../../node_modules/@vscode/tree-sitter-wasm/wasm');
const read = async (file: string) => readFileSync(join(wasm, file));
/** Parses each text from the last one's tree, as the editor does while a person types. */
const incremental = new LazyTreeSitter(read);
/** Parses each text afresh: the reference. */
let fresh: Parser;
let freshPython: Parser;

before(async () => {
  assert.ok(await incremental.load('typescript'));
  assert.ok(await incremental.load('python'));
  fresh = (await new LazyTreeSitter(read).load('typescript')) as Parser;
  freshPython = (await new LazyTreeSitter(read).load('python')) as Parser;
  assert.ok(fresh && freshPython);
});

/** Detection's view of the fresh parser: every text parsed whole. */
const freshSyntax: SourceSyntax = {
  withTree: (text, language, use) => {
    const tree = (language === 'python' ? freshPython : fresh).parse(text);
    if (!tree) return undefined;
    try {
      return use(tree);
    } finally {
      tree.delete();
    }
  },
};

/** A person's edit: typing, deleting or pasting a few characters (some outside ASCII) or a line. */
function edit(text: string, random: () => number): string {
  const at = Math.floor(random() * (text.length + 1));
  const pieces = [
    'x',
    'é',
    '😀',
    "'",
    '{',
    '}',
    ',',
    '\n',
    "error: { code: 'rate_limited' },",
    '  status: 429,\n',
    '// note\n',
  ];
  const piece = pieces[Math.floor(random() * pieces.length)] as string;
  switch (Math.floor(random() * 3)) {
    case 0:
      return `${text.slice(0, at)}${piece}${text.slice(at)}`;
    case 1:
      return `${text.slice(0, at)}${text.slice(at + 1 + Math.floor(random() * 20))}`;
    default:
      return `${text.slice(0, at)}${piece}${text.slice(at + Math.floor(random() * 5))}`;
  }
}

describe('incremental parsing of source (the last tree reused after an edit)', () => {
  it('the edit between two texts is the span between their common start and end, with rows and columns', () => {
    assert.deepEqual(editBetween('ab\ncd\nef', 'ab\ncXd\nef'), {
      startIndex: 4,
      oldEndIndex: 4,
      newEndIndex: 5,
      startPosition: { row: 1, column: 1 },
      oldEndPosition: { row: 1, column: 1 },
      newEndPosition: { row: 1, column: 2 },
    });
    assert.equal(editBetween('same', 'same').startIndex, 4);
    assert.deepEqual(
      editBetween('aXa', 'aa'),
      editBetween('aXa', 'aa'),
      'an ambiguous deletion still describes the change',
    );
  });

  it('finds the same edit in big texts, where it compares whole chunks first, as character by character', () => {
    const naive = (before: string, after: string) => {
      const limit = Math.min(before.length, after.length);
      let start = 0;
      while (start < limit && before[start] === after[start]) start++;
      let end = 0;
      while (end < limit - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
      return [start, before.length - end, after.length - end];
    };
    const random = rng(7);
    const base = Array.from({ length: 9000 }, (_, i) => 'ab\n{}é'[i % 6]).join('');
    for (let i = 0; i < 300; i++) {
      // Edits at and around the 1,024-character chunk edges, and texts of equal start or end.
      const at = Math.floor(random() * 9) * 1024 + Math.floor(random() * 5) - 2;
      const removed = Math.floor(random() * 3000);
      const before = base.slice(0, Math.max(0, at)) + base.slice(Math.max(0, at) + removed);
      const after = base.slice(0, Math.max(0, at)) + 'xy'.slice(0, i % 3) + base.slice(Math.max(0, at) + (i % 4));
      const edit = editBetween(before, after);
      assert.deepEqual([edit.startIndex, edit.oldEndIndex, edit.newEndIndex], naive(before, after), `case ${i}`);
    }
  });

  it('after 300 random edits (typing, deleting, pasting, outside ASCII too), the trees equal a fresh parse', () => {
    const random = rng(20261203);
    let text = readFileSync(containerFixture('mocks.test.ts'), 'utf8');
    for (let i = 0; i < 300; i++) {
      text = edit(text, random);
      const tree = incremental.withTree(text, 'typescript', (t) => t.rootNode.toString());
      const reference = fresh.parse(text);
      assert.ok(reference);
      assert.equal(tree, reference.rootNode.toString(), `edit ${i}`);
      reference.delete();
    }
  });

  it('after each of 400 random edits, the findings read from the kept literals equal a fresh reading', () => {
    const random = rng(20261204);
    // Mocks, and the same mocks wrapped and nested: edits then change the calls around literals too.
    const mocks = readFileSync(containerFixture('mocks.test.ts'), 'utf8');
    const start = `${mocks}\nconst more = [${mocks.split('\n').filter((line) => line.includes('error')).slice(0, 6).map((line) => `wrap(${line.replace(/;\s*$/, '')})`).join(',\n')}];\n`;
    let text = start;
    let options: DetectOptions = { languageId: 'typescript', fileName: 'mocks.test.ts' };
    const found = (syntax: SourceSyntax) => JSON.stringify(detect(text, builtinCatalog, { ...options, syntax }));
    let compared = 0;
    for (let i = 0; i < 400; i++) {
      // Back to the whole file now and then: random deletions wear it down.
      text = edit(i % 50 === 0 ? start : text, random);
      // Now and then other providers: the kept literals' findings are then read again from their moved offsets.
      options = { languageId: 'typescript', fileName: 'mocks.test.ts', ...(i % 7 === 3 ? { providers: ['kayle', 'knouds', 'overten'] } : {}) };
      const reference = found(freshSyntax);
      assert.equal(found(incremental), reference, `findings after edit ${i}`);
      if (reference !== '[]') compared++;
    }
    assert.ok(compared > 300, `${compared} edits left findings to compare`);
  });

  it('the same in Python: 300 random edits of respx, httpx and responses mocks', () => {
    const random = rng(20261205);
    const start = readFileSync(containerFixture('test_clients.py'), 'utf8');
    const options = { languageId: 'python', fileName: 'test_clients.py' };
    let text = start;
    const found = (syntax: SourceSyntax) => JSON.stringify(detect(text, builtinCatalog, { ...options, syntax }));
    let compared = 0;
    for (let i = 0; i < 300; i++) {
      text = edit(i % 50 === 0 ? start : text, random);
      const reference = found(freshSyntax);
      assert.equal(found(incremental), reference, `findings after edit ${i}`);
      if (reference !== '[]') compared++;
    }
    assert.ok(compared > 200, `${compared} edits left findings to compare`);
  });
});
