/**
 * Proof 2 of the snippets issue: every full handler, in every language, runs against a local server
 * that replays the provider's documented error bodies and headers, and does what the docs prescribe.
 * Waits go through the injected sleep (so this takes milliseconds), except one real-time case a language.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SNIPPET_PROVIDERS } from '../../src/core/snippets';
import { runScenarios, type ScenarioRun } from '../snippets/drivers';
import { LANGUAGES } from '../snippets/inventory';
import { SCENARIOS } from '../snippets/scenarios';
import { ensureGo, ensurePythonHttpx } from '../snippets/toolchain';

const dir = mkdtempSync(join(tmpdir(), 'api-errors-handlers-'));
for (const language of LANGUAGES) mkdirSync(join(dir, language));
after(() => rmSync(dir, { recursive: true, force: true }));

it('has scenarios for every provider, and a real-time one', () => {
  for (const provider of SNIPPET_PROVIDERS) {
    if (!SCENARIOS.some((s) => s.provider === provider)) throw new Error(`no scenario for ${provider}`);
  }
  if (!SCENARIOS.some((s) => s.realTime)) throw new Error('no real-time scenario');
});

for (const language of LANGUAGES) {
  describe(`${language} handlers against the replay server`, () => {
    let runs: ScenarioRun[] = [];
    const scenarios = SCENARIOS.filter((s) => !s.languages || s.languages.includes(language));
    before(async () => {
      if (language === 'python') await ensurePythonHttpx();
      if (language === 'go') await ensureGo();
      runs = await runScenarios(language, scenarios, join(dir, language));
    });
    scenarios.forEach((scenario, i) => {
      it(`${scenario.provider}: ${scenario.name}`, () => {
        const run = runs[i];
        if (!run) throw new Error('the scenario did not run');
        scenario.check(run);
      });
    });
  });
}
