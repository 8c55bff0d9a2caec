import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clashingNames, insertionPoint } from '../../src/core/placement';

/** Marks where code would be inserted with ⟂. */
function place(text: string, at: string, language: 'typescript' | 'python', topLevel = false): string {
  const point = insertionPoint(text, text.indexOf(at), language, topLevel);
  return `${text.slice(0, point.offset)}⟂${text.slice(point.offset)}`;
}

describe('insertion point after the enclosing statement', () => {
  it('goes after a one-line if, not inside the comparison', () => {
    const text = "async function f() {\n  if (err.code === 'grant_exhausted') upgrade();\n  done();\n}\n";
    assert.equal(place(text, 'grant_exhausted', 'typescript'), "async function f() {\n  if (err.code === 'grant_exhausted') upgrade();⟂\n  done();\n}\n");
  });

  it('goes after a whole if/else block', () => {
    const text = "if (err.code === 'x') {\n  a();\n} else {\n  b();\n}\nnext();\n";
    assert.equal(place(text, "'x'", 'typescript'), "if (err.code === 'x') {\n  a();\n} else {\n  b();\n}⟂\nnext();\n");
  });

  it('goes after a multi-line template literal statement', () => {
    const text = 'const body = `{\n  "error": {"code": "rate_limited"}\n}`;\nsend(body);\n';
    assert.equal(place(text, 'rate_limited', 'typescript'), 'const body = `{\n  "error": {"code": "rate_limited"}\n}`;⟂\nsend(body);\n');
  });

  it('goes before the closing brace of a switch case block', () => {
    const text = 'switch (e.code) {\n  case "SCOPE_DENIED":\n    deny();\n}\n';
    const placed = place(text, 'SCOPE_DENIED', 'typescript');
    assert.ok(placed.indexOf('⟂') < placed.lastIndexOf('}'), placed);
  });

  it('goes after the top-level statement for a full handler', () => {
    const text = "function f() {\n  if (e.code === 'x') g();\n}\nconst y = 1;\n";
    assert.equal(place(text, "'x'", 'typescript', true), "function f() {\n  if (e.code === 'x') g();\n}⟂\nconst y = 1;\n");
  });

  it('goes after a Python compound statement and its block', () => {
    const text = 'if body["code"] == "EXECUTION_FAILED":\n    retry()\n    log()\nafter()\n';
    assert.equal(place(text, 'EXECUTION_FAILED', 'python'), 'if body["code"] == "EXECUTION_FAILED":\n    retry()\n    log()⟂\nafter()\n');
  });

  it('goes after a Python bracketed multi-line statement', () => {
    const text = 'BODY = {\n    "error": "x",\n    "code": "SCOPE_DENIED",\n}\nprint(BODY)\n';
    assert.equal(place(text, 'SCOPE_DENIED', 'python'), 'BODY = {\n    "error": "x",\n    "code": "SCOPE_DENIED",\n}⟂\nprint(BODY)\n');
  });
});

describe('clashing declarations', () => {
  it('finds top-level names both texts declare, ignoring locals', () => {
    const existing = 'interface KnoudsErrorBody { error: string }\nexport function run() {\n  const response = 1;\n}\n';
    const inserted = 'export interface KnoudsErrorBody { code: string }\nfunction call() {\n  const response = 2;\n}\n';
    assert.deepEqual(clashingNames(existing, inserted, 'typescript'), ['KnoudsErrorBody']);
    assert.deepEqual(clashingNames('class A:\n    x = 1\nB = 2\n', 'class A:\n    pass\nx = 3\n', 'python'), ['A']);
  });
});
