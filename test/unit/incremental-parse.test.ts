import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Parser } from '@vscode/tree-sitter-wasm';
import { builtinCatalog } from '../../src/core/catalog';
import { detect } from '../../src/core/detect';
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

before(async () => {
  assert.ok(await incremental.load('typescript'));
  fresh = (await new LazyTreeSitter(read).load('typescript')) as Parser;
  assert.ok(fresh);
});

/** Detection's view of the fresh parser: every text parsed whole. */
const freshSyntax: SourceSyntax = {
  withTree: (text, _language, use) => {
    const tree = fresh.parse(text);
    if (!tree) return undefined;
    try {
      return use(tree);
    } finally {
      tree.delete();
    }
  },
  query: (language, source) => incremental.query(language, source),
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

  it('after 300 random edits (typing, deleting, pasting, outside ASCII too), trees and findings equal a fresh parse', () => {
    const random = rng(20261203);
    let text = readFileSync(containerFixture('mocks.test.ts'), 'utf8');
    const options = { languageId: 'typescript', fileName: 'mocks.test.ts' };
    for (let i = 0; i < 300; i++) {
      text = edit(text, random);
      const tree = incremental.withTree(text, 'typescript', (t) => t.rootNode.toString());
      const reference = fresh.parse(text);
      assert.ok(reference);
      assert.equal(tree, reference.rootNode.toString(), `edit ${i}`);
      reference.delete();
      if (i % 30 === 0) {
        const found = (syntax: SourceSyntax) =>
          detect(text, builtinCatalog, { ...options, syntax }).map(
            (f) => `${f.provider} ${f.code} ${f.status} ${f.codeRange.start}-${f.codeRange.end}`,
          );
        assert.deepEqual(found(incremental), found(freshSyntax), `findings after edit ${i}`);
      }
    }
  });
});
