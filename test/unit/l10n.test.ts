import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { QUICK_FIX_TITLES } from '../../src/core/quickFixes';
import { root } from './helpers/cli';

const json = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, unknown>;
const placeholders = (text: string) => [...text.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();

/**
 * Every message the code passes to vscode.l10n.t: single-quoted literals, and the quick-fix title
 * templates the core hands to the editors (translated where they are shown).
 */
function messagesInCode(): Set<string> {
  const messages = new Set<string>(Object.values(QUICK_FIX_TITLES));
  const files = readdirSync(join(root, 'src'), { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const text = readFileSync(join(root, 'src', file), 'utf8');
    for (const m of text.matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) messages.add(m[1]!.replace(/\\'/g, "'"));
    assert.doesNotMatch(text, /l10n\.t\(\s*[`"]/, `${file}: l10n.t takes a plain single-quoted message (so this test can see it)`);
    for (const m of text.matchAll(/l10n\.t\(\s*([a-z][\w.]*)/g)) assert.equal(m[1], 'fix.title', `${file}: l10n.t(${m[1]}…): a message this test cannot see`);
  }
  return messages;
}

describe('localisation', () => {
  it('every message of the code has a German translation, with the same placeholders, and none is stale', () => {
    const messages = messagesInCode();
    const bundle = json('l10n/bundle.l10n.de.json') as Record<string, string>;
    assert.ok(messages.size > 50, `${messages.size} messages found`);
    for (const message of messages) {
      assert.ok(message in bundle, `no German for ${JSON.stringify(message)}`);
      assert.deepEqual(placeholders(bundle[message]!), placeholders(message), message);
    }
    for (const key of Object.keys(bundle)) assert.ok(messages.has(key), `stale translation: ${JSON.stringify(key)}`);
  });

  it('package.nls.de.json translates every manifest string, and package.json names only keys that exist', () => {
    const english = json('package.nls.json');
    const german = json('package.nls.de.json');
    assert.deepEqual(Object.keys(german).sort(), Object.keys(english).sort());
    for (const key of Object.keys(english)) assert.notEqual(german[key], '', key);
    const manifest = readFileSync(join(root, 'package.json'), 'utf8');
    for (const m of manifest.matchAll(/"%([\w.]+)%"/g)) assert.ok(m[1]! in english, `package.json names %${m[1]}%, which package.nls.json lacks`);
    assert.equal(json('package.json').l10n, './l10n');
  });
});
