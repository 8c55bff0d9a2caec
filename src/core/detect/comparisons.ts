import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import { type CodeComparison, ERRORISH } from './source';
import type { SourceDialect } from './syntax';

/** Calls that compare their arguments: node:assert, chai/jest matchers, unittest, testify, slices.Contains. */
const ASSERTIONS = 'equal|strictEqual|deepEqual|deepStrictEqual|notEqual|notStrictEqual|equals|eql|toBe|toEqual|toStrictEqual|assertEqual|assertNotEqual|assert_equal|Equal|NotEqual|EqualValues';

/**
 * Where source may compare a value with a string, found in the text first (as the literals' keys
 * are): an equality operator, `case`, or a membership or assertion call's name. The tree then says
 * which hits are what they look like (not in a comment or a string) and gives the operands. (A
 * query over the whole tree visited every node of the file: most of the time of a big test file.)
 */
const CANDIDATES: Record<SourceDialect, RegExp> = {
  script: new RegExp(`[!=]==?|\\bcase\\b|\\b(?:includes|${ASSERTIONS})\\b`, 'g'),
  python: new RegExp(`[!=]=|\\b(?:in|case|${ASSERTIONS})\\b`, 'g'),
  go: new RegExp(`[!=]=|\\bcase\\b|\\b(?:Contains|${ASSERTIONS})\\b`, 'g'),
};
const CALLEES: Record<SourceDialect, RegExp> = {
  script: new RegExp(`^(?:includes|${ASSERTIONS})$`),
  python: new RegExp(`^(?:${ASSERTIONS})$`),
  go: new RegExp(`^(?:Contains|${ASSERTIONS})$`),
};
const COMPARISON_NODE: Record<SourceDialect, string> = { script: 'binary_expression', python: 'comparison_operator', go: 'binary_expression' };
const CALL_NODE: Record<SourceDialect, string> = { script: 'call_expression', python: 'call', go: 'call_expression' };
const MEMBER_NODE: Record<SourceDialect, string> = { script: 'member_expression', python: 'attribute', go: 'selector_expression' };

interface Candidate {
  kind: 'comparison' | 'case' | 'call';
  node: Node;
}

/** What a hit of CANDIDATES is in the tree: a comparison, the values of a case, a call, or nothing. */
function candidatesAt(tree: Tree, at: number, word: string, dialect: SourceDialect): Candidate[] {
  const token = tree.rootNode.descendantForIndex(at, at + word.length);
  const parent = token?.startIndex === at ? token.parent : null;
  if (!parent) return [];
  if (word === 'case') {
    if ((dialect === 'script' && parent.type === 'switch_case') || (dialect === 'go' && parent.type === 'expression_case')) {
      const value = parent.childForFieldName('value');
      return value ? [{ kind: 'case', node: value }] : [];
    }
    if (dialect === 'python' && parent.type === 'case_clause') {
      return parent.namedChildren.filter((c): c is Node => c?.type === 'case_pattern').map((node) => ({ kind: 'case', node }));
    }
    return [];
  }
  if (word.startsWith('=') || word.startsWith('!') || word === 'in') {
    // Python's `not in` is one token under the comparison, or a node of its own.
    const type = COMPARISON_NODE[dialect];
    const comparison = parent.type === type ? parent : parent.parent?.type === type ? parent.parent : undefined;
    return comparison ? [{ kind: 'comparison', node: comparison }] : [];
  }
  if (!CALLEES[dialect].test(word)) return [];
  // `x.includes(…)`, `assert.equal(…)`, `assert.Equal(…)`; in Python also a plain `assertEqual(…)`.
  const member = parent.type === MEMBER_NODE[dialect] ? parent : undefined;
  const call = member ? member.parent : dialect === 'python' ? parent : undefined;
  const callee = call?.type === CALL_NODE[dialect] ? call.childForFieldName('function') : undefined;
  const named = member ?? token;
  return call && callee && named && callee.startIndex === named.startIndex && callee.endIndex === named.endIndex ? [{ kind: 'call', node: call }] : [];
}

/** Comparisons read per document, at most: a generated table of codes does not stall detection. */
const MAX_COMPARISONS = 5000;
/** Operators and names looked up in the tree per document, at most: a generated file of comparisons neither. */
const MAX_CANDIDATES = 20_000;
/** How much of a compared value is read to tell whether it is an error's code. */
const MAX_SUBJECT = 200;
const CODE = /^[A-Za-z][A-Za-z0-9_.-]{1,63}$/;

/**
 * String literals compared with an error's code, read from the syntax tree: `err.code === 'x'`,
 * `case "X":` under `switch (error.code)`, `e.code in ('A', 'B')`, `['A', 'B'].includes(code)`,
 * `match e.code: case 'X' | 'Y':`, `expect(x.code).toBe('X')`, `assert.equal(x.code, 'X')`,
 * `assert.Equal(t, "X", apiErr.Code)`. Comments, identifiers and strings that merely mention a code
 * are not comparisons, so they are never read.
 */
