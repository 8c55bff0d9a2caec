// The package users install: `npm run package` builds the .vsix, then this checks it the way the two
// stores would, offline. ovsx (the Open VSX publisher) uploads it, end to end, to a stand-in for
// the registry on 127.0.0.1 that applies the checks the registry makes of an upload (namespace and
// name format, semantic version, a licence, field lengths, an engine, the icon) — the real upload
// needs a network and a token. The Marketplace metadata and the package's contents are checked too.
//
//   node scripts/check-package.mjs [--skip-build]      (ends with `package: N passed, N failed`)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import yauzl from 'yauzl';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const VSIX = path.join(ROOT, 'api-error-inspector.vsix');
const { values: opts } = parseArgs({ options: { 'skip-build': { type: 'boolean', default: false } } });

const results = [];
function check(name, fn) {
  try {
    fn();
    results.push({ name, ok: true });
    console.log(`ok - ${name}`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`not ok - ${name}\n  ${String(e.message).replace(/\n/g, '\n  ')}`);
  }
}
const assert = (cond, message) => {
  if (!cond) throw new Error(message);
};

if (!opts['skip-build']) {
  const built = spawnSync('npm', ['run', 'package'], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) {
    console.log(`not ok - npm run package\n${built.stdout}${built.stderr}`);
    console.log('package: 0 passed, 1 failed');
    process.exit(1);
  }
}

/** The .vsix's entries: name → bytes. */
function readVsix(file) {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const files = new Map();
      zip.on('entry', (entry) =>
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks = [];
          stream.on('data', (c) => chunks.push(c));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        }),
      );
      zip.on('end', () => resolve(files));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const files = await readVsix(VSIX);
const manifest = JSON.parse(files.get('extension/package.json').toString('utf8'));
const sizeKB = fs.statSync(VSIX).size / 1024;
console.log(`package: ${path.basename(VSIX)} is ${sizeKB.toFixed(0)} KB, ${files.size} files`);

check('ships the builds, the schema, the media the manifest names, and nothing of the sources', () => {
  const names = [...files.keys()];
  for (const needed of [
    'extension/dist/extension.js',
    'extension/dist/browser/extension.js',
    'extension/dist/cli.js',
    'extension/schemas/api-errors-catalog.schema.json',
    'extension/readme.md',
    'extension/changelog.md',
    'extension/LICENSE.txt',
    'extension/package.nls.json',
  ])
    assert(files.has(needed), `${needed} is missing: ${names.join(', ')}`);
  const media = [
    manifest.icon,
    ...manifest.contributes.walkthroughs.flatMap((w) =>
      w.steps.map((s) => s.media.image ?? s.media.markdown),
    ),
  ];
  for (const file of media)
    assert(files.has(`extension/${file}`), `${file} (named by package.json) is not in the package`);
  const stray = names.filter(
    (n) => /^extension\/(src|test|scripts|node_modules|\.vscode-test|out)\//.test(n) || /\.map$/.test(n),
  );
  assert(stray.length === 0, `sources or test files in the package: ${stray.join(', ')}`);
});

