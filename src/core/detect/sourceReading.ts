import type { Tree } from '@vscode/tree-sitter-wasm';
import { comparisonsInTree } from './comparisons';
import { goContextAt } from './goContext';
import { codeReferences } from './references';
import { type CodeComparison, codeComparisons, stringLiterals } from './source';
import { type LiteralReading, type SourceDialect, contextAt, literalSegments, sourceLanguageOf } from './syntax';
import type { SourceLanguage, SourceSyntax, TreeChange } from './types';
import type { ReadResult, ReaderInput, Segment } from './readers/reader';

const DEFAULT_LANGUAGE: Record<SourceDialect, SourceLanguage> = { script: 'typescript', python: 'python', go: 'go' };

/**
 * What the TypeScript/JavaScript, Python and Go readers share (each is its own reader, registered
 * apart): JSON in string literals, object or dict literals and comparisons against codes through
 * the syntax tree when the adapter gave one. Without a tree (grammar not loaded yet, or a file over
 * MAX_TREE_TEXT), a lexer finds the strings and the comparisons.
 */
export function readSource({ text, catalog, options }: ReaderInput, dialect: SourceDialect): ReadResult {
  const literals = stringLiterals(text, dialect);
  const syntax = options.syntax;
  const python = dialect === 'python';
  const language = sourceLanguageOf(options, DEFAULT_LANGUAGE[dialect]);
  const read = (tree?: Tree, change?: TreeChange): { segments: Segment[]; comparisons: CodeComparison[] } => {
    const segments: Segment[] = literals.map((literal) => {
      // A JSON string passed to a call (`new Response('{"error": …}', { status: 429 })`) has its context too.
      const context = tree ? (dialect === 'go' ? goContextAt(tree, text, literal.start) : contextAt(tree, text, literal.start)) : undefined;
      return literal.unescaped
        ? { text: literal.unescaped.text, start: 0, end: literal.unescaped.text.length, lines: false, offsets: literal.unescaped.offsets, context }
        : { text, start: literal.start, end: literal.end, lines: false, context };
    });
    if (tree && syntax && dialect !== 'go') {
      const kept = readings.get(syntax);
      const previous = kept?.language === language && change ? { reading: kept.reading, change } : undefined;
      const bodies = literalSegments(tree, text, python, previous);
      readings.set(syntax, { language, reading: bodies.reading });
      segments.push(...bodies.segments);
    }
    const comparisons = tree && syntax ? comparisonsInTree(tree, text, dialect) : codeComparisons(text);
    return { segments, comparisons };
  };
  // A minified bundle is no test file: parsing megabytes would stall the editor for nothing.
  const { segments, comparisons } = (text.length <= MAX_TREE_TEXT ? syntax?.withTree(text, language, read) : undefined) ?? read();
  return { segments, findings: (bodies) => codeReferences(text, comparisons, catalog, options, bodies) };
}

/**
 * The last literal reading of each syntax (the adapter's, one per editor or CLI run), kept for the
 * next text it parses: after an edit only what the edit may have touched is read again. One reading
 * per syntax, as the syntax keeps one tree per language.
 */
const readings = new WeakMap<SourceSyntax, { language: SourceLanguage; reading: LiteralReading }>();

/** Source longer than this is read without a syntax tree. */
export const MAX_TREE_TEXT = 1024 * 1024;
