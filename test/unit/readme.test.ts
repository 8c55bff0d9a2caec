import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { withHandlers } from '../../scripts/readme-handlers';
import { root } from './helpers/cli';

describe('README', () => {
  it('shows the handler the extension generates for each provider (npm run readme:handlers)', () => {
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    assert.equal(readme, withHandlers(readme), 'README handlers are stale: run npm run readme:handlers');
  });

  it('links only screenshots that exist', () => {
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    for (const m of readme.matchAll(/!\[[^\]]*\]\((media\/[^)]+)\)/g)) assert.doesNotThrow(() => readFileSync(resolve(root, m[1]!)), m[1]);
  });
});
