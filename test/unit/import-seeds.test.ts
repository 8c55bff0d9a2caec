// The importer on the five real error pages in ../shared/seeds (present in CI): each must give back
// the built-in catalog's codes and statuses. The seeds are the importer's real-world input: text
// copied from a browser, with broken separators and cells that ran together.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../src/core/catalog';
import { isValidCatalog } from '../../src/core/custom';
import { importErrorTable } from '../../src/core/import';
import { quoteFound } from '../../src/core/catalog/provenance';
import { root } from './helpers/cli';

const seeds = resolve(root, '../shared/seeds');

/** The seed pages, as ../shared/seeds/README.md lists them. */
const pages: Record<string, { file: string; name: string }> = {
  kynasmith: { file: '000_5554c1a258515541.txt', name: 'Kynasmith' },
  kayle: { file: '001_b4d73337e68f11b5.txt', name: 'Kayle ID' },
  overten: { file: '002_ae9ef219a7b39a7e.txt', name: 'Overten' },
  knouds: { file: '003_f5022593a371bc7b.txt', name: 'Knouds' },
  kakunin: { file: '004_d2669da8f715ceb9.txt', name: 'Kakunin' },
};

describe('importing the five real error pages (../shared/seeds)', () => {
  if (!existsSync(seeds)) {
    it('needs ../shared/seeds', () => {
      assert.fail(
        `The seed pages are missing: expected them in ${seeds} (they are there in CI). This test does not skip.`,
      );
    });
    return;
  }

  for (const [id, page] of Object.entries(pages)) {
    it(`${page.name}: every documented code and status comes back`, (t) => {
      const text = readFileSync(resolve(seeds, page.file), 'utf8');
      const { draft, unread } = importErrorTable(text, {
        providerName: page.name,
        providerId: id,
        sourceName: page.file,
      });
      assert.ok(isValidCatalog(draft), 'the draft validates');
      const expected = builtinCatalog.entriesOf(id).filter((e) => e.source.startsWith('seed'));
      assert.ok(expected.length > 0);
      const missing: string[] = [];
      const wrongStatus: string[] = [];
      let codes = 0;
      let statuses = 0;
      for (const e of expected) {
        const got = draft.entries.find(
          (d) => d.code === e.code && (e.endpoint === undefined || d.endpoint === e.endpoint),
        );
        if (!got) {
          missing.push(`${e.code}${e.endpoint ? ` (${e.endpoint})` : ''}`);
          continue;
        }
        codes++;
        if (got.status === e.status) statuses++;
        else wrongStatus.push(`${e.code}: ${got.status}, documented ${e.status}`);
      }
      const extra = draft.entries.filter(
        (d) =>
          !expected.some((e) => e.code === d.code && (e.endpoint === undefined || d.endpoint === e.endpoint)),
      );
      t.diagnostic(
        `${page.name}: codes ${codes}/${expected.length}, statuses ${statuses}/${expected.length}, extra entries ${extra.length}; unread: ${unread.length ? unread.join(' | ') : 'nothing'}`,
      );
      assert.deepEqual(missing, [], 'codes not imported');
      assert.deepEqual(wrongStatus, [], 'statuses that differ from the page');
      assert.deepEqual(
        extra.map((d) => d.code),
        [],
        'entries the page does not document',
      );
    });
  }

  it('quotes the page for every statement it read, and says which ones it made up', () => {
    for (const [id, page] of Object.entries(pages)) {
      const text = readFileSync(resolve(seeds, page.file), 'utf8');
      const { draft } = importErrorTable(text, { providerName: page.name, providerId: id });
      assert.ok(isValidCatalog(draft), `${id}: the draft validates`);
      for (const e of draft.entries) {
        for (const what of ['meaning', 'action', 'retry'] as const) {
          const sources = e.provenance?.[what];
          assert.ok(sources && sources.length > 0, `${id} ${e.code} ${what}: no provenance`);
          for (const s of sources) {
            if (s.from === 'inferred') assert.ok(s.reason, `${id} ${e.code} ${what}: no reason`);
            else
              for (const q of s.quotes ?? [])
                assert.ok(quoteFound(q, text), `${id} ${e.code} ${what}: "${q}" is not on the page`);
          }
        }
      }
    }
    // What the page says, quoted; what it does not say, marked as the importer's own.
    const overten = importErrorTable(readFileSync(resolve(seeds, pages.overten!.file), 'utf8'), {
      providerName: 'Overten',
    }).draft;
    const internal = overten.entries.find((e) => e.code === 'internal_error');
    assert.deepEqual(internal?.provenance?.action, [
      { from: 'seed', quotes: ['Include X-Request-Id in support ticket'] },
    ]);
    assert.equal(internal?.retryable, 'unknown');
    assert.match(internal?.retryCondition ?? '', /^Not documented/);
    const forbidden = overten.entries.find((e) => e.code === 'forbidden');
    assert.equal(forbidden?.provenance?.retry?.[0]?.from, 'inferred');
  });

  it('finds the provider\u2019s name, docs and envelope where the page gives them', () => {
    const read = (id: string) =>
      importErrorTable(readFileSync(resolve(seeds, (pages[id] as { file: string }).file), 'utf8'));
    const kynasmith = read('kynasmith').draft.provider;
    assert.equal(kynasmith.displayName, 'Kynasmith');
    assert.equal(kynasmith.docs, 'https://docs.kynasmith.dev');
    assert.equal(kynasmith.envelopes[0]?.codePath, 'error.code');
    assert.deepEqual(
      kynasmith.envelopes[0]?.requiredPaths,
      builtinCatalog.provider('kynasmith')?.envelopes[0]?.requiredPaths,
    );
    const kayle = read('kayle').draft.provider;
    assert.equal(kayle.id, 'kayle');
    assert.deepEqual([...(kayle.envelopes[0]?.requiredPaths ?? [])].sort(), [
      'data',
      'error.docs',
      'error.hint',
    ]);
    const knouds = read('knouds').draft.provider;
    assert.deepEqual([knouds.envelopes[0]?.codePath, knouds.envelopes[0]?.messagePath], ['code', 'error']);
    assert.equal(knouds.auth.header, 'x-api-key');
    const kakunin = read('kakunin').draft.provider;
    assert.deepEqual(
      [kakunin.envelopes[0]?.codePath, kakunin.envelopes[0]?.messagePath],
      [undefined, 'error'],
    );
    assert.deepEqual(kakunin.hosts, ['api.kakunin.ai']);
    const overten = read('overten').draft.provider;
    // The Overten page starts mid-sentence: its envelope comes from "error field tells you the exact reason, and message…".
    assert.deepEqual(
      [overten.envelopes[0]?.codePath, overten.envelopes[0]?.messagePath],
      ['error', 'message'],
    );
    assert.deepEqual(overten.keyPrefixes, ['sk_live_']);
  });

  it('takes retryable from the Retryable column or the page\u2019s words, agreeing with the catalog', (t) => {
    let same = 0;
    let total = 0;
    const differ: string[] = [];
    for (const [id, page] of Object.entries(pages)) {
      const { draft } = importErrorTable(readFileSync(resolve(seeds, page.file), 'utf8'), {
        providerName: page.name,
      });
      for (const e of builtinCatalog.entriesOf(id).filter((x) => x.source.startsWith('seed'))) {
        const got = draft.entries.find(
          (d) => d.code === e.code && (e.endpoint === undefined || d.endpoint === e.endpoint),
        );
        total++;
        if (got?.retryable === e.retryable) same++;
        else differ.push(`${id} ${e.code}: ${got?.retryable}, catalog ${e.retryable}`);
      }
    }
    t.diagnostic(`retryable agrees with the built-in catalog on ${same}/${total}`);
    assert.ok(same / total >= 0.95, differ.join('\n'));
  });
});
