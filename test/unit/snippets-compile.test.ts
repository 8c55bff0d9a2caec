/**
 * Proof 1 of the snippets issue: every generated snippet compiles. TypeScript with `tsc --strict`
 * (handlers also with the unused-code checks), JavaScript with `node --check`, Python with
 * `python3 -m py_compile`, Go with `go build` and `go vet`. Branches are compiled inside their host:
 * the handler plus a function that declares what the branch expects.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SNIPPET_PROVIDERS, generateHandler } from '../../src/core/snippets';
import { exportAll, internalModule, inventory, type InventoryItem } from '../snippets/inventory';
import {
  GO,
  GO_ENV,
  GOFMT,
  PYTHON,
  TSC,
  eachLimited,
  ensureGo,
  ensurePython,
  goModule,
  root,
  run,
} from '../snippets/toolchain';

const CHECK_MODULES = resolve(root, 'test/snippets/check-modules.mjs');

const EXTENSION = { typescript: 'ts', javascript: 'mjs', python: 'py', go: 'go' } as const;

const STRICT = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  noUnusedLocals: true,
  target: 'ES2022',
  module: 'ES2022',
  moduleResolution: 'bundler',
  lib: ['ES2022'],
  types: ['node'],
  typeRoots: [resolve(root, 'node_modules/@types')],
  noEmit: true,
  skipLibCheck: true,
};

describe('generated snippets compile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'api-errors-snippets-'));
  let items: InventoryItem[] = [];
  const file = (item: InventoryItem) => join(dir, `${item.id}.${EXTENSION[item.language]}`);
  const of = (language: InventoryItem['language']) => items.filter((item) => item.language === language);

  before(() => {
    items = inventory();
    for (const item of items) writeFileSync(file(item), item.source);
    for (const provider of SNIPPET_PROVIDERS) {
      for (const language of ['typescript', 'javascript'] as const) {
        const internal = exportAll(generateHandler(provider, language).text).source;
        writeFileSync(join(dir, `${internalModule(provider)}.${EXTENSION[language]}`), internal);
      }
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('covers every provider × language × (handler, each code)', () => {
    assert.equal(items.filter((i) => i.id.endsWith('-handler')).length, 20);
    assert.ok(items.length > 400, `only ${items.length} snippets`);
  });

  it('TypeScript: tsc --strict (and no unused code) accepts every handler and branch', async () => {
    const tsconfig = join(dir, 'tsconfig.json');
    writeFileSync(tsconfig, JSON.stringify({ compilerOptions: STRICT, files: of('typescript').map(file) }));
    const result = await run(process.execPath, [TSC, '-p', tsconfig]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });

  it('JavaScript: node --check accepts every handler', async () => {
    const handlers = of('javascript').filter((i) => i.id.endsWith('-handler'));
    const failures = await eachLimited(handlers, availableParallelism(), async (item) => {
      const result = await run(process.execPath, ['--check', file(item)]);
      return result.code === 0 ? '' : `${item.id}: ${result.stderr}`;
    });
    assert.deepEqual(
      failures.filter((f) => f !== ''),
      [],
    );
  });

  it('JavaScript: every handler and branch parses as a module, as node --check does (in one process)', async () => {
    const files = of('javascript').map(file);
    const result = await run(process.execPath, [
      '--experimental-vm-modules',
      '--no-warnings',
      CHECK_MODULES,
      ...files,
    ]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });

  it('Go: go build, go vet (Go 1.19, standard library only) and gofmt accept every handler and branch', async () => {
    await ensureGo();
    // One package a provider: its handler, and each branch's host as a file of it.
    const module = join(dir, 'go');
    mkdirSync(module);
    writeFileSync(join(module, 'go.mod'), goModule('snippetcheck'));
    for (const item of of('go')) {
      mkdirSync(join(module, item.provider), { recursive: true });
      writeFileSync(join(module, item.provider, `${item.id}.go`), item.source);
    }
    for (const command of ['build', 'vet']) {
      const result = await run(GO, [command, './...'], { cwd: module, env: GO_ENV });
      assert.equal(result.code, 0, `go ${command}:\n${result.stdout}${result.stderr}`);
    }
    // As gofmt would leave them: -l lists the files it would change.
    const formatted = await run(GOFMT, ['-l', '.'], { cwd: module });
    assert.equal(formatted.stdout + formatted.stderr, '', 'gofmt would change these files');
  });

  it('Python: py_compile accepts every handler and branch', async () => {
    ensurePython();
    const result = await run(PYTHON, ['-m', 'py_compile', ...of('python').map(file)]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });
});
