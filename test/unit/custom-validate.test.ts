import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { builtinCatalogs } from '../../src/core/catalog';
import validateCatalog from '../../src/core/catalog/validateCatalog.generated';
import { type CatalogProblem, isValidCatalog, problemText, validateCatalogText } from '../../src/core/custom';
import { root } from './helpers/cli';

const fixture = (name: string): string => readFileSync(resolve(root, 'test/fixtures/catalogs', name), 'utf8');
const generatedPath = resolve(root, 'src/core/catalog/validateCatalog.generated.js');

/** A valid catalog to break one field at a time. */
function acme(): { provider: Record<string, unknown>; entries: Record<string, unknown>[] } {
  return JSON.parse(fixture('acme.api-errors.json')) as {
    provider: Record<string, unknown>;
    entries: Record<string, unknown>[];
  };
}

function only(problems: readonly CatalogProblem[]): CatalogProblem {
  assert.equal(problems.length, 1, JSON.stringify(problems, null, 2));
  return problems[0] as CatalogProblem;
}

describe('the generated catalog validator', () => {
  it('is current: regenerating it from the schema gives the committed files', () => {
    const run = spawnSync(process.execPath, [resolve(root, 'scripts/generate-validator.mjs'), '--check'], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, `${run.stderr}\nRun: node scripts/generate-validator.mjs`);
  });

  it('compiles nothing at run time and needs no module (it runs in the web-worker host)', () => {
    const code = readFileSync(generatedPath, 'utf8');
    assert.doesNotMatch(code, /\beval\s*\(|new Function|Function\(/);
    assert.doesNotMatch(code, /require\(/);
  });

  it('agrees with ajv compiling the schema, on the built-in catalogs and on a broken one', () => {
    const schema = JSON.parse(
      readFileSync(resolve(root, 'schemas/api-errors-catalog.schema.json'), 'utf8'),
    ) as object;
    const reference = new Ajv({ allErrors: true, strict: false }).compile(schema);
    for (const catalog of builtinCatalogs) {
      assert.equal(validateCatalog(catalog), true, catalog.provider.id);
      assert.equal(reference(catalog), true);
    }
    const broken = JSON.parse(fixture('broken/schema-errors.catalog.json')) as unknown;
    assert.equal(validateCatalog(broken), false);
    assert.equal(reference(broken), false);
    const paths = (errors: readonly { instancePath: string; keyword: string }[] | null | undefined) =>
      (errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`).sort();
    assert.deepEqual(paths(validateCatalog.errors), paths(reference.errors));
  });
});

describe('validateCatalogText', () => {
  it('accepts every built-in catalog file without a problem', () => {
    for (const id of ['kynasmith', 'kayle', 'overten', 'knouds', 'kakunin']) {
      const text = readFileSync(resolve(root, `src/core/catalog/${id}.json`), 'utf8');
      const { catalog, problems } = validateCatalogText(text, `${id}.json`);
      assert.deepEqual(problems, [], id);
      assert.equal(catalog?.provider.id, id);
    }
  });

  it('accepts the Acme Pay fixture', () => {
    const { catalog, problems } = validateCatalogText(fixture('acme.api-errors.json'));
    assert.deepEqual(problems, []);
    assert.equal(catalog?.provider.displayName, 'Acme Pay');
  });

  it('says where and why, on the exact node: entries[3].status', () => {
    const c = acme();
    (c.entries[3] as Record<string, unknown>).status = 42;
    const text = JSON.stringify(c, null, 2);
    const result = validateCatalogText(text);
    assert.equal(result.catalog, undefined);
    const p = only(result.problems);
    assert.equal(p.path, 'entries[3].status');
    assert.equal(p.message, 'must be an integer between 100 and 599 (an HTTP status)');
    assert.equal(
      problemText(p),
      'entries[3].status: must be an integer between 100 and 599 (an HTTP status)',
    );
    assert.equal(text.slice(p.offset, p.offset + p.length), '42');
    assert.equal(p.severity, 'error');
  });

  it('reports a status that is not a number once, not once per keyword', () => {
    const c = acme();
    (c.entries[0] as Record<string, unknown>).status = '402';
    const p = only(validateCatalogText(JSON.stringify(c)).problems);
    assert.equal(
      problemText(p),
      'entries[0].status: must be an integer between 100 and 599 (an HTTP status)',
    );
  });

  it('lists every problem of a broken file, each on its spot, with words a person understands', () => {
    const text = fixture('broken/schema-errors.catalog.json');
    const { catalog, problems } = validateCatalogText(text);
    assert.equal(catalog, undefined);
    const lines = problems.map(
      (p) => `${problemText(p)} @ ${JSON.stringify(text.slice(p.offset, p.offset + p.length))}`,
    );
    assert.deepEqual(lines, [
      'provider.id: must be a lowercase id: letters, digits and hyphens, starting with a letter (e.g. "acme-pay") @ "\\"Bad Provider\\""',
      'entries[1].status: must be an integer between 100 and 599 (an HTTP status) @ "42"',
      'entries[1].retryable: must be one of "yes", "no", "conditional", "unknown" @ "\\"maybe\\""',
      'entries[1].docs: must be an https:// URL, not a command: link (a catalog is data: it cannot run commands or scripts) @ "\\"command:workbench.action.terminal.sendSequence\\""',
      'entries[1]: unknown property "retryble" (did you mean "retryable"?) @ "\\"retryble\\""',
      'entries[2]: needs "retryCondition" (when a retry is safe), because retryable is "conditional" @ "{"',
      'entries[2]: missing required property "meaning" @ "{"',
    ]);
  });

  it('accepts provenance (optional) and says what an incomplete one lacks', () => {
    const c = acme();
    const entry = c.entries[0] as Record<string, unknown>;
    entry.provenance = {
      meaning: [{ from: 'seed', quotes: ['Card declined.'] }],
      action: [{ from: 'providers.md', quotes: ['Ask for another card.'] }],
      retry: [{ from: 'inferred', reason: 'A declined card stays declined.' }],
    };
    assert.deepEqual(validateCatalogText(JSON.stringify(c)).problems, []);
    entry.provenance = { meaning: [{ from: 'seed' }], retry: [{ from: 'inferred' }] };
    (c.entries[1] as Record<string, unknown>).retryable = 'unknown';
    delete (c.entries[1] as Record<string, unknown>).retryCondition;
    assert.deepEqual(validateCatalogText(JSON.stringify(c)).problems.map(problemText), [
      'entries[0].provenance.meaning[0]: needs "quotes" (the source\'s exact words), because from is "seed"',
      'entries[0].provenance.retry[0]: needs "reason" (why the statement holds, in one line), because from is "inferred"',
      'entries[1]: needs "retryCondition" (why no retry rule is known), because retryable is "unknown"',
    ]);
  });

  it('puts a missing property of a named object on its key', () => {
    const c = acme();
    delete (c.provider.auth as Record<string, unknown>).header;
    const text = JSON.stringify(c, null, 2);
    const p = only(validateCatalogText(text).problems);
    assert.equal(problemText(p), 'provider.auth: missing required property "header"');
    assert.equal(text.slice(p.offset, p.offset + p.length), '"auth"');
  });

  it('rejects command:, javascript: and other non-https docs links, and https links that could break out of Markdown', () => {
    for (const [docs, expected] of [
      ['command:workbench.action.openSettings', /not a command: link/],
      ['javascript:alert(1)', /not a javascript: link/],
      ['http://docs.acmepay.example', /must be an https:\/\/ URL/],
      ['https://docs.acmepay.example/x)[evil](command:foo', /plain https:\/\/ URL/],
      ['https://docs.acmepay.example/a b', /plain https:\/\/ URL/],
    ] as const) {
      const c = acme();
      (c.entries[0] as Record<string, unknown>).docs = docs;
      const result = validateCatalogText(JSON.stringify(c));
      assert.equal(result.catalog, undefined, docs);
      assert.match(only(result.problems).message, expected, docs);
      assert.equal(isValidCatalog(c), false, docs);
    }
    const c = acme();
    c.provider.docs = 'command:workbench.action.openSettings';
    assert.equal(only(validateCatalogText(JSON.stringify(c)).problems).path, 'provider.docs');
  });

  it('reports syntax errors with their offsets and no catalog', () => {
    const text = fixture('broken/syntax.catalog.json');
    const { catalog, problems } = validateCatalogText(text);
    assert.equal(catalog, undefined);
    assert.ok(problems.length >= 1);
    const first = problems[0] as CatalogProblem;
    assert.equal(first.message, "syntax error: ',' is expected");
    assert.equal(first.path, '');
    // Right before `"docs"`, on the line after the missing comma.
    assert.equal(text.slice(first.offset, first.offset + 6), '"docs"');
  });

  it('says an empty file is empty', () => {
    const p = only(validateCatalogText('  \n', 'team.api-errors.json').problems);
    assert.match(p.message, /team\.api-errors\.json is empty/);
  });

  it('tolerates comments and trailing commas (a .vscode file is often JSONC)', () => {
    const text = fixture('acme.api-errors.json')
      .replace('{\n  "$schema"', '// our payments provider\n{\n  "$schema"')
      .replace(/\n {2}\]\n\}\s*$/, ',\n  ]\n}\n');
    assert.ok(
      text.startsWith('// our payments provider') && text.includes('},\n  ]'),
      'the fixture was edited as intended',
    );
    const { catalog, problems } = validateCatalogText(text);
    assert.deepEqual(problems, []);
    assert.equal(catalog?.entries.length, 5);
  });

  it('warns about a repeated code and an envelope that cannot match, and keeps the catalog', () => {
    const c = acme();
    c.entries.push({ ...(c.entries[0] as Record<string, unknown>) });
    (c.provider.envelopes as Record<string, unknown>[]).push({ name: 'empty', example: {} });
    const { catalog, problems } = validateCatalogText(JSON.stringify(c, null, 2));
    assert.ok(catalog);
    assert.deepEqual(
      problems.map((p) => [p.severity, problemText(p)]),
      [
        [
          'warning',
          'provider.envelopes[1]: has neither "codePath" nor "messagePath": no response can be matched to it',
        ],
        ['warning', 'entries[5].code: "CARD_DECLINED" is already entries[0]: only the first one is used'],
      ],
    );
  });
});
