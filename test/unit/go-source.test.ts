import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { builtinCatalog } from '../../src/core/catalog';
import { type DetectOptions, containerOf, detect } from '../../src/core/detect';
import { MAX_TREE_TEXT } from '../../src/core/detect/sourceReading';
import { type HandlerInsertion, type HandlerRequest, handlerInsertion, snippetLanguageOf } from '../../src/core/quickFixes';
import { LazyTreeSitter } from '../../src/syntax/treeSitter';
import { mutate, rng } from '../fixtures/fuzzInputs';
import { GO, GOFMT, GO_ENV, ensureGo, goModule, run } from '../snippets/toolchain';
import { containerFixture } from './helpers/fixtures';

const wasm = resolve(__dirname, '../../node_modules/@vscode/tree-sitter-wasm/wasm');
const syntax = new LazyTreeSitter(async (file) => readFileSync(join(wasm, file)));

before(async () => {
  for (const language of ['go', 'typescript', 'python'] as const) assert.ok(await syntax.load(language), language);
});

function found(text: string, options: DetectOptions = { languageId: 'go', syntax }) {
  return detect(text, builtinCatalog, options).map((f) => ({
    kind: f.kind,
    provider: f.provider,
    code: f.code,
    status: f.status,
    at: text.slice(f.codeRange.start, f.codeRange.end),
    line: text.slice(0, f.codeRange.start).split('\n').length,
  }));
}

/** A client package as people write it: imports, and a function that branches on the API's codes. */
const CLIENT = `// Package client talks to Kayle ID.
package client

import (
	"errors"
	"fmt"
	"net/http"
)

type APIError struct {
	Status int
	Code   string
}

func (e *APIError) Error() string { return fmt.Sprintf("%d %s", e.Status, e.Code) }

// Verify starts a session; a frozen organization is not retried.
func Verify(client *http.Client, err error) error {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		if apiErr.Code == "ORGANIZATION_FROZEN" {
			return fmt.Errorf("organization frozen: %w", err)
		}
		switch apiErr.Code {
		case "SESSION_NOT_FOUND":
			return nil
		}
	}
	_ = client
	return err
}

// Close is declared after Verify: the handler goes between them.
func Close() {}
`;

