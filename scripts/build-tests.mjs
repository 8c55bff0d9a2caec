// Bundles the integration suite for VS Code's extension hosts: test/integration/index.ts (run())
// followed by every test/integration/**/*.test.ts, found here at build time, so a new test file
// needs no registration. Two outputs:
//   out/test/integration/index.js      Node extension host (desktop, code-server), cjs, mocha bundled
//   out/test/integration/web/index.js  web-worker extension host: it evaluates the file as a cjs
//                                      function whose require() knows only 'vscode', so everything
//                                      else is bundled, with mocha's browser build and the `assert`
//                                      package standing in for node:assert.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const suiteDir = path.join(root, 'test', 'integration');
const require = createRequire(import.meta.url);

const testFiles = fs
  .readdirSync(suiteDir, { recursive: true })
  .map((f) => f.toString().split(path.sep).join('/'))
  .filter((f) => f.endsWith('.test.ts'))
  .sort();
if (testFiles.length === 0) throw new Error(`no *.test.ts under ${suiteDir}`);

// index.ts comes first: its module body defines mocha's globals that the test files use as they load.
const entry = {
  contents: ["export { run } from './index';", ...testFiles.map((f) => `import './${f}';`)].join('\n'),
  resolveDir: suiteDir,
  sourcefile: 'integration-suite.ts',
  loader: 'ts',
};

/** Web worker: mocha's self-contained browser build (the package's browser entry needs Node shims). */
const browserShims = {
  name: 'browser-shims',
  setup(build) {
    build.onResolve({ filter: /^mocha$/ }, () => ({ path: 'mocha', namespace: 'shim' }));
    // Node-only measurements (heap after GC) find these empty and are skipped in the web worker.
    build.onResolve({ filter: /^node:(v8|vm)$/ }, () => ({ path: 'empty', namespace: 'shim' }));
    build.onResolve({ filter: /^(node:)?assert(\/strict)?$/ }, (args) => ({
      path: args.path.endsWith('strict') ? 'assert-strict' : 'assert',
      namespace: 'shim',
    }));
    const mochaBrowser = JSON.stringify(require.resolve('mocha/mocha.js'));
    const assertPkg = JSON.stringify(require.resolve('assert/'));
    const shims = {
      // mocha.js sets globalThis.Mocha (the class) and globalThis.mocha (its browser instance).
      mocha: `require(${mochaBrowser}); module.exports = globalThis.Mocha; module.exports.default = globalThis.Mocha;`,
      assert: `module.exports = require(${assertPkg});`,
      'assert-strict': `module.exports = require(${assertPkg}).strict;`,
      empty: 'module.exports = {};',
    };
    build.onLoad({ filter: /.*/, namespace: 'shim' }, (args) => ({
      contents: shims[args.path],
      loader: 'js',
      resolveDir: root,
    }));
  },
};

const common = {
  stdin: entry,
  bundle: true,
  format: 'cjs',
  target: 'es2022',
  sourcemap: true,
  external: ['vscode'],
  logLevel: 'warning',
};

await Promise.all([
  esbuild.build({
    ...common,
    platform: 'node',
    outfile: path.join(root, 'out/test/integration/index.js'),
    // mocha's parallel mode (unused here) resolves worker files at run time.
    logOverride: { 'require-resolve-not-external': 'silent' },
  }),
  esbuild.build({
    ...common,
    platform: 'browser',
    outfile: path.join(root, 'out/test/integration/web/index.js'),
    plugins: [browserShims],
    // util@0.12 (under assert) reads process.env.NODE_DEBUG, and assert's AssertionError asks
    // process.stderr about colours; a web worker has no process (without these, a failed assertion
    // is reported as "process is not defined" instead of its own message).
    define: { 'process.env.NODE_DEBUG': 'false', 'process.stderr': 'undefined', global: 'globalThis' },
  }),
]);
console.log(`build-tests: ${testFiles.length} test file(s) -> out/test/integration/{index.js,web/index.js}`);
