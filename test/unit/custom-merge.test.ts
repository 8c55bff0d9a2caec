import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { type ProviderCatalog, builtinCatalog, builtinCatalogs } from '../../src/core/catalog';
import { mergeCatalogs, validateCatalogText } from '../../src/core/custom';
import { detect } from '../../src/core/detect';
import { root } from './helpers/cli';

function load(name: string): ProviderCatalog {
  const { catalog, problems } = validateCatalogText(
    readFileSync(resolve(root, 'test/fixtures/catalogs', name), 'utf8'),
    name,
  );
  assert.ok(catalog, JSON.stringify(problems));
  return catalog;
}

const acme = (): ProviderCatalog => load('acme.api-errors.json');
const override = (): ProviderCatalog => load('kynasmith-override.catalog.json');
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('mergeCatalogs', () => {
  it('adds a provider with a new id after the built-ins, silently', () => {
    const { catalog, notices } = mergeCatalogs(builtinCatalogs, [
      { origin: 'acme.api-errors.json', catalog: acme() },
    ]);
    assert.deepEqual(notices, []);
    assert.deepEqual(
      catalog.providers.map((p) => p.id),
      ['kynasmith', 'kayle', 'overten', 'knouds', 'kakunin', 'acme-pay'],
    );
    assert.equal(catalog.entriesOf('acme-pay').length, 5);
    assert.equal(catalog.find('acme-pay', 'CARD_DECLINED')?.status, 402);
    assert.equal(catalog.entries.length, builtinCatalog.entries.length + 5);
    // The built-ins are untouched.
    assert.deepEqual(
      catalog.find('kynasmith', 'rate_limited'),
      builtinCatalog.find('kynasmith', 'rate_limited'),
    );
  });

  it('extends a built-in provider: same code replaces field by field (and says so), new codes are added', () => {
    const before = builtinCatalog.find('kynasmith', 'rate_limited');
    const { catalog, notices } = mergeCatalogs(builtinCatalogs, [
      { origin: 'team.api-errors.json', catalog: override() },
    ]);
    const after = catalog.find('kynasmith', 'rate_limited');
    assert.match(after?.action ?? '', /Our gateway queues these/);
    // Fields the custom entry leaves out stay as they were.
    assert.ok(
      before?.fields?.length || before?.related?.length || before?.category,
      'the built-in entry has extra fields to keep',
    );
    assert.deepEqual(after?.fields, before?.fields);
    assert.deepEqual(after?.related, before?.related);
    assert.equal(after?.category, before?.category);
    // The page's quotes stay only with the statements the team left alone.
    assert.deepEqual(after?.provenance, { retry: before?.provenance?.retry });
    assert.ok(before?.provenance?.meaning && before.provenance.action);
    // The built-in brief summed up the replaced action: it goes with it.
    assert.ok(before?.brief);
    assert.equal(after?.brief, undefined);
    assert.equal(catalog.find('kynasmith', 'movespec_locked')?.status, 423);
    assert.equal(catalog.entriesOf('kynasmith').length, builtinCatalog.entriesOf('kynasmith').length + 1);
    assert.equal(catalog.providers.length, 5);
    // Provider facts are unioned.
    const provider = catalog.provider('kynasmith');
    assert.ok(
      provider?.hosts.includes('api.kynasmith.dev') && provider.hosts.includes('kynasmith.internal.example'),
    );
    assert.ok(provider?.sources.includes("our team's notes"));
    // An empty description or retry guidance does not wipe the built-in one.
    assert.equal(provider?.auth.description, builtinCatalog.provider('kynasmith')?.auth.description);
    assert.equal(provider?.retryGuidance, builtinCatalog.provider('kynasmith')?.retryGuidance);
    assert.deepEqual(notices, [
      'team.api-errors.json: rate_limited replaces meaning, action, source of the built-in Kynasmith catalog',
      'team.api-errors.json: adds 1 entry to the built-in Kynasmith catalog',
    ]);
  });

  it('keeps the built-in brief while the action and retry rule stand, and takes the catalog\u2019s own', () => {
    const kynasmith = builtinCatalogs.find((c) => c.provider.id === 'kynasmith') as ProviderCatalog;
    const entry = (code: string) =>
      clone(kynasmith.entries.find((e) => e.code === code) as ProviderCatalog['entries'][number]);
    const custom = clone(kynasmith);
    custom.entries = [
      { ...entry('not_found'), meaning: 'Our proxy also answers this for unknown routes.' },
      { ...entry('conflict'), action: 'Ask the platform team.', brief: 'ask the platform team' },
      { ...entry('rate_limited'), retryable: 'no' },
    ];
    for (const e of custom.entries) delete e.provenance;
    delete custom.entries[0]?.brief;
    delete custom.entries[2]?.brief;
    const { catalog } = mergeCatalogs(builtinCatalogs, [{ origin: 'team.api-errors.json', catalog: custom }]);
    assert.equal(
      catalog.find('kynasmith', 'not_found')?.brief,
      builtinCatalog.find('kynasmith', 'not_found')?.brief,
    );
    assert.equal(catalog.find('kynasmith', 'conflict')?.brief, 'ask the platform team');
    assert.equal(catalog.find('kynasmith', 'rate_limited')?.brief, undefined);
  });

  it('matches an entry by code and endpoint (Kakunin documents one message on several endpoints)', () => {
    const kakunin = clone(builtinCatalogs.find((c) => c.provider.id === 'kakunin') as ProviderCatalog);
    const onEvents = kakunin.entries.find(
      (e) => e.code === 'Agent not found' && e.endpoint === 'POST /v1/events',
    );
    assert.ok(onEvents);
    const custom: ProviderCatalog = {
      provider: kakunin.provider,
      entries: [{ ...onEvents, action: 'Register the agent first.' }],
    };
    const { catalog, notices } = mergeCatalogs(builtinCatalogs, [
      { origin: 'k.api-errors.json', catalog: custom },
    ]);
    assert.equal(
      catalog.find('kakunin', 'Agent not found', 'POST /v1/events')?.action,
      'Register the agent first.',
    );
    assert.equal(
      catalog.find('kakunin', 'Agent not found', 'POST /v1/agents/{id}/certify')?.action,
      builtinCatalog.find('kakunin', 'Agent not found', 'POST /v1/agents/{id}/certify')?.action,
    );
    assert.deepEqual(notices, [
      'k.api-errors.json: Agent not found (POST /v1/events) replaces action of the built-in Kakunin catalog',
    ]);
  });

  it('unions envelopes, so a built-in provider can learn another body shape', () => {
    const custom = override();
    custom.provider.envelopes = [
      {
        name: 'gateway',
        codePath: 'gateway_error.reason',
        messagePath: 'gateway_error.text',
        example: { gateway_error: { reason: 'rate_limited', text: '…' } },
      },
    ];
    const { catalog } = mergeCatalogs(builtinCatalogs, [custom]);
    assert.equal(catalog.provider('kynasmith')?.envelopes.length, 2);
    const findings = detect('{"gateway_error": {"reason": "rate_limited", "text": "slow down"}}', catalog, {
      fileName: 'x.json',
    });
    assert.equal(findings[0]?.provider, 'kynasmith');
    assert.equal(findings[0]?.code, 'rate_limited');
  });

  it('a second catalog with the same new id extends the first', () => {
    const second = acme();
    second.entries = [
      {
        ...(second.entries[0] as ProviderCatalog['entries'][number]),
        code: 'CARD_STOLEN',
        meaning: 'Reported stolen.',
      },
    ];
    second.provider.hosts = ['eu.api.acmepay.example'];
    const { catalog, notices } = mergeCatalogs(builtinCatalogs, [
      { origin: 'a.api-errors.json', catalog: acme() },
      { origin: 'b.api-errors.json', catalog: second },
    ]);
    assert.equal(catalog.entriesOf('acme-pay').length, 6);
    assert.deepEqual(catalog.provider('acme-pay')?.hosts, ['api.acmepay.example', 'eu.api.acmepay.example']);
    assert.deepEqual(notices, ['b.api-errors.json: adds 1 entry to Acme Pay from a.api-errors.json']);
  });

  it('never merges an invalid catalog: the built-ins and the valid ones keep working', () => {
    const bad = clone(acme()) as unknown as {
      provider: { id: string };
      entries: { status: unknown; docs: string }[];
    };
    bad.provider.id = 'evil';
    (bad.entries[0] as { docs: string }).docs = 'command:workbench.action.terminal.sendSequence';
    const { catalog, notices } = mergeCatalogs(builtinCatalogs, [
      { origin: 'evil.api-errors.json', catalog: bad as unknown as ProviderCatalog },
      { origin: 'acme.api-errors.json', catalog: acme() },
    ]);
    assert.deepEqual(notices, ['evil.api-errors.json: not a valid catalog, ignored']);
    assert.equal(catalog.provider('evil'), undefined);
    assert.ok(catalog.provider('acme-pay'));
    assert.equal(catalog.entries.length, builtinCatalog.entries.length + 5);
  });

  it('keeps text plain: Markdown and command links stay words, control and bidi characters go', () => {
    const custom = acme();
    const entry = custom.entries[0] as ProviderCatalog['entries'][number];
    entry.meaning =
      'Declined. [Fix it](command:workbench.action.terminal.sendSequence?%5B%22rm%22%5D) \u202eevil\u202c\u0007';
    const { catalog } = mergeCatalogs(builtinCatalogs, [custom]);
    const merged = catalog.find('acme-pay', 'CARD_DECLINED');
    // The link is kept as the literal text the author wrote (the editor shows it with appendText);
    // only invisible characters that could disguise it are removed.
    assert.equal(
      merged?.meaning,
      'Declined. [Fix it](command:workbench.action.terminal.sendSequence?%5B%22rm%22%5D) evil',
    );
    assert.match(merged?.docs ?? '', /^https:\/\//);
  });

  it('detects a custom envelope whose top key is not "error" (detection anchors on the catalog\u2019s keys)', () => {
    assert.deepEqual(
      builtinCatalog.extraAnchorKeys,
      [],
      'the built-ins add no anchor: their detection is unchanged',
    );
    const { catalog } = mergeCatalogs(builtinCatalogs, [acme()]);
    assert.deepEqual(catalog.extraAnchorKeys, ['fault']);
    const text = readFileSync(resolve(root, 'test/fixtures/catalogs/acme-declined.json'), 'utf8');
    const [finding] = detect(text, catalog, { fileName: 'acme-declined.json' });
    assert.equal(finding?.provider, 'acme-pay');
    assert.equal(finding?.code, 'CARD_DECLINED');
    assert.equal(finding?.status, 402);
    assert.equal(text.slice(finding.codeRange.start, finding.codeRange.end), '"CARD_DECLINED"');
    // In a log line too, and not with the built-in catalog alone.
    const log = `2026-01-01T00:00:00Z ERROR POST https://api.acmepay.example/v1/charges -> 402 ${JSON.stringify(JSON.parse(text))}`;
    assert.equal(detect(log, catalog, { fileName: 'app.log' })[0]?.code, 'CARD_DECLINED');
    assert.deepEqual(detect(text, builtinCatalog, { fileName: 'acme-declined.json' }), []);
  });
});