describe('Go source: detection through tree-sitter-go', () => {
  it('is a source container of its own, by language id and by extension', () => {
    assert.equal(containerOf('package x', { languageId: 'go' }), 'go');
    assert.equal(containerOf('package x', { fileName: '/a/client.go' }), 'go');
  });

  it('finds codes compared in Go: ==, switch cases, testify Equal', () => {
    const text = `${CLIENT}\nfunc TestFrozen(t *testing.T) {\n\tassert.Equal(t, "grant_exhausted", apiErr.Code)\n}\n`;
    assert.deepEqual(
      found(text).map((f) => [f.kind, f.provider, f.at, f.line]),
      [
        ['reference', 'kayle', '"ORGANIZATION_FROZEN"', 21],
        ['reference', 'kayle', '"SESSION_NOT_FOUND"', 25],
        ['reference', 'knouds', '"grant_exhausted"', 37],
      ],
    );
  });

  it('ignores comments, strings that mention a code, identifiers and other values', () => {
    const text = [
      'package client',
      '',
      '// if apiErr.Code == "ORGANIZATION_FROZEN" we stop',
      '/* case "SESSION_NOT_FOUND": */',
      'const hint = "apiErr.Code == \\"grant_exhausted\\""',
      'func f(apiErr *APIError, user User) {',
      '\tif apiErr.Code == OrganizationFrozen {',
      '\t}',
      '\tif user.Name == "SCOPE_DENIED" {',
      '\t}',
      '\tswitch user.Role {',
      '\tcase "INSUFFICIENT_CREDITS":',
      '\t}',
      '}',
    ].join('\n');
    assert.deepEqual(found(text), []);
  });

  it('reads error JSON in raw and interpreted strings, with the status and headers of the handler', () => {
    const text = [
      'package client_test',
      '',
      'func TestRateLimited(t *testing.T) {',
      '\tserver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {',
      '\t\tw.Header().Set("Retry-After", "17")',
      '\t\tw.WriteHeader(429)',
      '\t\tw.Write([]byte(`{"error": "Too many requests", "code": "RATE_LIMIT_EXCEEDED"}`))',
      '\t}))',
      '\tdefer server.Close()',
      '\tforbidden := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {',
      '\t\thttp.Error(w, "{\\"error\\": \\"Missing scope\\", \\"code\\": \\"SCOPE_DENIED\\"}", http.StatusForbidden)',
      '\t}))',
      '\tdefer forbidden.Close()',
      '}',
    ].join('\n');
    assert.deepEqual(
      found(text).map((f) => [f.kind, f.provider, f.code, f.status, f.at]),
      [
        ['response', 'knouds', 'RATE_LIMIT_EXCEEDED', 429, '"RATE_LIMIT_EXCEEDED"'],
        ['response', 'knouds', 'SCOPE_DENIED', 403, '\\"SCOPE_DENIED\\"'],
      ],
    );
    const [limited, forbidden] = detect(text, builtinCatalog, { languageId: 'go', syntax });
    assert.deepEqual(limited?.headers, { 'Retry-After': '17' });
    // From WriteHeader and http.Error, not the catalog.
    assert.deepEqual([limited?.statusSource, forbidden?.statusSource], ['sibling', 'sibling']);
  });

  it('a raw string keeps its backslashes', () => {
    const text = 'package x\n\nvar body = `{"error": "a\\\\b", "code": "RATE_LIMIT_EXCEEDED"}`\n';
    assert.deepEqual(
      found(text).map((f) => f.code),
      ['RATE_LIMIT_EXCEEDED'],
    );
  });

  it('survives syntax errors (the tree tree-sitter still gives) and huge files (the lexer, no tree)', () => {
    const broken = 'package client\n\nfunc (\nfunc f(apiErr *E) {\n\tif apiErr.Code == "ORGANIZATION_FROZEN" {\n\t}\n}\nvar x = {{{\n';
    assert.deepEqual(
      found(broken).map((f) => f.at),
      ['"ORGANIZATION_FROZEN"'],
    );
    const huge = `package client\n\n${'// filler\n'.repeat(Math.ceil(MAX_TREE_TEXT / 10))}func f(apiErr *E) {\n\tif apiErr.Code == "ORGANIZATION_FROZEN" {\n\t}\n}\n`;
    assert.deepEqual(
      found(huge).map((f) => f.at),
      ['"ORGANIZATION_FROZEN"'],
    );
    for (const text of ['', 'package', '`', '"', 'func f() { switch x { case "', `package x\nvar s = "${'\\'.repeat(10_001)}`]) {
      assert.doesNotThrow(() => found(text));
    }
  });

  it('mutated sources never throw through the trees (Go, TypeScript, Python), and ranges stay in the text', () => {
    const random = rng(17);
    const sources: [string, string][] = [
      ['go', CLIENT],
      ['go', readFileSync(resolve(__dirname, '../fixtures/workspace/client.go'), 'utf8')],
      ['typescript', readFileSync(containerFixture('mocks.test.ts'), 'utf8')],
      ['python', readFileSync(containerFixture('test_clients.py'), 'utf8')],
    ];
    for (let n = 0; n < 400; n++) {
      const [languageId, original] = sources[n % sources.length] as [string, string];
      let text = original;
      for (let r = 0; r < 1 + (n % 3); r++) text = mutate(text, random);
      const findings = detect(text, builtinCatalog, { languageId, syntax });
      for (const f of findings) assert.ok(f.codeRange.start >= 0 && f.codeRange.end <= text.length, `case ${n}`);
    }
  });
});

