import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { builtinCatalog } from '../../src/core/catalog';
import { handlerInsertion } from '../../src/core/quickFixes';
import { LazyTreeSitter } from '../../src/syntax/treeSitter';
import { lspPath, root } from './helpers/lsp';

// A real third-party client: Neovim's built-in LSP client (Debian's neovim 0.7.2), headless.

function nvimVersion(): string | undefined {
  const run = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.split('\n')[0] : undefined;
}

interface NeovimResults {
  steps: { name: string; ok: boolean; error: string | null }[];
  diagnostics?: { lnum: number; col: number; message: string; severity: number; source: string; code?: string }[];
  hover?: string[];
  offered?: string[];
  after?: string;
}

describe('Neovim’s LSP client against the built server', { timeout: 300_000 }, () => {
  let results: NeovimResults | undefined;
  let skip: string | undefined;
  const original = readFileSync(resolve(root, 'test/fixtures/workspace/client.ts'), 'utf8');

  before(async () => {
    if (!nvimVersion()) {
      // The test set-up installs Debian's neovim (scripts/test-env.mjs), as it does chromium.
      const { ensureDebianPackagesOnly } = (await import(resolve(root, 'scripts/test-env.mjs'))) as { ensureDebianPackagesOnly(): Promise<void> };
      try {
        await ensureDebianPackagesOnly();
      } catch (error) {
        skip = `Neovim cannot be installed here: ${(error as Error).message}`;
        return;
      }
    }
    if (!nvimVersion()) {
      skip = 'Neovim cannot be installed here (no nvim on PATH after the set-up)';
      return;
    }
    assert.ok(existsSync(lspPath), `${lspPath} is missing: run npm run build first`);
    const dir = mkdtempSync(join(tmpdir(), 'api-errors-nvim-'));
    try {
      const fixture = join(dir, 'client.ts');
      copyFileSync(resolve(root, 'test/fixtures/workspace/client.ts'), fixture);
      const resultPath = join(dir, 'result.json');
      const run = spawnSync('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${resolve(__dirname, 'nvim/lsp-check.lua')}`], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 240_000,
        env: { ...process.env, RESULT: resultPath, SERVER: lspPath, FIXTURE: fixture, HOME: dir, XDG_STATE_HOME: dir, XDG_DATA_HOME: dir, XDG_CACHE_HOME: dir },
      });
      assert.ok(existsSync(resultPath), `Neovim wrote no results (exit ${run.status}, signal ${run.signal}):\n${run.stdout}\n${run.stderr}`);
      results = JSON.parse(readFileSync(resultPath, 'utf8')) as NeovimResults;
      assert.deepEqual(results.steps.filter((s) => !s.ok), [], 'every step in Neovim passed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows the findings in the diagnostics list', (t) => {
    if (skip) return t.skip(skip);
    const lines = original.split('\n');
    const at = (needle: string) => ({ lnum: lines.findIndex((l) => l.includes(needle)), col: lines.find((l) => l.includes(needle))!.indexOf(needle) });
    assert.deepEqual(
      results!.diagnostics!.map((d) => ({ lnum: d.lnum, col: d.col, source: d.source, severity: d.severity, start: d.message.split(' — ')[0] })),
      [
        { ...at("'grant_exhausted'"), source: 'API Errors', severity: 3, start: 'Knouds · grant_exhausted · 402 Payment Required · not retryable' },
        { ...at("'SCOPE_DENIED'"), source: 'API Errors', severity: 3, start: 'Knouds · SCOPE_DENIED · 403 Forbidden · not retryable' },
        { ...at('"INSUFFICIENT_CREDITS"'), source: 'API Errors', severity: 3, start: 'Knouds · INSUFFICIENT_CREDITS · 402 Payment Required · not retryable' },
      ].sort((a, b) => a.lnum - b.lnum),
    );
  });

  it('shows the hover card, readable as Neovim displays it', (t) => {
    if (skip) return t.skip(skip);
    const hover = results!.hover!.join('\n');
    assert.match(hover, /^\*\*Knouds · grant_exhausted · 402 Payment Required · not retryable\*\*$/m);
    assert.match(hover, /^\*\*What to do:\*\* /m);
    assert.match(hover, /\[Docs\]\(https:\/\/docs\.knouds\.ai\)/);
    assert.doesNotMatch(hover, /\\[_\-.]/, 'no backslash escapes in ordinary text');
  });

  it('applying the quick fix inserts the handler after the statement', async (t) => {
    if (skip) return t.skip(skip);
    const syntax = new LazyTreeSitter(async (file) => readFileSync(join(root, 'node_modules/@vscode/tree-sitter-wasm/wasm', file)));
    assert.ok(await syntax.load('typescript'));
    assert.ok(results!.offered!.includes('Insert Knouds handling for grant_exhausted'), results!.offered!.join(', '));
    // Exactly the edit VS Code makes: the core's handler, at the insertion point the syntax tree gives.
    const offset = original.indexOf("'grant_exhausted'");
    const insertion = handlerInsertion(original, offset, { provider: 'knouds', code: 'grant_exhausted', mode: 'branch' }, 'typescript', builtinCatalog, {
      fileName: 'client.ts', // the server opens a copy in a temporary directory: not a test file
      syntax,
      sourceLanguage: 'typescript',
    });
    assert.ok(!('clashes' in insertion));
    assert.equal(`${results!.after!}\n`, original.slice(0, insertion.offset) + insertion.text + original.slice(insertion.offset));
    assert.match(insertion.text, /\n {2}function handleKnoudsGrantExhausted\(response: Response, body: unknown\): never \{/);
  });
});
