import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import { goDeclaredNames } from './goPlacement';

/**
 * Where a quick fix inserts code: after the statement that holds the finding, never inside an
 * expression. Works on text and offsets; strings and comments are skipped so brackets inside them
 * do not count.
 */
export interface InsertionPoint {
  /** Offset at the end of the statement's last line: the snippet is inserted as "\n" + code. */
  offset: number;
  /** Indentation of the statement's first line. */
  indent: string;
}

export type PlacementLanguage = 'typescript' | 'javascript' | 'python' | 'go';

/** Test files get handlers at module level: inside a test, a handler would be one more local. */
export function isTestFile(path: string): boolean {
  return /(?:^|[\\/])(?:tests?|__tests__|spec)[\\/]|\.(?:test|spec)\.[cm]?[jt]sx?$|(?:^|[\\/])test_[^\\/]*\.py$|_test\.py$|(?:^|[\\/])conftest\.py$/i.test(path);
}

/** Nodes whose children are statements: a handler goes between two of them. */
const STATEMENT_LISTS = new Set(['program', 'statement_block', 'module', 'block', 'class_body', 'switch_case', 'switch_default', 'source_file', 'statement_list']);
const MODULE_NODES = new Set(['program', 'module', 'source_file']);

/**
 * After the statement holding `offset`, read from the syntax tree (`topLevel`: the module-level
 * statement): the statement a node belongs to is the ancestor whose parent lists statements.
 * Undefined when the tree has no such statement there (the hand-written reading then decides).
 */
export function insertionPointInTree(tree: Tree, text: string, offset: number, topLevel: boolean): InsertionPoint | undefined {
  let node: Node | null = tree.rootNode.descendantForIndex(Math.max(0, Math.min(offset, text.length)));
  while (node?.parent && !(topLevel ? MODULE_NODES.has(node.parent.type) : STATEMENT_LISTS.has(node.parent.type))) node = node.parent;
  // A file with syntax errors still has a tree; a statement the parser could not make out is not trusted.
  if (!node?.parent || node.type === 'ERROR') return undefined;
  return { offset: lineEndOf(text, Math.max(node.startIndex, node.endIndex - 1)), indent: indentOf(text, lineStartOf(text, node.startIndex)) };
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndOf(text: string, offset: number): number {
  const n = text.indexOf('\n', offset);
  return n < 0 ? text.length : n;
}

function indentOf(text: string, lineStart: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))?.[0] ?? '';
}

/** Skips a string or comment starting at `i`; returns the offset after it, or `i` when there is none. */
function skipStringOrComment(text: string, i: number, python: boolean): number {
  const c = text[i];
  if (!python && c === '/' && text[i + 1] === '/') return lineEndOf(text, i);
  if (!python && c === '/' && text[i + 1] === '*') {
    const end = text.indexOf('*/', i + 2);
    return end < 0 ? text.length : end + 2;
  }
  if (python && c === '#') return lineEndOf(text, i);
  if (c === '"' || c === "'" || c === '`') {
    const quote = python && text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
    let j = i + quote.length;
    while (j < text.length) {
      if (text[j] === '\\') j += 2;
      else if (text.startsWith(quote, j)) return j + quote.length;
      else if (text[j] === '\n' && quote.length === 1 && c !== '`') return j;
      else j++;
    }
    return text.length;
  }
  return i;
}

/**
 * The first line of the statement holding `offset`: when the offset sits inside brackets, an object
 * literal or a string opened on an earlier line, that earlier line. Block braces (`) {`, `else {`,
 * `=> {`) end the search: the statement is inside the block.
 */
function statementLineStart(text: string, offset: number, python: boolean): number {
  const stack: { lineStart: number; block: boolean }[] = [];
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; ) {
    const skipped = skipStringOrComment(text, i, python);
    if (skipped !== i) {
      if (skipped > offset) return stack.length && !stack[stack.length - 1]!.block ? outermostExpression(stack, lineStart) : lineStart;
      const lastNewline = text.lastIndexOf('\n', skipped - 1);
      if (lastNewline >= i) lineStart = lastNewline + 1;
      i = skipped;
      continue;
    }
    const c = text[i];
    if (c === '\n') lineStart = i + 1;
    else if (c === '(' || c === '[') stack.push({ lineStart, block: false });
    else if (c === '{') stack.push({ lineStart, block: !python && isBlockBrace(text.slice(Math.max(lineStart, i - 40), i)) });
    else if (c === ')' || c === ']' || c === '}') stack.pop();
    i++;
  }
  return outermostExpression(stack, lineStartOf(text, offset));
}

/** `) {`, `=> {`, `else {`, `try {`: a block. `= {`, `({`, `, {`: an object literal (an expression). */
function isBlockBrace(before: string): boolean {
  return /(?:\)|=>|\belse|\btry|\bfinally|\bdo|^)\s*$/.test(before);
}

/** The line where the outermost open expression bracket (above the innermost block) began. */
function outermostExpression(stack: { lineStart: number; block: boolean }[], fallback: number): number {
  let start = fallback;
  for (let k = stack.length - 1; k >= 0 && !stack[k]!.block; k--) start = Math.min(start, stack[k]!.lineStart);
  return start;
}