check('Marketplace metadata is complete', () => {
  for (const key of [
    'name',
    'displayName',
    'description',
    'version',
    'publisher',
    'license',
    'icon',
    'categories',
    'keywords',
    'repository',
    'bugs',
    'homepage',
    'qna',
    'galleryBanner',
  ])
    assert(manifest[key] !== undefined && manifest[key] !== '', `package.json has no ${key}`);
  assert(manifest.keywords.length <= 30, 'at most 30 keywords');
  assert(
    /^#[0-9a-f]{6}$/i.test(manifest.galleryBanner.color) &&
      ['dark', 'light'].includes(manifest.galleryBanner.theme),
    'galleryBanner has a colour and a theme',
  );
  for (const key of ['bugs', 'homepage', 'qna']) {
    const url = typeof manifest[key] === 'string' ? manifest[key] : manifest[key].url;
    assert(/^https:\/\//.test(url), `${key} is an https URL`);
  }
});

/**
 * A stand-in for the Open VSX registry's publish endpoint: what the server checks of an upload
 * (org.eclipse.openvsx ExtensionValidator and publishing rules), answered as the server answers.
 */
function registryChecks(vsixManifest) {
  const problems = [];
  const nls = JSON.parse(files.get('extension/package.nls.json').toString('utf8'));
  const text = (value) =>
    typeof value === 'string' ? value.replace(/^%(.+)%$/, (_, key) => nls[key] ?? `%${key}%`) : value;
  if (!/^[\w\-+$~]+$/.test(vsixManifest.publisher ?? '')) problems.push('invalid namespace (publisher)');
  if (!/^[\w\-+$~]+$/.test(vsixManifest.name ?? '')) problems.push('invalid extension name');
  if (!/^\d+\.\d+\.\d+(-[\w.-]+)?(\+[\w.-]+)?$/.test(vsixManifest.version ?? ''))
    problems.push('the version is not a semantic version');
  if (!vsixManifest.license && !files.has('extension/LICENSE.txt')) problems.push('no licence');
  if ((text(vsixManifest.displayName) ?? '').length > 128) problems.push('displayName longer than 128');
  if ((text(vsixManifest.description) ?? '').length > 2048) problems.push('description longer than 2048');
  if (String(text(vsixManifest.displayName)).includes('%')) problems.push('displayName not localised');
  if (!vsixManifest.engines?.vscode) problems.push('no engines.vscode');
  if (vsixManifest.icon && !files.has(`extension/${vsixManifest.icon}`)) problems.push('the icon is missing');
  return problems;
}

const uploads = [];
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (req.method !== 'POST' || url.pathname !== '/api/-/publish') {
      res
        .writeHead(404, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ error: `not found: ${url.pathname}` }));
      return;
    }
    const body = Buffer.concat(chunks);
    const tmp = path.join(ROOT, '.vscode-test', `upload-${process.pid}.vsix`);
    fs.mkdirSync(path.dirname(tmp), { recursive: true });
    fs.writeFileSync(tmp, body);
    const uploaded = JSON.parse((await readVsix(tmp)).get('extension/package.json').toString('utf8'));
    fs.rmSync(tmp, { force: true });
    const problems = registryChecks(uploaded);
    uploads.push({ token: url.searchParams.get('token'), bytes: body.length, problems });
    res.writeHead(problems.length ? 400 : 201, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify(
        problems.length
          ? { error: problems.join('; ') }
          : {
              namespace: uploaded.publisher,
              name: uploaded.name,
              version: uploaded.version,
              targetPlatform: 'universal',
            },
      ),
    );
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const registry = `http://127.0.0.1:${server.address().port}`;
// Asynchronous: the stand-in registry answers from this same process.
const ovsx = await spawnAsync(process.execPath, [
  path.join(ROOT, 'node_modules/ovsx/bin/ovsx'),
  'publish',
  VSIX,
  '-p',
  'offline-check-token',
  '-r',
  registry,
]);
server.close();

check('ovsx publishes the package to the stand-in registry, which accepts it', () => {
  assert(ovsx.code === 0, `ovsx exited ${ovsx.code}:\n${ovsx.output}`);
  assert(
    /Published api-error-inspector\.api-error-inspector v\d+\.\d+\.\d+/.test(ovsx.output),
    `ovsx did not say it published:\n${ovsx.output}`,
  );
  assert(
    uploads.length === 1 && uploads[0].token === 'offline-check-token',
    `one upload with the token: ${JSON.stringify(uploads)}`,
  );
  assert(uploads[0].bytes === fs.statSync(VSIX).size, 'the upload is the whole package');
});

function spawnAsync(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, CI: '1' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

const passed = results.filter((r) => r.ok).length;
console.log(`package: ${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length ? 0 : 1);
