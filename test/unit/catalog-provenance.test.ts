// Every statement of the built-in catalog says where it comes from, and a quote that claims to be
// the page's is the page's: each `seed` quote appears in that provider's page in ../shared/seeds,
// each `providers.md` quote in ../shared/providers.md (whitespace-normalised, see
// src/core/catalog/provenance.ts), and `inferred` statements give their reason.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { entryCard, findingCard, markProvenance, provenanceNote, factText } from '../../src/core/card';
import { detect } from '../../src/core/detect';
import { summarize } from '../../src/core/explain';
import { summaryRetryLabel } from '../../src/core/present';
import { builtinCatalog, builtinCatalogs } from '../../src/core/catalog';
import { normaliseForQuote, quoteFound } from '../../src/core/catalog/provenance';
import type { Provenance } from '../../src/core/catalog';
import { root } from './helpers/cli';

const shared = resolve(root, '../shared');
/** The seed pages, as ../shared/seeds/README.md lists them. */
const seedFiles: Record<string, string> = {
  kynasmith: '000_5554c1a258515541.txt',
  kayle: '001_b4d73337e68f11b5.txt',
  overten: '002_ae9ef219a7b39a7e.txt',
  knouds: '003_f5022593a371bc7b.txt',
  kakunin: '004_d2669da8f715ceb9.txt',
};
/** The docs URLs the sources give (seeds/README.md, the pages, providers.md); entries link nothing else. */
const docsGiven: Record<string, RegExp> = {
  kynasmith: /^https:\/\/docs\.kynasmith\.dev\/api-reference\/error-codes$/,
  kayle:
    /^(https:\/\/docs\.kayle\.id\/api-reference\/errors|https:\/\/kayle\.id\/docs\/api\/errors#[A-Z_]+)$/,
  overten: /^https:\/\/apidocs\.overtenai\.com\/errors$/,
  knouds: /^https:\/\/docs\.knouds\.ai$/,
  kakunin: /^https:\/\/www\.kakunin\.ai\/docs$/,
};

describe('provenance normalisation', () => {
  it('collapses whitespace and drops inline-code backticks, nothing else', () => {
    assert.equal(normaliseForQuote('  a\n  `b`\tc '), 'a b c');
    assert.ok(quoteFound('Retry-After is in seconds.', 'x\nRetry-After is in\n  seconds. y'));
    assert.ok(quoteFound("doesn't exist", 'it doesn’t exist'));
    assert.ok(!quoteFound('does not exist', 'it doesn’t exist'));
    assert.ok(!quoteFound('a | b', 'a b'));
    assert.ok(!quoteFound('', 'anything'));
  });
});

describe('catalog provenance', () => {
  if (!existsSync(resolve(shared, 'seeds'))) {
    it('needs ../shared/seeds and ../shared/providers.md', () =>
      assert.fail(`missing ${shared}/seeds (present in CI); this test does not skip`));
    return;
  }
  const providersMd = readFileSync(resolve(shared, 'providers.md'), 'utf8');
  for (const catalog of builtinCatalogs) {
    const id = catalog.provider.id;
    const page = readFileSync(resolve(shared, 'seeds', seedFiles[id] as string), 'utf8');
    const check = (where: string, list: readonly Provenance[] | undefined): void => {
      assert.ok(list && list.length > 0, `${where}: no provenance`);
      for (const p of list) {
        if (p.from === 'inferred') {
          assert.ok(p.reason && p.reason.trim().length > 10, `${where}: inferred without a reason`);
          assert.equal(p.quotes, undefined, `${where}: an inferred statement quotes nothing`);
          continue;
        }
        assert.ok(p.quotes && p.quotes.length > 0, `${where}: ${p.from} without a quote`);
        const source = p.from === 'seed' ? page : providersMd;
        for (const q of p.quotes)
          assert.ok(
            quoteFound(q, source),
            `${where}: not in ${p.from === 'seed' ? seedFiles[id] : 'providers.md'}: "${q}"`,
          );
      }
    };
    describe(id, () => {
      for (const e of catalog.entries) {
        const name = `${e.code}${e.endpoint ? ` (${e.endpoint})` : ''}`;
        it(`${name}: meaning, action, retry rule and field notes cite their source`, () => {
          check(`${name} meaning`, e.provenance?.meaning);
          check(`${name} action`, e.provenance?.action);
          check(`${name} retry`, e.provenance?.retry);
          for (const f of e.fields ?? []) check(`${name} field ${f.path}`, f.provenance);
        });
        it(`${name}: full sentences, no dead "See …" references, only docs URLs a source gives`, () => {
          for (const [what, text] of [
            ['meaning', e.meaning],
            ['action', e.action],
            ['retryCondition', e.retryCondition ?? 'None.'],
          ] as const) {
            assert.match(text, /[.!?)]$/, `${name} ${what} is not a sentence: "${text}"`);
            assert.doesNotMatch(
              text,
              /\bSee (?!https:\/\/)[A-Z][\w -]*\./,
              `${name} ${what} keeps a dead reference: "${text}"`,
            );
          }
          assert.match(e.docs, docsGiven[id] as RegExp, `${name} docs`);
          if (e.retryable === 'unknown')
            assert.match(e.retryCondition ?? '', /^Not documented/, `${name}: an unknown retry rule says so`);
        });
      }
    });
  }
});