/** The document after the quick fix's edits (all in the original's offsets, as editors apply them). */
function apply(text: string, insertion: HandlerInsertion): string {
  const edits = [...(insertion.also ?? []), { start: insertion.offset, end: insertion.offset, text: insertion.text }].sort((a, b) => b.start - a.start);
  return edits.reduce((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
}

function goFix(text: string, code: string, request: HandlerRequest): HandlerInsertion | { clashes: string[] } {
  const offset = text.indexOf(code);
  assert.ok(offset >= 0, code);
  return handlerInsertion(text, offset, request, 'go', builtinCatalog, {
    fileName: '/work/client/client.go',
    syntax,
    sourceLanguage: 'go',
  });
}

describe('Go source: the quick fix inserts the handler at top level and merges its imports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'api-errors-go-fix-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** go vet, go build and gofmt -l of one file as package `client` (Go 1.19, offline, standard library only). */
  async function vetAndBuild(name: string, source: string): Promise<void> {
    const module = join(dir, name);
    mkdirSync(module);
    writeFileSync(join(module, 'go.mod'), goModule(`example.com/${name}`));
    writeFileSync(join(module, 'client.go'), source);
    const env = { ...GO_ENV, GOCACHE: join(dir, 'gocache'), GOPATH: join(dir, 'gopath') };
    for (const command of ['vet', 'build']) {
      const result = await run(GO, [command, './...'], { cwd: module, env });
      assert.equal(result.code, 0, `go ${command}:\n${result.stdout}${result.stderr}\n${source}`);
    }
    const formatted = await run(GOFMT, ['-l', '.'], { cwd: module });
    assert.equal(formatted.stdout + formatted.stderr, '', 'gofmt would change the fixed file');
  }

  it('offers the fix in .go files', () => {
    assert.equal(snippetLanguageOf('go'), 'go');
  });

  it('in a client with an import block: after the function, one package clause, no duplicate import; go vet and go build pass', async () => {
    const insertion = goFix(CLIENT, '"ORGANIZATION_FROZEN"', { provider: 'kayle', code: 'ORGANIZATION_FROZEN', mode: 'branch' });
    assert.ok(!('clashes' in insertion), JSON.stringify(insertion));
    const fixed = apply(CLIENT, insertion);
    assert.equal(fixed.match(/^package /gm)?.length, 1);
    assert.equal(fixed.match(/^import /gm)?.length, 1);
    for (const path of ['errors', 'fmt', 'net/http', 'time', 'sync']) assert.equal(fixed.match(new RegExp(`^\\t"${path}"$`, 'gm'))?.length, 1, path);
    // After Verify's closing brace, before Close: never inside a function.
    const handler = fixed.indexOf('\nconst (');
    assert.ok(handler > fixed.indexOf('\treturn err\n}\n') && handler < fixed.indexOf('func Close()'), fixed.slice(0, 1200));
    assert.ok(fixed.includes('func CallKayle('));
    assert.ok(!/A package of its own/.test(fixed));
    await ensureGo();
    await vetAndBuild('block', fixed);
  });

  it('with a single import, and with none: the imports become one block', async () => {
    const single = 'package client\n\nimport "fmt"\n\nfunc Check(code string) error {\n\tif code == "grant_exhausted" {\n\t\treturn fmt.Errorf("upgrade the plan")\n\t}\n\treturn nil\n}\n';
    const fixedSingle = apply(single, goFix(single, '"grant_exhausted"', { provider: 'knouds', code: 'grant_exhausted', mode: 'full' }) as HandlerInsertion);
    assert.equal(fixedSingle.match(/^import /gm)?.length, 1);
    assert.equal(fixedSingle.match(/^\t"fmt"$/gm)?.length, 1);
    const none = 'package client\n\ntype Failure struct{ Code string }\n\nfunc (f Failure) Retry() bool {\n\treturn f.Code == "rate_limited"\n}\n';
    const fixedNone = apply(none, goFix(none, '"rate_limited"', { provider: 'kynasmith', code: 'rate_limited', mode: 'branch' }) as HandlerInsertion);
    assert.ok(fixedNone.startsWith('package client\n\nimport (\n'), fixedNone.slice(0, 200));
    await ensureGo();
    await vetAndBuild('single', fixedSingle);
    await vetAndBuild('none', fixedNone);
  });

  it('never above the package clause or the imports, whatever offset it is given', async () => {
    const text = '// Package client: stop when apiErr.Code == "ORGANIZATION_FROZEN".\npackage client\n\nimport "fmt"\n\nfunc Hello() { fmt.Println("hello") }\n';
    const insertion = handlerInsertion(text, text.indexOf('"ORGANIZATION_FROZEN"'), { provider: 'kayle', code: 'ORGANIZATION_FROZEN', mode: 'branch' }, 'go', builtinCatalog);
    assert.ok(!('clashes' in insertion));
    const fixed = apply(text, insertion);
    assert.ok(fixed.startsWith('// Package client: stop when apiErr.Code == "ORGANIZATION_FROZEN".\npackage client\n\nimport (\n'), fixed.slice(0, 300));
    await ensureGo();
    await vetAndBuild('header', fixed);
  });

  it('refuses names the file already declares or imports otherwise (then the handler opens beside)', () => {
    const declares = `${CLIENT}\nfunc send() {}\n\nconst maxAttempts = 3\n`;
    const clash = goFix(declares, '"ORGANIZATION_FROZEN"', { provider: 'kayle', code: 'ORGANIZATION_FROZEN', mode: 'branch' });
    assert.ok('clashes' in clash);
    assert.deepEqual([...clash.clashes].sort(), ['maxAttempts', 'send']);
    const otherRand = CLIENT.replace('"errors"', '"crypto/rand"\n\t"errors"');
    const randClash = goFix(otherRand, '"ORGANIZATION_FROZEN"', { provider: 'kayle', code: 'ORGANIZATION_FROZEN', mode: 'branch' });
    assert.ok('clashes' in randClash);
    assert.deepEqual(randClash.clashes, ['rand']);
  });
});
