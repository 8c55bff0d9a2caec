// One build for every target: the Node extension host, the web-worker host (vscode.dev) and the CLI.
// esbuild bundles; `tsc --noEmit` type-checks separately (npm run typecheck).
import * as esbuild from 'esbuild';
import { writeValidator } from './generate-validator.mjs';

// The catalog validator is generated code (no eval: it must run in the web-worker host too).
writeValidator();

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  target: 'es2022',
  // jsonc-parser's UMD build loads its parts with dynamic require(): bundle its ESM build instead.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
};

// tree-sitter's emscripten glue reaches for Node modules only when it runs in Node; the browser
// build never calls them (the wasm bytes are handed to it), so they stay unresolved there.
const treeSitterNodeModules = ['fs', 'fs/promises', 'path', 'url', 'module'];

/**
 * In a web worker tree-sitter's glue cannot tell its own URL (no __filename, no document) and throws
 * while it is first evaluated; it never needs that URL here, since the extension hands it the wasm
 * bytes. Its lookup answers undefined instead of throwing, in the browser build only.
 */
const treeSitterInWorker = {
  name: 'tree-sitter-in-worker',
  setup(build) {
    build.onLoad({ filter: /tree-sitter-wasm[\\/]wasm[\\/]tree-sitter\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const source = await readFile(args.path, 'utf8');
      const thrown = "throw new Error('Unable to determine script URL');";
      if (!source.includes(thrown)) throw new Error('tree-sitter.js changed: review the web-worker patch in scripts/build.mjs');
      return { contents: source.replace(thrown, 'return undefined;'), loader: 'js' };
    });
  },
};

/**
 * `api-errors mcp` is its own bundle beside cli.js (the MCP SDK and zod are most of it): cli.js
 * loads it only for `mcp`, so other commands do not parse 900 KB more at every start (~40 ms CPU).
 */
const MCP_BUNDLE = 'api-errors-mcp.js';
const mcpOutside = {
  name: 'mcp-outside',
  setup(build) {
    build.onResolve({ filter: /^\.\/mcp\.js$/ }, (args) =>
      args.importer.endsWith('src/cli/cli.ts') ? { path: `./${MCP_BUNDLE}`, external: true } : undefined,
    );
  },
};

const targets = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/extension.browser.ts'],
    outfile: 'dist/browser/extension.js',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode', ...treeSitterNodeModules],
    plugins: [treeSitterInWorker],
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [mcpOutside],
  },
  {
    ...common,
    entryPoints: ['src/cli/mcp.ts'],
    outfile: `dist/${MCP_BUNDLE}`,
    platform: 'node',
    format: 'cjs',
  },
  {
    ...common,
    entryPoints: ['src/server/main.ts'],
    outfile: 'dist/lsp.js',
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
  },
];

// Only the grammars detection uses ship (the package has sixteen, 22 MB): read at run time, on the
// first source document, by the extension (through its URI) and the CLI (beside it).
const TREE_SITTER_FILES = ['tree-sitter.wasm', 'tree-sitter-typescript.wasm', 'tree-sitter-tsx.wasm', 'tree-sitter-javascript.wasm', 'tree-sitter-python.wasm', 'tree-sitter-go.wasm'];
{
  const { mkdirSync, copyFileSync } = await import('node:fs');
  mkdirSync('dist/tree-sitter', { recursive: true });
  for (const file of TREE_SITTER_FILES) copyFileSync(`node_modules/@vscode/tree-sitter-wasm/wasm/${file}`, `dist/tree-sitter/${file}`);
}

const existing = await Promise.all(
  targets.map(async (t) => ((await import('node:fs')).existsSync(t.entryPoints[0]) ? t : undefined)),
);
const active = existing.filter(Boolean);
if (watch) {
  for (const t of active) await (await esbuild.context(t)).watch();
} else {
  await Promise.all(active.map((t) => esbuild.build(t)));
}
