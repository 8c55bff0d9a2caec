import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../src/core/catalog';
import { detect } from '../../src/core/detect';
import { mutate, rng } from '../fixtures/fuzzInputs';
import { root } from './helpers/cli';

const LANGUAGES = ['json', 'log', 'http', 'markdown', 'typescript', 'python', 'go', 'plaintext', undefined];

export function fixtureTexts(): string[] {
  const dirs = ['test/fixtures/workspace', 'test/fixtures/workspace/responses', 'test/fixtures/detect'];
  return dirs.flatMap((d) =>
    readdirSync(resolve(root, d), { withFileTypes: true })
      .filter((f) => f.isFile() && !f.name.endsWith('.bin'))
      .map((f) => readFileSync(join(resolve(root, d), f.name), 'utf8')),
  );
}

export function fuzz(cases: number, seed: number): { cases: number; slowest: number } {
  const random = rng(seed);
  const texts = fixtureTexts();
  let slowest = 0;
  for (let n = 0; n < cases; n++) {
    let text = texts[n % texts.length] as string;
    const rounds = 1 + Math.floor(random() * 3);
    for (let r = 0; r < rounds; r++) text = mutate(text, random);
    const languageId = LANGUAGES[Math.floor(random() * LANGUAGES.length)];
    const started = performance.now();
    let findings;
    try {
      findings = detect(text, builtinCatalog, { languageId, fileName: languageId ? undefined : 'x.http' });
    } catch (error) {
      throw new Error(`case ${n} (seed ${seed}) threw: ${(error as Error).message}`);
    }
    const elapsed = performance.now() - started;
    slowest = Math.max(slowest, elapsed / Math.max(1, text.length / 1024));
    for (const f of findings) {
      for (const r of [f.codeRange, f.bodyRange]) {
        assert.ok(r.start >= 0 && r.start <= r.end && r.end <= text.length, `case ${n} (seed ${seed}): range ${r.start}-${r.end} outside ${text.length}`);
      }
    }
    // Time bound proportional to size: 50 ms per KB, with a 200 ms floor for tiny inputs.
    assert.ok(elapsed < 200 + 50 * (text.length / 1024), `case ${n} (seed ${seed}) took ${elapsed.toFixed(1)} ms for ${text.length} chars`);
  }
  return { cases, slowest };
}

describe('detection under fuzzing', () => {
  it('survives 10 000 mutated fixtures, random bytes and truncations: no throw, ranges inside the text', () => {
    const { cases } = fuzz(10_000, 20261121);
    assert.equal(cases, 10_000);
  });
});
