import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../src/core/catalog';
import { detect } from '../../src/core/detect';
import { root } from './helpers/cli';

/** Deterministic PRNG (mulberry32) so a failing case can be replayed from its seed. */
function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = ['{', '}', '[', ']', '"', ':', ',', '\\', '\n', '"error"', '"code"', '"errors"', '"title"', 'null', '```', '###', 'HTTP/1.1 429 X\n', '<> x.json\n', '> {%', '%}', '\ud800', '\udc00', '`', "'", '"""', '/*', '//', '#'];
const LANGUAGES = ['json', 'log', 'http', 'markdown', 'typescript', 'python', 'plaintext', undefined];

export function fixtureTexts(): string[] {
  const dirs = ['test/fixtures/workspace', 'test/fixtures/workspace/responses', 'test/fixtures/detect'];
  return dirs.flatMap((d) =>
    readdirSync(resolve(root, d), { withFileTypes: true })
      .filter((f) => f.isFile() && !f.name.endsWith('.bin'))
      .map((f) => readFileSync(join(resolve(root, d), f.name), 'utf8')),
  );
}

export function mutate(text: string, random: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const at = () => Math.floor(random() * (text.length + 1));
  switch (Math.floor(random() * 6)) {
    case 0:
      return text.slice(0, at()); // truncation
    case 1: {
      const i = at();
      return text.slice(0, i) + pick(TOKENS) + text.slice(i);
    }
    case 2: {
      const i = at();
      return text.slice(0, i) + text.slice(i + 1 + Math.floor(random() * 20));
    }
    case 3: {
      let s = '';
      const n = Math.floor(random() * 400);
      for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(random() * 0x10000));
      return s; // random UTF-16, lone surrogates included
    }
    case 4: {
      const i = at();
      const j = at();
      return text.slice(0, Math.min(i, j)) + text.slice(Math.max(i, j)) + text.slice(Math.min(i, j), Math.max(i, j));
    }
    default:
      return pick(TOKENS).repeat(Math.floor(random() * 2000)) + text;
  }
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
