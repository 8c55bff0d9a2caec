import type { Language, Node, Query, Tree } from '@vscode/tree-sitter-wasm';
import { type CodeComparison, ERRORISH } from './source';
import type { SourceDialect } from './syntax';
import type { SourceSyntax } from './types';

/** Calls that compare their arguments: node:assert, chai/jest matchers, unittest, testify, slices.Contains. */
const ASSERTIONS = 'equal|strictEqual|deepEqual|deepStrictEqual|notEqual|notStrictEqual|equals|eql|toBe|toEqual|toStrictEqual|assertEqual|assertNotEqual|assert_equal|Equal|NotEqual|EqualValues';

/**
 * Where source compares a value with a string: the candidates are narrowed here, the operands read
 * in `comparisonsInTree` (which side is a literal, whether the other one is an error's code).
 */
const COMPARISON_QUERIES: Record<SourceDialect, string> = {
  script: `
    (binary_expression operator: ["===" "!==" "==" "!="]) @comparison
    (switch_case value: (_) @case)
    (call_expression function: (member_expression property: (property_identifier) @callee (#match? @callee "^(includes|${ASSERTIONS})$"))) @call`,
  python: `
    (comparison_operator) @comparison
    (case_clause (case_pattern) @case)
    (call function: [(identifier) @callee (attribute attribute: (identifier) @callee)] (#match? @callee "^(${ASSERTIONS})$")) @call`,
  go: `
    (binary_expression operator: ["==" "!="]) @comparison
    (expression_case value: (expression_list) @case)
    (call_expression function: (selector_expression field: (field_identifier) @callee (#match? @callee "^(Contains|${ASSERTIONS})$"))) @call`,
};

const queries = new WeakMap<Language, Query>();

function comparisonQuery(syntax: SourceSyntax, language: Language, dialect: SourceDialect): Query {
  let query = queries.get(language);
  if (!query) {
    query = syntax.query(language, COMPARISON_QUERIES[dialect]);
    queries.set(language, query);
  }
  return query;
}

/** Comparisons read per document, at most: a generated table of codes does not stall detection. */
const MAX_COMPARISONS = 5000;
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
export function comparisonsInTree(syntax: SourceSyntax, tree: Tree, text: string, dialect: SourceDialect): CodeComparison[] {
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
  for (const capture of comparisonQuery(syntax, tree.language, dialect).captures(tree.rootNode)) {
    if (out.length >= MAX_COMPARISONS) break;
    const node = capture.node;
    if (capture.name === 'comparison') {
      const [left, right] = operandsOf(node, dialect);
      if (!left || !right) continue;
      const operator = text.slice(left.endIndex, right.startIndex).trim();
      if (/^(?:not\s+)?in$/.test(operator)) {
        for (const item of right.namedChildren) add(item, left);
      } else if (/^[!=]==?$/.test(operator)) {
        add(left, right);
        add(right, left);
      }
    } else if (capture.name === 'case') {
      const subject = switchSubject(node, dialect);
      for (const value of caseValues(node)) add(value, subject);
    } else if (capture.name === 'call') {
      readCall(node, dialect, add);
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
