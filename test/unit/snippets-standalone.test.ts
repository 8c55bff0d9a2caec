/**
 * The standalone branch of a code: a function a quick fix inserts after the user's own statement that
 * tests the code. It must compile wherever it lands (top level, a function body, a block in a loop),
 * beside a full handler without clashing, and do the provider's documented reaction when called.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { builtinCatalog } from '../../src/core/catalog';
import { clashingNames, declaredNames } from '../../src/core/placement';
import {
  SNIPPET_PROVIDERS,
  SnippetError,
  generateHandler,
  generateStandaloneBranch,
} from '../../src/core/snippets';
import {
  CASES,
  LANGUAGES,
  placements,
  handlerFile,
  runCases,
  standaloneItems,
  userFile,
  type Outcome,
  type StandaloneItem,
} from '../snippets/standalone';
import { PYTHON, TSC, ensurePython, ensurePythonHttpx, root, run } from '../snippets/toolchain';

const CHECK_MODULES = resolve(root, 'test/snippets/check-modules.mjs');
const EXTENSION = { typescript: 'ts', javascript: 'mjs', python: 'py' } as const;

/** As the existing snippet checks: strict, and nothing left unused. */
const STRICT = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  target: 'ES2022',
  module: 'ES2022',
  moduleResolution: 'bundler',
  lib: ['ES2022'],
  types: ['node'],
  typeRoots: [resolve(root, 'node_modules/@types')],
  noEmit: true,
  skipLibCheck: true,
};

