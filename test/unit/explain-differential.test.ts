import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../src/core/catalog';
import { detect, referencedPaths } from '../../src/core/detect';
import { LazyTreeSitter } from '../../src/syntax/treeSitter';
import { root, runBuiltCli } from './helpers/cli';

/** The language id VS Code gives each fixture (`.har` is JSON to it; plain `.txt` is plaintext). */
const LANGUAGE: Record<string, string> = {
  json: 'json',
  har: 'json',
  log: 'log',
  jsonl: 'jsonl',
  http: 'http',
  md: 'markdown',
  ts: 'typescript',
  tsx: 'typescriptreact',
  js: 'javascript',
  py: 'python',
  go: 'go',
  txt: 'plaintext',
};

function fixtures(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return fixtures(path);
    const extension = /\.([a-z]+)$/.exec(name)?.[1] ?? '';
    return LANGUAGE[extension] && !path.includes('hostile-workspace') && !path.endsWith('Inputs.ts') ? [path] : [];
  });
}

/** 1-based line and column of an offset. */
function position(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return [line, offset - before.lastIndexOf('\n')];
}

describe('api-errors explain finds what the editor finds', () => {
  it('on every fixture: same codes, providers, statuses and positions', async () => {
    const files = fixtures(join(root, 'test/fixtures'));
    // The editor reads source through tree-sitter, as the CLI does: both load the shipped grammars.
    const syntax = new LazyTreeSitter(async (file) => readFileSync(join(root, 'dist/tree-sitter', file)));
    for (const language of ['typescript', 'tsx', 'javascript', 'python', 'go'] as const) assert.ok(await syntax.load(language), language);
    assert.ok(files.length >= 10, `${files.length} fixtures`);
    const run = await runBuiltCli(['explain', '--json', '--no-discover', ...files.map((f) => relative(root, f))]);
    const cli = (JSON.parse(run.stdout) as { findings: { file: string; line: number; column: number; code: string; provider: string | null; status: number | null }[] }).findings;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const extension = /\.([a-z]+)$/.exec(file)?.[1] ?? '';
      // As the editor asks: with VS Code's language id, the document's path and the files a .http file references.
      const references = new Map(referencedPaths(text).map((path) => [path, readFileSync(resolve(dirname(file), path), 'utf8')]));
      const editor = detect(text, builtinCatalog, { languageId: LANGUAGE[extension], fileName: file, references, syntax }).map((f) => [...position(text, f.codeRange.start), f.code, f.provider, f.status ?? null]);
      const fromCli = cli.filter((f) => f.file === relative(root, file)).map((f) => [f.line, f.column, f.code, f.provider, f.status]);
      assert.deepEqual(fromCli, editor, relative(root, file));
    }
  });
});
