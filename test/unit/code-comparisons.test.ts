import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { builtinCatalog } from '../../src/core/catalog';
import { type DetectOptions, detect } from '../../src/core/detect';
import { MAX_TREE_TEXT } from '../../src/core/detect/sourceReading';
import { LazyTreeSitter } from '../../src/syntax/treeSitter';

const wasm = resolve(__dirname, '../../node_modules/@vscode/tree-sitter-wasm/wasm');
const syntax = new LazyTreeSitter(async (file) => readFileSync(join(wasm, file)));

before(async () => {
  for (const language of ['typescript', 'javascript', 'python'] as const) assert.ok(await syntax.load(language), language);
});

/** Each reference as the token it lands on, quotes included, with its line. */
function references(text: string, options: DetectOptions): string[] {
  return detect(text, builtinCatalog, options)
    .filter((f) => f.kind === 'reference')
    .map((f) => `${text.slice(0, f.codeRange.start).split('\n').length}:${text.slice(f.codeRange.start, f.codeRange.end)}`);
}

describe('code comparisons through the syntax tree: TypeScript and JavaScript', () => {
  const positives = [
    "if (err.code === 'grant_exhausted') upgrade();",
    'switch (error.code) {',
    '  case "SCOPE_DENIED":',
    '    break;',
    '}',
    "if (['INSUFFICIENT_CREDITS', 'RATE_LIMIT_EXCEEDED'].includes(err.code)) topUp();",
    "expect(response.body.code).toBe('MODEL_TIER_REQUIRED');",
    "assert.equal(failure.code, `API_KEY_ACCESS_DENIED`);",
    "if ('EXECUTION_FAILED' !== body.error_code) return;",
  ].join('\n');

  it('finds comparisons, cases, includes() lists and test assertions, on the literal', () => {
    const expected = ["1:'grant_exhausted'", '3:"SCOPE_DENIED"', "6:'INSUFFICIENT_CREDITS'", "6:'RATE_LIMIT_EXCEEDED'", "7:'MODEL_TIER_REQUIRED'", '8:`API_KEY_ACCESS_DENIED`', "9:'EXECUTION_FAILED'"];
    assert.deepEqual(references(positives, { languageId: 'typescript', syntax }), expected);
    assert.deepEqual(references(positives, { languageId: 'javascript', syntax }), expected);
  });

  it('ignores comments, strings that mention a code, identifiers and values that are no error code', () => {
    const text = [
      "// if (err.code === 'grant_exhausted') upgrade();",
      "/* case 'SCOPE_DENIED': */",
      "const hint = \"err.code === 'INSUFFICIENT_CREDITS'\";",
      "log(`when err.code === 'RATE_LIMIT_EXCEEDED' we wait`);",
      "if (err.code === GRANT_EXHAUSTED) upgrade();",
      "if (user.name === 'grant_exhausted') greet();",
      'switch (user.role) {',
      "  case 'SCOPE_DENIED':",
      '}',
      "if (['EXECUTION_FAILED'].includes(plan)) x();",
      "expect(user.name).toBe('MODEL_TIER_REQUIRED');",
      "if (err.code === `${prefix}_DENIED`) x();",
    ].join('\n');
    assert.deepEqual(references(text, { languageId: 'typescript', syntax }), []);
  });

  it('without a tree (grammar not loaded yet) the lexer still finds the plain cases', () => {
    assert.deepEqual(references("if (err.code === 'grant_exhausted') upgrade();\n", { languageId: 'typescript' }), ["1:'grant_exhausted'"]);
  });

  it('over MAX_TREE_TEXT the lexer reads the file, without a tree', () => {
    const text = `${'// filler\n'.repeat(Math.ceil(MAX_TREE_TEXT / 10))}if (err.code === 'grant_exhausted') upgrade();\n`;
    const lines = text.split('\n').length - 1;
    assert.deepEqual(references(text, { languageId: 'typescript', syntax }), [`${lines}:'grant_exhausted'`]);
  });

  it('keeps reading a file with syntax errors', () => {
    const text = "function (\nif (err.code === 'grant_exhausted') upgrade();\nconst x = {;\n";
    assert.deepEqual(references(text, { languageId: 'typescript', syntax }), ["2:'grant_exhausted'"]);
  });
});

describe('code comparisons through the syntax tree: Python', () => {
  it('finds ==, in-tuples, match cases, assert and assertEqual', () => {
    const text = [
      "if e.code == 'grant_exhausted':",
      '    upgrade()',
      "if error.code in ('SCOPE_DENIED', 'INSUFFICIENT_CREDITS'):",
      '    pass',
      'match exc.code:',
      "    case 'EXECUTION_FAILED' | 'MODEL_TIER_REQUIRED':",
      '        pass',
      'assert exc_info.value.code == "RATE_LIMIT_EXCEEDED"',
      "self.assertEqual(err.code, 'API_KEY_ACCESS_DENIED')",
    ].join('\n');
    assert.deepEqual(references(text, { languageId: 'python', syntax }), [
      "1:'grant_exhausted'",
      "3:'SCOPE_DENIED'",
      "3:'INSUFFICIENT_CREDITS'",
      "6:'EXECUTION_FAILED'",
      "6:'MODEL_TIER_REQUIRED'",
      '8:"RATE_LIMIT_EXCEEDED"',
      "9:'API_KEY_ACCESS_DENIED'",
    ]);
  });

  it('ignores comments, docstrings, f-strings, identifiers and other values', () => {
    const text = [
      "# if e.code == 'grant_exhausted':",
      '"""e.code == \'SCOPE_DENIED\' means a missing scope"""',
      "message = f\"{e.code} == 'INSUFFICIENT_CREDITS'\"",
      'if e.code == GRANT_EXHAUSTED:',
      '    pass',
      "if user.name == 'grant_exhausted':",
      '    pass',
      "if 'RATE_LIMIT_EXCEEDED' in message:",
      '    pass',
      'match user.role:',
      "    case 'SCOPE_DENIED':",
      '        pass',
    ].join('\n');
    assert.deepEqual(references(text, { languageId: 'python', syntax }), []);
  });
});
