import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { HANDLERS_DOC, withHandlers } from '../../scripts/readme-handlers';
import { root } from './helpers/cli';

const readme = () => readFileSync(resolve(root, 'README.md'), 'utf8');

describe('README and docs', () => {
  it('docs/handlers.md shows the handler the extension generates for each provider (npm run readme:handlers)', () => {
    const doc = readFileSync(HANDLERS_DOC, 'utf8');
    assert.equal(doc, withHandlers(doc), 'docs/handlers.md is stale: run npm run readme:handlers');
  });

  it('links only screenshots and docs that exist', () => {
    const links = [...readme().matchAll(/\]\(((?:media|docs)\/[^)#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!);
    assert.ok(links.includes('docs/handlers.md') && links.includes('docs/cli.md') && links.includes('docs/design.md'));
    for (const link of links) assert.ok(existsSync(resolve(root, link)), link);
  });

  it('stays short enough to read in two minutes (the details live in docs/)', () => {
    const lines = readme().split('\n').length;
    assert.ok(lines <= 260, `${lines} lines`);
  });
});