export function comparisonsInTree(tree: Tree, text: string, dialect: SourceDialect): CodeComparison[] {
  const out: CodeComparison[] = [];
  const seen = new Set<number>();
  const add = (literal: Node | null | undefined, subject: Node | null | undefined) => {
    if (!literal || !subject || !isErrorish(subject, text)) return;
    const comparison = codeLiteral(literal, text);
    if (comparison && !seen.has(comparison.start)) {
      seen.add(comparison.start);
      out.push(comparison);
    }
  };
  // A chained comparison (`a == b == c`) is found at each operator: read once.
  const read = new Set<string>();
  const pattern = CANDIDATES[dialect];
  pattern.lastIndex = 0;
  let examined = 0;
  for (let match = pattern.exec(text); match && out.length < MAX_COMPARISONS && examined++ < MAX_CANDIDATES; match = pattern.exec(text)) {
    for (const { kind, node } of candidatesAt(tree, match.index, match[0], dialect)) {
      const key = `${kind}:${node.startIndex}:${node.endIndex}`;
      if (read.has(key)) continue;
      read.add(key);
      if (kind === 'comparison') {
        const [left, right] = operandsOf(node, dialect);
        if (!left || !right) continue;
        const operator = text.slice(left.endIndex, right.startIndex).trim();
        if (/^(?:not\s+)?in$/.test(operator)) {
          for (const item of right.namedChildren) add(item, left);
        } else if (/^[!=]==?$/.test(operator)) {
          add(left, right);
          add(right, left);
        }
      } else if (kind === 'case') {
        const subject = switchSubject(node, dialect);
        for (const value of caseValues(node)) add(value, subject);
      } else {
        readCall(node, dialect, add);
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The two sides of a comparison; Python's chained `a == b == c` is left alone. */
function operandsOf(node: Node, dialect: SourceDialect): [Node | null, Node | null] {
  if (dialect !== 'python') return [node.childForFieldName('left'), node.childForFieldName('right')];
  const operands = node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  return operands.length === 2 ? [operands[0] as Node, operands[1] as Node] : [null, null];
}

/** The value a `case` compares with: `switch (x)`, Go's `switch x {`, Python's `match x:`. */
function switchSubject(node: Node, dialect: SourceDialect): Node | null {
  // value → switch_case → switch_body → switch_statement; expression_list → expression_case → switch;
  // case_pattern → case_clause → block → match_statement.
  if (dialect === 'go') return node.parent?.parent?.childForFieldName('value') ?? null;
  return node.parent?.parent?.parent?.childForFieldName(dialect === 'python' ? 'subject' : 'value') ?? null;
}

/** The literals a case matches: `case 'A':`, Go's `case "A", "B":`, Python's `case 'A' | 'B':`. */
function caseValues(node: Node): Node[] {
  if (isStringNode(node)) return [node];
  const values: Node[] = [];
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (isStringNode(child)) values.push(child);
    else if (child.type === 'union_pattern' || child.type === 'case_pattern') values.push(...caseValues(child));
  }
  return values;
}

/** Membership and assertion calls: the literals, and the value they are compared with. */
function readCall(call: Node, dialect: SourceDialect, add: (literal: Node | null, subject: Node | null) => void): void {
  const callee = call.childForFieldName('function');
  const name = callee?.type === 'identifier' ? callee.text : (callee?.childForFieldName(dialect === 'script' ? 'property' : dialect === 'python' ? 'attribute' : 'field')?.text ?? '');
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => a !== null && a.type !== 'comment');
  if (name === 'includes') {
    // `['A', 'B'].includes(code)`
    const list = callee?.childForFieldName('object');
    if (list?.type === 'array') for (const item of list.namedChildren) add(item, args[0] ?? null);
    return;
  }
  if (name === 'Contains') {
    // `slices.Contains([]string{"A", "B"}, code)`
    const list = args[0]?.type === 'composite_literal' ? args[0].childForFieldName('body') : null;
    for (const element of list?.namedChildren ?? []) add(element?.namedChild(0) ?? element, args[1] ?? null);
    return;
  }
  // `expect(x.code).toBe('X')`, `expect(x.code).to.equal('X')`: the value is expect's argument.
  const expected = dialect === 'script' ? expectArgument(callee) : undefined;
  if (expected) {
    for (const arg of args) add(arg, expected);
    return;
  }
  // `assert.equal(x.code, 'X')`, `assert.Equal(t, "X", apiErr.Code)`: a literal and an error's code.
  const literal = args.find(isStringNode);
  for (const arg of args) if (arg !== literal && literal) add(literal, arg);
}

function expectArgument(callee: Node | null): Node | undefined {
  let object = callee?.childForFieldName('object');
  for (let depth = 0; object && depth < 4; depth++) {
    if (object.type === 'call_expression') {
      return object.childForFieldName('function')?.text === 'expect' ? (object.childForFieldName('arguments')?.namedChild(0) ?? undefined) : undefined;
    }
    object = object.childForFieldName('object');
  }
  return undefined;
}

function isStringNode(node: Node | null | undefined): boolean {
  return node?.type === 'string' || node?.type === 'template_string' || node?.type === 'interpreted_string_literal' || node?.type === 'raw_string_literal';
}

function isErrorish(subject: Node, text: string): boolean {
  if (isStringNode(subject)) return false;
  return ERRORISH.test(text.slice(subject.startIndex, Math.min(subject.endIndex, subject.startIndex + MAX_SUBJECT)));
}

/** A string literal holding a code, as a comparison from its opening to its closing quote. */
function codeLiteral(node: Node, text: string): CodeComparison | undefined {
  if (!isStringNode(node)) return undefined;
  if (node.type === 'template_string' && node.namedChildren.some((c) => c?.type === 'template_substitution')) return undefined;
  const raw = text.slice(node.startIndex, node.endIndex);
  const m = /^([A-Za-z]*)(["'`])([^]*)\2$/.exec(raw);
  if (!m || /[fF]/.test(m[1] as string)) return undefined;
  const code = m[3] as string;
  if (!CODE.test(code)) return undefined;
  const start = node.startIndex + (m[1] as string).length;
  return { code, start, end: start + code.length + 2 };
}
