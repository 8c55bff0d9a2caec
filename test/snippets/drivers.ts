/**
 * Runs the generated full handlers against replay servers: TypeScript and JavaScript in this process
 * (the TypeScript through tsx), Python as one /usr/bin/python3 child driven by python_driver.py.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateHandler, type SnippetLanguage } from '../../src/core/snippets';
import { functionName, providerSpec } from '../../src/core/snippets/plan';
import type { Scenario, Step } from './scenarios';
import { startReplayServer, type RecordedRequest, type ReplayServer } from './server';
import { PYTHON, root, run } from './toolchain';

export type Outcome =
  | { ok: true; value: unknown }
  | { ok: false; error: { name: string; message: string; fields: Record<string, unknown> } };

export interface ScenarioRun {
  language: SnippetLanguage;
  outcomes: Outcome[];
  requests: RecordedRequest[];
  /** What the handler asked the injected sleep for, in milliseconds (none in real time). */
  sleeps: number[];
  refreshCalls: number;
  logs: string[];
  /** How long each call took, in real milliseconds. */
  durations: number[];
}

type Driven = Omit<ScenarioRun, 'language' | 'requests'>;

const EXTENSION = { typescript: 'mts', javascript: 'mjs', python: 'py' } as const;

function writeHandlers(
  dir: string,
  language: SnippetLanguage,
  providers: readonly string[],
): Map<string, string> {
  const files = new Map<string, string>();
  for (const provider of new Set(providers)) {
    const file = join(dir, `${provider}_handler.${EXTENSION[language]}`);
    writeFileSync(file, generateHandler(provider, language).text);
    files.set(provider, file);
  }
  return files;
}

let imports = 0;

async function driveInProcess(
  scenario: Scenario,
  file: string,
  server: ReplayServer,
  language: SnippetLanguage,
): Promise<Driven> {
  const spec = providerSpec(scenario.provider);
  // A fresh module instance a scenario: module-wide state (Kayle's frozen key) must not leak.
  const module = (await import(`${pathToFileURL(file).href}?scenario=${imports++}`)) as Record<
    string,
    unknown
  >;
  const handler = module[functionName(spec, language)] as (
    request: unknown,
    options: unknown,
  ) => Promise<unknown>;
  const driven: Driven = { outcomes: [], sleeps: [], refreshCalls: 0, logs: [], durations: [] };
  // A clock that only the injected sleeps and the scenario's steps move.
  let clock = 1_000_000;
  const options: Record<string, unknown> = {
    baseUrl: server.url,
    random: () => 0.5,
    log: (message: string, fields: Record<string, unknown>) =>
      driven.logs.push(`${message} ${JSON.stringify(fields)}`),
  };
  if (scenario.timeoutMs !== undefined) options.timeoutMs = scenario.timeoutMs;
  if (scenario.maxWaitMs !== undefined) options.maxWaitMs = scenario.maxWaitMs;
  if (!scenario.realTime) {
    options.now = () => clock;
    options.sleep = async (ms: number) => {
      driven.sleeps.push(ms);
      clock += ms;
    };
  }
  if (scenario.refresh) {
    options.refreshAccessToken = async () => {
      driven.refreshCalls++;
      return 'fresh-token';
    };
  }
  for (const step of stepsOf(scenario)) {
    clock += step.advanceMs ?? 0;
    options[spec.credential.option] = step.key ?? 'test-key';
    const controller = new AbortController();
    const abortAfterMs = scenario.abortAfterMs;
    let watch: NodeJS.Timeout | undefined;
    if (abortAfterMs !== undefined) {
      options.signal = controller.signal;
      // Counted from the request's arrival, so that a busy machine cannot cancel before it is sent.
      const sent = server.requests.length;
      watch = setInterval(() => {
        if (server.requests.length === sent) return;
        clearInterval(watch);
        setTimeout(() => controller.abort(), abortAfterMs);
      }, 5);
    }
    const started = performance.now();
    try {
      driven.outcomes.push({ ok: true, value: await handler(scenario.request, options) });
    } catch (error) {
      const fields = { ...(error as object) } as Record<string, unknown>;
      driven.outcomes.push({
        ok: false,
        error: { name: (error as Error).name, message: (error as Error).message, fields },
      });
    }
    driven.durations.push(performance.now() - started);
    clearInterval(watch);
  }
  return driven;
}

async function drivePython(
  scenarios: readonly Scenario[],
  files: Map<string, string>,
  servers: ReplayServer[],
): Promise<Driven[]> {
  const runs = scenarios.map((scenario, i) => {
    const spec = providerSpec(scenario.provider);
    return {
      module: files.get(scenario.provider),
      function: functionName(spec, 'python'),
      credential: spec.credential.option === 'accessToken' ? 'access_token' : 'api_key',
      baseUrl: servers[i]?.url,
      method: scenario.request.method,
      path: scenario.request.path,
      body: scenario.request.body,
      refresh: scenario.refresh === true,
      realTime: scenario.realTime === true,
      steps: stepsOf(scenario),
      ...(scenario.timeoutMs !== undefined ? { timeout: scenario.timeoutMs / 1000 } : {}),
      ...(scenario.maxWaitMs !== undefined ? { maxWait: scenario.maxWaitMs / 1000 } : {}),
    };
  });
  const result = await run(PYTHON, [resolve(root, 'test/snippets/python_driver.py')], {
    input: JSON.stringify(runs),
  });
  if (result.code !== 0) throw new Error(`python driver failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as Driven[];
}

/** Runs every scenario in one language, each against its own replay server. */
export async function runScenarios(
  language: SnippetLanguage,
  scenarios: readonly Scenario[],
  dir: string,
): Promise<ScenarioRun[]> {
  const files = writeHandlers(
    dir,
    language,
    scenarios.map((s) => s.provider),
  );
  const servers = await Promise.all(
    scenarios.map((s) =>
      startReplayServer(
        s.replies,
        s.idempotencyKeyField ? { idempotencyKeyField: s.idempotencyKeyField } : {},
      ),
    ),
  );
  try {
    const driven =
      language === 'python'
        ? await drivePython(scenarios, files, servers)
        : await Promise.all(
            scenarios.map((s, i) =>
              driveInProcess(s, files.get(s.provider) ?? '', servers[i] as ReplayServer, language),
            ),
          );
    return driven.map((d, i) => ({ ...d, language, requests: servers[i]?.requests ?? [] }));
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}

/** The calls a scenario makes: its steps, else `calls` plain ones. */
export function stepsOf(scenario: Scenario): Step[] {
  return scenario.steps ?? Array.from({ length: scenario.calls ?? 1 }, () => ({}));
}