const items = standaloneItems();
const dir = mkdtempSync(join(tmpdir(), 'api-errors-standalone-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('standalone branches: the API', () => {
  it('covers every catalog entry of every provider in every language', () => {
    const entries = SNIPPET_PROVIDERS.reduce((n, p) => n + builtinCatalog.entriesOf(p).length, 0);
    assert.equal(items.length, entries * LANGUAGES.length);
    for (const item of items) assert.equal(item.snippet.code, item.entry.code);
  });

  it('names one function for the code, as tab stop 1, and ends with $0', () => {
    for (const item of items) {
      const stop = item.snippet.snippet.match(/\$\{1:([A-Za-z_]\w*)\}/);
      assert.equal(stop?.[1], item.name, `${item.provider} ${item.entry.code}`);
      assert.match(item.snippet.snippet, /\$0$/);
      assert.ok(item.snippet.snippet.startsWith(item.language === 'python' ? 'def ${1:' : '/**'));
    }
    const knouds = generateStandaloneBranch('knouds', 'grant_exhausted', 'typescript');
    assert.match(
      knouds.text,
      /^function handleKnoudsGrantExhausted\(response: Response, body: unknown\): never \{$/m,
    );
    const python = generateStandaloneBranch('knouds', 'EXECUTION_FAILED', 'python');
    assert.match(
      python.text,
      /^def handle_knouds_execution_failed\(response: "httpx\.Response", attempt: int\) -> float:$/m,
    );
  });

  it('reads back as its text once tab stops and escapes are expanded', () => {
    for (const item of items) {
      const text = item.snippet.snippet
        .replace(/\$0$/, '')
        .replace(/\$\{1:([^}]*)\}/g, '$1')
        .replace(/\\([\\$}])/g, '$1');
      assert.equal(text, item.snippet.text);
      // Every `$` and `}` outside the tab stop is escaped.
      const outside = item.snippet.snippet.replace(/\$\{1:[^}]*\}|\$0$|\\[\\$}]/g, '');
      assert.doesNotMatch(outside, /[$}]/, `${item.provider} ${item.entry.code} ${item.language}`);
    }
  });

  it('declares one top-level name: its function, unique per provider and language', () => {
    for (const item of items) {
      const names = [...declaredNames(item.snippet.text, item.language)];
      assert.deepEqual(names, [item.name], `${item.provider} ${item.entry.code} ${item.language}`);
    }
    for (const provider of SNIPPET_PROVIDERS) {
      for (const language of LANGUAGES) {
        const names = items
          .filter((i) => i.provider === provider && i.language === language)
          .map((i) => i.name);
        assert.equal(new Set(names).size, names.length, `${provider} ${language}: ${names.join(', ')}`);
      }
    }
  });

  it('never clashes with the full handler of its provider', () => {
    for (const item of items) {
      const handler = generateHandler(item.provider, item.language).text;
      assert.deepEqual(clashingNames(handler, item.snippet.text, item.language), []);
      assert.deepEqual(clashingNames(item.snippet.text, handler, item.language), []);
    }
  });

  it('has no `any`, no TypeScript left in its JavaScript, and never tests a Kakunin message', () => {
    for (const item of items) {
      const code = item.snippet.text
        .split('\n')
        .filter((l) => !/^\s*(\/\/|\/\*\*|\*)/.test(l))
        .join('\n');
      if (item.language === 'typescript') assert.doesNotMatch(code, /:\s*any\b|<any>|as any\b/);
      if (item.language === 'javascript') {
        assert.doesNotMatch(
          code,
          /\breadonly\b|\boverride\b| as [A-Z]\w*|\): (never|number|void|string)|: unknown|⟦|⟧/,
        );
      }
      if (item.language === 'python') assert.doesNotMatch(code, /\bAny\b/);
      if (item.provider === 'kakunin') {
        const statements = code.split('\n').filter((l) => !/^\s*(\/\/|#|\*|\/\*\*|""")/.test(l));
        assert.ok(!statements.some((l) => /(===|==|!==|!=)\s*["'][A-Z]/.test(l)), code);
        assert.ok(!statements.some((l) => /startswith|includes\(|\bin\b\s*server_message/.test(l)), code);
      }
    }
  });

  it('says what is wrong with a SnippetError', () => {
    assert.throws(() => generateStandaloneBranch('acme', 'x', 'python'), SnippetError);
    assert.throws(() => generateStandaloneBranch('knouds', 'nope', 'typescript'), SnippetError);
    assert.throws(
      () => generateStandaloneBranch('overten', '202', 'typescript'),
      (e: unknown) => e instanceof SnippetError && /not an error response/.test(e.message),
    );
  });

  it('works without the catalog entry too, for every code and status the generator knows', () => {
    for (const provider of SNIPPET_PROVIDERS) {
      for (const entry of builtinCatalog.entriesOf(provider)) {
        for (const language of LANGUAGES) {
          assert.equal(generateStandaloneBranch(provider, entry.code, language).provider, provider);
        }
      }
    }
  });
});

describe('standalone branches compile where a quick fix puts them', () => {
  const files = { typescript: [] as string[], javascript: [] as string[], python: [] as string[] };
  const handlerFiles = { typescript: [] as string[], javascript: [] as string[], python: [] as string[] };

  before(() => {
    mkdirSync(join(dir, 'compile'));
    placements(items).forEach(({ item, placement }, index) => {
      const file = join(dir, 'compile', `${index}-${item.provider}-${placement}.${EXTENSION[item.language]}`);
      writeFileSync(file, userFile(item, placement));
      files[item.language].push(file);
    });
    for (const provider of SNIPPET_PROVIDERS) {
      for (const language of LANGUAGES) {
        const mine: StandaloneItem[] = items.filter(
          (i) => i.provider === provider && i.language === language,
        );
        const file = join(dir, 'compile', `${provider}-handler.${EXTENSION[language]}`);
        writeFileSync(file, handlerFile(generateHandler(provider, language).text, mine, language));
        handlerFiles[language].push(file);
      }
    }
  });

  it('TypeScript: one tsc --strict run over every placement and every handler file', async () => {
    const tsconfig = join(dir, 'compile', 'tsconfig.json');
    const all = [...files.typescript, ...handlerFiles.typescript];
    writeFileSync(tsconfig, JSON.stringify({ compilerOptions: STRICT, files: all }));
    const result = await run(process.execPath, [TSC, '-p', tsconfig]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });

  it('JavaScript: every file parses as a module, as node --check does (in one process)', async () => {
    const all = [...files.javascript, ...handlerFiles.javascript];
    const result = await run(process.execPath, [
      '--experimental-vm-modules',
      '--no-warnings',
      CHECK_MODULES,
      ...all,
    ]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });

  it('JavaScript: a handler file with every standalone branch loads', async () => {
    for (const file of handlerFiles.javascript) {
      const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      assert.ok(
        Object.keys(module).some((name) => name.startsWith('handle')),
        file,
      );
    }
  });

  it('Python: one py_compile run over every placement and every handler file', async () => {
    ensurePython();
    const result = await run(PYTHON, ['-m', 'py_compile', ...files.python, ...handlerFiles.python]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });

  it('Python: a handler file with every standalone branch runs (its annotations are evaluated)', async () => {
    await ensurePythonHttpx();
    const script = 'import runpy, sys\nfor f in sys.argv[1:]:\n    runpy.run_path(f)\n';
    const result = await run(PYTHON, ['-c', script, ...handlerFiles.python]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });
});

function check(
  outcome: Outcome | undefined,
  expect: (typeof CASES)[number]['expect'],
  python: boolean,
): void {
  assert.ok(outcome, 'the case did not run');
  const scale = (ms: number) => (python ? ms / 1000 : ms);
  if ('throws' in expect) {
    assert.equal(outcome.ok, false, `expected a throw, got ${JSON.stringify(outcome)}`);
    if (outcome.ok) return;
    assert.equal(outcome.error.name, expect.throws.name);
    for (const pattern of expect.throws.message) assert.match(outcome.error.message, pattern);
    for (const [key, value] of Object.entries(expect.throws.fields ?? {})) {
      const actual: unknown = outcome.error.fields[key];
      if (key === 'context' && typeof value === 'object' && value !== null) {
        for (const [k, v] of Object.entries(value))
          assert.deepEqual((actual as Record<string, unknown>)[k], v, `context.${k}`);
      } else {
        assert.deepEqual(actual, value, key);
      }
    }
    return;
  }
  assert.ok(outcome.ok, `expected a value, got ${JSON.stringify(outcome)}`);
  if (!outcome.ok) return;
  if ('returnsBetween' in expect) {
    const [low, high] = expect.returnsBetween.map(scale) as [number, number];
    assert.equal(typeof outcome.value, 'number');
    assert.ok(
      (outcome.value as number) >= low && (outcome.value as number) <= high,
      `${String(outcome.value)} in [${low}, ${high}]`,
    );
  } else {
    const value = typeof expect.returns === 'number' ? scale(expect.returns) : expect.returns;
    assert.deepEqual(outcome.value, value);
  }
}

for (const language of LANGUAGES) {
  describe(`standalone branches behave (${language})`, () => {
    let outcomes: Outcome[] = [];
    before(async () => {
      if (language === 'python') await ensurePythonHttpx();
      const sub = join(dir, `behaviour-${language}`);
      mkdirSync(sub);
      outcomes = await runCases(CASES, language, sub);
    });
    CASES.forEach((c, i) => {
      it(`${c.provider} ${c.code}: ${c.name}`, () => check(outcomes[i], c.expect, language === 'python'));
    });
  });
}
