import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import type { ProviderCatalog } from '../../src/core/catalog';
import { validateCatalogText } from '../../src/core/custom';
import { runBuiltCli, root } from './helpers/cli';

const page = (name: string): string => resolve(root, 'test/fixtures/import', name);

describe('api-errors import (the built CLI)', () => {
  it('prints the draft catalog on stdout and the summary on stderr', async () => {
    const run = await runBuiltCli(['import', page('run-together.txt')]);
    assert.equal(run.code, 0, run.stderr);
    const { catalog, problems } = validateCatalogText(run.stdout);
    assert.deepEqual(problems, []);
    assert.equal(catalog?.provider.id, 'quillon');
    assert.equal(catalog?.entries.length, 12);
    assert.match(
      run.stderr,
      /^Drafted Quillon \(quillon\) from run-together\.txt: 7 codes, 3 status rows, 2 messages\. Review it, then save it as quillon\.api-errors\.json\./,
    );
    assert.match(run.stderr, /Could not read:\n {2}- no link to the provider/);
    assert.match(run.stderr, /line 39: \u201cRATE_LIMITED 429/);
  });

  it('takes --provider-name, --docs and --format, and reads standard input', async () => {
    const html = readFileSync(page('html-table.html'), 'utf8');
    const run = await runBuiltCli(
      [
        'import',
        '-',
        '--provider-name',
        'Northwind Pay',
        '--docs',
        'https://northwind.example/errors',
        '--format',
        'html',
      ],
      { stdin: html },
    );
    assert.equal(run.code, 0, run.stderr);
    const draft = JSON.parse(run.stdout) as ProviderCatalog;
    assert.equal(draft.provider.id, 'northwind-pay');
    assert.equal(draft.provider.docs, 'https://northwind.example/errors');
    assert.equal(draft.entries[0]?.source, 'imported from standard input');
    assert.equal(draft.entries.length, 6);
  });

  it('--json puts the draft and the summary in one object', async () => {
    const run = await runBuiltCli(['import', '--json', page('tab-headings.txt')]);
    assert.equal(run.code, 0);
    const json = JSON.parse(run.stdout) as { draft: ProviderCatalog; unread: string[]; notes: string[] };
    assert.deepEqual(Object.keys(json), ['draft', 'unread', 'notes']);
    assert.equal(json.draft.provider.displayName, 'Tessera');
    assert.ok(json.notes.some((n) => n.startsWith('invalid_api_key: status 401 inferred')));
    assert.equal(run.stderr, '');
  });

  it('exits 1 with a reason when the page has no error table or cannot be read', async () => {
    const none = await runBuiltCli(['import', '-'], { stdin: 'Just words.\n' });
    assert.equal(none.code, 1);
    assert.equal(none.stdout, '');
    assert.match(none.stderr, /no error table found/);
    const missing = await runBuiltCli(['import', 'no/such/page.md']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no\/such\/page\.md: no such file/);
  });

  it('reports usage errors with exit 2', async () => {
    for (const args of [
      ['import'],
      ['import', 'a', 'b'],
      ['import', page('pipe-table.md'), '--format', 'pdf'],
      ['import', page('pipe-table.md'), '--docs', 'command:x'],
      ['import', page('pipe-table.md'), '--provider-name'],
    ]) {
      const run = await runBuiltCli(args);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /^api-errors: .*\nRun 'api-errors --help' for usage\.\n$/);
    }
  });

  it('is in --help', async () => {
    const help = await runBuiltCli(['--help']);
    assert.match(help.stdout, /api-errors import <file\|->/);
    assert.match(help.stdout, /--catalog <file>/);
  });
});
