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
    external: ['vscode'],
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
];

const existing = await Promise.all(
  targets.map(async (t) => ((await import('node:fs')).existsSync(t.entryPoints[0]) ? t : undefined)),
);
const active = existing.filter(Boolean);
if (watch) {
  for (const t of active) await (await esbuild.context(t)).watch();
} else {
  await Promise.all(active.map((t) => esbuild.build(t)));
}