describe('cards mark what is not the errors page’s word', () => {
  const find = (provider: string, code: string) => {
    const entry = builtinCatalog.find(provider, code);
    assert.ok(entry, `${provider} ${code}`);
    return entry;
  };

  it('leaves statements resting on the page alone', () => {
    const card = entryCard(find('kynasmith', 'access_token_expired'), builtinCatalog);
    assert.equal(card.meaning, 'The access token has expired.');
    assert.equal(card.action, 'Refresh or re-mint the access token.');
    const rateLimited = entryCard(find('kynasmith', 'rate_limited'), builtinCatalog);
    assert.equal(rateLimited.action, 'Back off and retry after the Retry-After header duration.');
  });

  it('marks providers.md statements "from public reports" and ours "inferred", on hover and lookup cards alike', () => {
    const card = entryCard(find('knouds', 'CAPABILITY_DENIED'), builtinCatalog);
    assert.match(card.meaning, / \(from public reports\)$/);
    assert.match(card.action, / \(inferred\)$/);
    assert.equal(card.retryCondition, 'Not retryable (inferred).');
    assert.ok(
      card.bodySays.some((fact) => /^required — .* \(inferred\)$/.test(factText(fact))),
      card.bodySays.map(factText).join('\n'),
    );
    assert.deepEqual(markProvenance(find('knouds', 'CAPABILITY_DENIED')), {
      meaning: card.meaning,
      action: card.action,
      retryCondition: card.retryCondition,
    });
  });

  it('shows an undocumented retry rule as unknown, with the reason', () => {
    const entry = find('overten', 'internal_error');
    const card = entryCard(entry, builtinCatalog);
    assert.match(card.title, /· retryable: unknown$/);
    assert.match(card.retryCondition ?? '', /^Not documented: the errors page gives no retry rule/);
    assert.equal(provenanceNote(undefined), '');
  });
});

describe('an unknown retry rule on every surface that reads a finding', () => {
  const body =
    '{"success": false, "error": "internal_error", "message": "Something went wrong on our side."}';
  const finding = detect(body, builtinCatalog).find((f) => f.code === 'internal_error');

  it('the summary (CLI explain, diagnostics) says unknown, not "retry with care"', () => {
    assert.ok(finding);
    assert.equal(finding.provider, 'overten');
    const summary = summarize(finding, builtinCatalog);
    assert.equal(summary.retryable, null);
    assert.equal(summary.retryUnknown, true);
    assert.equal(summaryRetryLabel(summary), 'retryable: unknown');
    assert.equal(summaryRetryLabel({ retryable: null }), 'retry with care');
  });

  it('the hover card titles it "retryable: unknown" and says why', () => {
    assert.ok(finding);
    const card = findingCard(finding, builtinCatalog, { now: Date.parse('2026-01-01T00:00:00Z'), timeZone: 'UTC', locale: 'en-US' });
    assert.match(card.title, /^Overten · internal_error · 500 Internal Server Error · retryable: unknown$/);
    assert.match(card.retryCondition ?? '', /^Not documented: /);
  });
});