/** After the enclosing statement (`topLevel`: after the enclosing top-level statement). Go reads as braces do. */
export function insertionPoint(text: string, offset: number, language: PlacementLanguage, topLevel = false): InsertionPoint {
  const python = language === 'python';
  offset = Math.max(0, Math.min(offset, text.length));
  const lineStart = statementLineStart(text, offset, python);
  if (python) return pythonInsertion(text, lineStart, topLevel);

  // Depth relative to the line holding the offset: the statement ends where that depth returns to
  // zero at a `;` or a line end, or where the enclosing block closes.
  const from = topLevel ? topLevelStart(text, lineStart) : lineStart;
  offset = Math.max(offset, from);
  let depth = 0;
  let i = from;
  let lastCode = from;
  while (i < text.length) {
    const skipped = skipStringOrComment(text, i, false);
    if (skipped !== i) {
      lastCode = skipped;
      i = skipped;
      continue;
    }
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth < 0) break; // the enclosing block closes: insert before its closing line
      if (depth === 0 && c === '}' && i >= offset && !continuesAfter(text, i + 1)) return at(text, i + 1, from);
    } else if (c === ';' && depth === 0 && i >= offset) return at(text, i + 1, from);
    else if (c === '\n' && depth === 0 && i >= offset && !/[=+\-*/&|?:,.(]\s*$/.test(text.slice(lastCode, i)) && !/^\s*[.?:&|+\-*/)]/.test(text.slice(i + 1, i + 80))) {
      return { offset: i, indent: indentOf(text, from) };
    }
    if (!/\s/.test(c as string)) lastCode = i + 1;
    i++;
  }
  const end = i >= text.length ? text.length : lineStartOf(text, i) - 1;
  return { offset: Math.max(end, lineEndOf(text, offset)), indent: indentOf(text, from) };
}

/** `} else {`, `} catch (e) {`, `});`: the statement goes on after this brace. */
function continuesAfter(text: string, i: number): boolean {
  return /^\s*(?:else\b|catch\b|finally\b|while\b|[),;.])/.test(text.slice(i, i + 40));
}

function at(text: string, afterStatement: number, from: number): InsertionPoint {
  return { offset: lineEndOf(text, afterStatement), indent: indentOf(text, from) };
}

/** For a top-level insertion: back up to the first line of the top-level statement. */
function topLevelStart(text: string, lineStart: number): number {
  let start = lineStart;
  while (start > 0 && /^[ \t)}\]]/.test(text.slice(start, start + 1))) start = lineStartOf(text, start - 1);
  return start;
}

function pythonInsertion(text: string, lineStart: number, topLevel: boolean): InsertionPoint {
  let start = lineStart;
  if (topLevel) while (start > 0 && /^[ \t]/.test(text.slice(start, start + 1))) start = lineStartOf(text, start - 1);
  const indent = indentOf(text, start);
  // The logical line ends where brackets balance and no backslash continues it.
  let depth = 0;
  let i = start;
  let end = text.length;
  while (i < text.length) {
    const skipped = skipStringOrComment(text, i, true);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === '\n' && depth <= 0 && text[i - 1] !== '\\') {
      end = i;
      break;
    }
    i++;
  }
  // A compound statement (`if …:`) goes on with its indented block.
  let next = end;
  while (next < text.length) {
    const lineEnd = lineEndOf(text, next + 1);
    const line = text.slice(next + 1, lineEnd);
    if (line.trim() !== '' && indentOf(line, 0).length <= indent.length) break;
    if (line.trim() !== '') end = lineEnd;
    if (lineEnd >= text.length) break;
    next = lineEnd;
  }
  return { offset: end, indent };
}

// Top-level declarations only (column 0): locals inside functions never clash with an insert.
const DECLARATION = {
  typescript: /^(?:export[ \t]+)?(?:default[ \t]+)?(?:declare[ \t]+)?(?:abstract[ \t]+)?(?:async[ \t]+)?(?:class|interface|type|enum|function\*?|const|let|var)[ \t]+([A-Za-z_$][\w$]*)/gm,
  python: /^(?:async[ \t]+)?(?:class|def)[ \t]+([A-Za-z_]\w*)|^([A-Za-z_]\w*)[ \t]*(?::[^=\n]+)?=(?!=)/gm,
};

/** Top-level names a file declares (classes, types, functions, variables): to avoid clashing inserts. */
export function declaredNames(text: string, language: PlacementLanguage): Set<string> {
  if (language === 'go') return goDeclaredNames(text);
  const pattern = new RegExp(DECLARATION[language === 'python' ? 'python' : 'typescript']);
  const names = new Set<string>();
  for (const m of text.matchAll(pattern)) names.add((m[1] ?? m[2]) as string);
  return names;
}

/** The declarations of `inserted` that `existing` already has: inserting would not compile. */
export function clashingNames(existing: string, inserted: string, language: PlacementLanguage): string[] {
  const have = declaredNames(existing, language);
  return [...declaredNames(inserted, language)].filter((name) => have.has(name));
}
