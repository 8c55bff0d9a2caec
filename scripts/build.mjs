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

const existing = await Promise.all(
  targets.map(async (t) => ((await import('node:fs')).existsSync(t.entryPoints[0]) ? t : undefined)),
);
const active = existing.filter(Boolean);
if (watch) {
  for (const t of active) await (await esbuild.context(t)).watch();
} else {
  await Promise.all(active.map((t) => esbuild.build(t)));
}
