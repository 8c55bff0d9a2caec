import type { Tree } from '@vscode/tree-sitter-wasm';
import { codeReferences } from './references';
import { stringLiterals } from './source';
import { contextAt, literalSegments, sourceLanguageOf } from './syntax';
import type { ReadResult, ReaderInput, Segment } from './readers/reader';

/**
 * What the TypeScript/JavaScript and Python readers share (each is its own reader, registered
 * apart): JSON in string literals, object or dict literals through the syntax tree when the adapter
 * gave one, and comparisons against codes.
 */
export function readSource({ text, catalog, options }: ReaderInput, python: boolean): ReadResult {
  const literals = stringLiterals(text, python);
  const syntax = options.syntax;
  const read = (tree?: Tree): Segment[] => {
    const segments: Segment[] = literals.map((literal) => {
      // A JSON string passed to a call (`new Response('{"error": …}', { status: 429 })`) has its context too.
      const context = tree ? contextAt(tree, text, literal.start) : undefined;
      return literal.unescaped
        ? { text: literal.unescaped.text, start: 0, end: literal.unescaped.text.length, lines: false, offsets: literal.unescaped.offsets, context }
        : { text, start: literal.start, end: literal.end, lines: false, context };
    });
    if (tree && syntax) segments.push(...literalSegments(syntax, tree, text, python));
    return segments;
  };
  // A minified bundle is no test file: parsing megabytes would stall the editor for nothing.
  const segments = (text.length <= MAX_TREE_TEXT ? syntax?.withTree(text, sourceLanguageOf(options, python), read) : undefined) ?? read();
  return { segments, findings: (bodies) => codeReferences(text, catalog, options, bodies) };
}

/** Source longer than this is read without a syntax tree. */
export const MAX_TREE_TEXT = 1024 * 1024;
