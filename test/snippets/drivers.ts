/**
 * Runs the generated full handlers against replay servers: TypeScript and JavaScript in this process
 * (the TypeScript through tsx), Python as one /usr/bin/python3 child driven by python_driver.py, Go
 * as one program built from go_driver.go with the handlers as its packages.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SNIPPET_PROVIDERS, generateHandler, type SnippetLanguage } from '../../src/core/snippets';
import { functionName, providerSpec } from '../../src/core/snippets/plan';
import type { Scenario, Step } from './scenarios';
import { startReplayServer, type RecordedRequest, type ReplayServer } from './server';
import { GO, GO_ENV, PYTHON, goModule, root, run } from './toolchain';

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

const EXTENSION = { typescript: 'mts', javascript: 'mjs', python: 'py', go: 'go' } as const;

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

type Handler = (request: unknown, options: unknown) => Promise<unknown>;

/** A fresh module instance a scenario: module-wide state (Kayle's frozen keys) must not leak. */
async function loadHandler(scenario: Scenario, file: string, language: SnippetLanguage): Promise<Handler> {
  const spec = providerSpec(scenario.provider);
  const module = (await import(`${pathToFileURL(file).href}?scenario=${imports++}`)) as Record<
    string,
    unknown
  >;
  return module[functionName(spec, language)] as Handler;
}

async function driveInProcess(scenario: Scenario, handler: Handler, server: ReplayServer): Promise<Driven> {
  const spec = providerSpec(scenario.provider);
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

/**
 * The Go handlers as packages `<provider>client` of a module whose main package is go_driver.go,
 * built once, then run over every scenario in one process.
 */
async function driveGo(
  scenarios: readonly Scenario[],
  servers: ReplayServer[],
  dir: string,
): Promise<Driven[]> {
  writeFileSync(join(dir, 'go.mod'), goModule('snippetrun'));
  copyFileSync(resolve(root, 'test/snippets/go_driver.go'), join(dir, 'main.go'));
  for (const provider of SNIPPET_PROVIDERS) {
    mkdirSync(join(dir, `${provider}client`), { recursive: true });
    writeFileSync(join(dir, `${provider}client`, 'client.go'), generateHandler(provider, 'go').text);
  }
  const built = await run(GO, ['build', '-o', 'driver', '.'], { cwd: dir, env: GO_ENV });
  if (built.code !== 0) throw new Error(`go build failed:\n${built.stdout}${built.stderr}`);
  const runs = scenarios.map((scenario, i) => ({
    provider: scenario.provider,
    baseUrl: servers[i]?.url,
    method: scenario.request.method,
    path: scenario.request.path,
    body: scenario.request.body ?? null,
    refresh: scenario.refresh === true,
    realTime: scenario.realTime === true,
    steps: stepsOf(scenario),
    timeoutMs: scenario.timeoutMs ?? 0,
    maxWaitMs: scenario.maxWaitMs ?? 0,
    abortAfterMs: scenario.abortAfterMs ?? 0,
  }));
  const result = await run(join(dir, 'driver'), [], { input: JSON.stringify(runs), cwd: dir });
  if (result.code !== 0) throw new Error(`go driver failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as Driven[];
}

/**
 * Loads every scenario's module before any call starts (loading is slow, and would hold up the
 * timers of the calls already running), then runs the scenarios together.
 */
async function driveAllInProcess(
  scenarios: readonly Scenario[],
  files: Map<string, string>,
  servers: ReplayServer[],
  language: SnippetLanguage,
): Promise<Driven[]> {
  const handlers = await Promise.all(
    scenarios.map((s) => loadHandler(s, files.get(s.provider) ?? '', language)),
  );
  const drive = (i: number) =>
    driveInProcess(scenarios[i] as Scenario, handlers[i] as Handler, servers[i] as ReplayServer);
  const indexes = scenarios.map((_, i) => i);
  const driven = new Array<Driven>(scenarios.length);
  await Promise.all(
    indexes.filter((i) => !isTimed(scenarios[i])).map(async (i) => (driven[i] = await drive(i))),
  );
  // Real waits, timeouts and cancellations measure time: one at a time, on an idle event loop.
  for (const i of indexes.filter((i) => isTimed(scenarios[i]))) driven[i] = await drive(i);
  return driven;
}

/** Whether a scenario's outcome depends on real time passing. */
function isTimed(scenario: Scenario | undefined): boolean {
  return (
    scenario?.realTime === true || scenario?.timeoutMs !== undefined || scenario?.abortAfterMs !== undefined
  );
}

/** Runs every scenario in one language, each against its own replay server. */
export async function runScenarios(
  language: SnippetLanguage,
  scenarios: readonly Scenario[],
  dir: string,
): Promise<ScenarioRun[]> {
  const files =
    language === 'go'
      ? new Map<string, string>()
      : writeHandlers(
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
        : language === 'go'
          ? await driveGo(scenarios, servers, dir)
          : await driveAllInProcess(scenarios, files, servers, language);
    return driven.map((d, i) => ({ ...d, language, requests: servers[i]?.requests ?? [] }));
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}

/** The calls a scenario makes: its steps, else `calls` plain ones. */
export function stepsOf(scenario: Scenario): Step[] {
  return scenario.steps ?? Array.from({ length: scenario.calls ?? 1 }, () => ({}));
}
