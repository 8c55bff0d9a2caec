/**
 * Emits TypeScript, with the TypeScript-only text marked (see `ts()` in text.ts) so that the
 * JavaScript variant is the same source with the types left out.
 */
import type { BranchTarget, ErrorClass, ErrorField, ProviderSpec, ValueType } from './model';
import { baseClass, className, declaredClasses, functionName, statusClasses, typePrefix } from './plan';
import { dispatch, featureDeclarations, keepUsed, renderBranch, withWhy } from './dialect';
import type { Declaration, Dialect, FeatureWriters } from './dialect';
import { comment, docComment, forLanguage, indent, placeholder, ts, tsString } from './text';

const TYPES: Record<ValueType, string> = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  unknown: 'unknown',
};

/** `30000` → `30_000`, as people write long numbers. */
export function num(value: number): string {
  return value >= 10_000 ? String(value).replace(/\B(?=(\d{3})+$)/g, '_') : String(value);
}

/** `error.details.quota_limit` read from `root`: `root.error?.details?.quota_limit`. */
function access(root: string, path: string): string {
  return `${root}.${path.split('.').join('?.')}`;
}

/** `{ a, b }` on one line when it fits, else one entry a line. */
function objectLiteral(entries: readonly string[], prefix: string, suffix: string, depth: number): string {
  const flat = `${prefix}{ ${entries.join(', ')} }${suffix}`;
  if (flat.length + depth * 2 <= 100) return flat;
  return `${prefix}{\n${indent(entries.map((e) => `${e},`).join('\n'), 1)}\n}${suffix}`;
}

function credentialExpr(spec: ProviderSpec): string {
  const option = spec.credential.option;
  return `options.${option} ?? process.env.${placeholder(3, spec.credential.env)} ?? ''`;
}

function credentialHeader(spec: ProviderSpec): string {
  const { header, scheme, option } = spec.credential;
  const key = /^[A-Za-z]+$/.test(header) ? header : tsString(header);
  return scheme ? `${key}: \`${scheme} \${${option}}\`` : `${key}: ${option}`;
}

/**
 * The handler's set-up before its loop, declaring only what `body` (the loop, or a branch in the
 * branch host) uses, so that nothing is left unused.
 */
function prologue(spec: ProviderSpec, body: string): string {
  const code = body.replace(/^\s*\/\/.*$/gm, '');
  const uses = (name: string) => new RegExp(`\\b${name}\\b`).test(code);
  const keyState = spec.features?.keyState !== undefined;
  const defaults = [
    uses('maxAttempts') ? 'maxAttempts = MAX_ATTEMPTS' : '',
    uses('maxPolls') ? 'maxPolls = MAX_REPORT_POLLS' : '',
    uses('maxWaitMs') ? 'maxWaitMs = MAX_WAIT_MS' : '',
    uses('timeoutMs') ? 'timeoutMs = REQUEST_TIMEOUT_MS' : '',
    uses('send') ? 'fetch: send = fetch' : '',
    uses('signal') ? 'signal' : '',
    uses('sleep') ? 'sleep = defaultSleep' : '',
    uses('random') ? 'random = Math.random' : '',
    uses('now') || keyState ? 'now = Date.now' : '',
    uses('log') ? 'log = defaultLog' : '',
  ].filter((d) => d !== '');
  const base = `${spec.id.toUpperCase()}_BASE_URL`;
  const credential = spec.credential.option;
  const lines = [
    defaults.length > 0 ? objectLiteral(defaults, 'const ', ' = options;', 1) : '',
    'const url = `${(options.baseUrl ?? ' + base + ").replace(/\\/+$/, '')}${request.path}`;",
    uses(credential) || keyState
      ? `${spec.features?.refreshToken ? 'let' : 'const'} ${credential} = ${credentialExpr(spec)};`
      : '',
    uses('refreshed') ? 'let refreshed = false;' : '',
    uses('polls') ? 'let polls = 0;' : '',
  ];
  if (keyState) {
    lines.push(
      'const frozenKeys = options.frozenKeys ?? sharedFrozenKeys;',
      `const frozen = frozenKeys.get(${credential});`,
      "// The organization's keys are off: refused without a request until the re-check is due.",
      'if (frozen !== undefined && now() < frozen.recheckAt) throw frozen.error;',
    );
  }
  return lines.filter((line) => line !== '').join('\n');
}

function readFailureCall(spec: ProviderSpec): string {
  return spec.hint?.from === 'endpointFixes'
    ? 'await readFailure(response, request)'
    : 'await readFailure(response)';
}

/** The request, and what a failure to get any response means: retried where safe, else the provider's error. */
function sendRequest(spec: ProviderSpec): string {
  const network = className(spec, 'network', 'typescript');
  const retry = spec.networkRetry.when === 'idempotent';
  return [
    `let response${ts(': Response')};`,
    'try {',
    '  response = await send(url, {',
    "    method: request.method ?? 'GET',",
    indent(
      objectLiteral(
        ["'Content-Type': 'application/json'", '...request.headers', credentialHeader(spec)],
        'headers: ',
        ',',
        4,
      ),
      2,
    ),
    '    body: request.body === undefined ? null : JSON.stringify(request.body),',
    '    signal: requestSignal(signal, timeoutMs),',
    '  });',
    '} catch (error) {',
    "  // The caller cancelled: stop with the caller's own reason, never retry.",
    '  if (signal?.aborted) throw signal.reason;',
    `  log('${spec.displayName} request got no response', { error: String(error), attempt });`,
    ...(retry
      ? [
          comment(spec.networkRetry.why, '  // ', 100),
          '  if (attempt < maxAttempts && isIdempotent(request)) {',
          '    await sleep(backoffMs(attempt, random), signal);',
          '    continue;',
          '  }',
        ]
      : [comment(spec.networkRetry.why, '  // ', 100)]),
    `  throw new ${network}(networkFailure(error), { cause: error });`,
    '}',
  ].join('\n');
}

function loopBody(spec: ProviderSpec): string {
  const logged = [
    'status: failure.status',
    spec.codePath ? 'code: failure.code' : 'error: failure.message',
    'requestId: failure.requestId',
    ...(spec.logFields ?? []).map((f) => `${f.name}: ${access('failure.body', f.path)}`),
    'attempt',
  ];
  const success = spec.features?.keyState
    ? `if (response.ok) {\n  frozenKeys.delete(${spec.credential.option});\n  return readJson(response);\n}`
    : 'if (response.ok) return readJson(response);';
  const parts = [
    sendRequest(spec),
    spec.features?.asyncTasks
      ? withWhy(
          typescript,
          'A sync request past the 300 s ceiling may also be promoted to a 202 task: poll it either way.',
          `if (response.status === 202) ${typescript.phrases.acceptTask}`,
        )
      : '',
    success,
    `const failure = ${readFailureCall(spec)};`,
    objectLiteral(logged, `log('${spec.displayName} request failed', `, ');', 2),
    dispatch(typescript, spec),
  ];
  return parts.filter((p) => p !== '').join('\n');
}

function classDeclaration(spec: ProviderSpec, cls: ErrorClass, isBase: boolean): string {
  const P = typePrefix(spec);
  const name = className(spec, cls.id, 'typescript');
  const fields: { name: string; type: string; value: string }[] = [];
  if (isBase) {
    fields.push({ name: 'status', type: 'number', value: 'failure.status' });
    if (spec.codePath) fields.push({ name: 'code', type: 'string | undefined', value: 'failure.code' });
    fields.push({ name: 'requestId', type: 'string | undefined', value: 'failure.requestId' });
    if (spec.hint)
      fields.push({ name: spec.hint.name, type: 'string | undefined', value: `failure.${spec.hint.name}` });
  }
  for (const f of cls.fields ?? [])
    fields.push({ name: f.name, type: `${TYPES[f.type]} | undefined`, value: fieldValue(f) });
  if (isBase) fields.push({ name: 'body', type: `${P}ErrorBody`, value: 'failure.body' });
  const head = `${docComment(cls.doc)}\nexport class ${name}${isBase ? ' extends Error' : ` extends ${className(spec, 'base', 'typescript')}`} {`;
  if (fields.length === 0 && !isBase) return `${head}}`;
  const assignments = [
    isBase ? `super(summary(failure), options);\nthis.name = new.target.name;` : 'super(failure);',
    ...fields.map((f) => `this.${f.name} = ${f.value};`),
  ];
  return [
    head,
    ...fields.map((f) => `  ${ts(`readonly ${f.name}: ${f.type};`)}`),
    ts(''),
    isBase
      ? `  constructor(failure${ts(`: ${P}Failure`)}, options${ts('?: ErrorOptions')}) {`
      : `  constructor(failure${ts(`: ${P}Failure`)}) {`,
    indent(assignments.join('\n'), 2),
    '  }',
    '}',
  ].join('\n');
}

function fieldValue(field: ErrorField): string {
  return field.from === 'retryAfter' ? 'failure.retryAfter' : access('failure.body', field.from);
}

/** The body fields as a nested interface. */
function bodyType(spec: ProviderSpec): string {
  interface Node {
    type?: ValueType;
    children: Map<string, Node>;
  }
  const root: Node = { children: new Map() };
  for (const field of spec.body) {
    let node = root;
    for (const key of field.path.split('.')) {
      const next = node.children.get(key) ?? { children: new Map() };
      node.children.set(key, next);
      node = next;
    }
    node.type = field.type;
  }
  const render = (node: Node, depth: number): string =>
    [...node.children]
      .map(([key, child]) => {
        const type =
          child.children.size > 0
            ? `{\n${render(child, depth + 1)}\n${'  '.repeat(depth)}}`
            : TYPES[child.type ?? 'unknown'];
        return `${'  '.repeat(depth)}${key}?: ${type};`;
      })
      .join('\n');
  return `/** The error body: ${spec.envelope}. */\nexport interface ${typePrefix(spec)}ErrorBody {\n${render(root, 1)}\n}`;
}

function failureType(spec: ProviderSpec): string {
  const P = typePrefix(spec);
  const lines = [
    '  status: number;',
    spec.codePath ? '  code: string | undefined;' : '',
    '  message: string;',
    `  /** The ${spec.requestIdHeader} header: support asks for it. */`,
    '  requestId: string | undefined;',
    '  /** Seconds to wait, from the Retry-After header or the body. */',
    '  retryAfter: number | undefined;',
    spec.retryablePath ? '  retryable: boolean;' : '',
    spec.hint ? `  ${spec.hint.name}: string | undefined;` : '',
    `  body: ${P}ErrorBody;`,
  ];
  return `/** What handling needs to know about one failed response. */\nexport interface ${P}Failure {\n${lines.filter((l) => l !== '').join('\n')}\n}`;
}

function requestTypes(spec: ProviderSpec): string {
  const P = typePrefix(spec);
  const { option, env } = spec.credential;
  const features = spec.features ?? {};
  const options = [
    '  baseUrl?: string;',
    `  /** Defaults to the ${placeholder(3, env)} environment variable. */`,
    `  ${option}?: string;`,
    features.refreshToken
      ? '  /** Mints a new access token; called at most once per call, on access_token_expired. */'
      : '',
    features.refreshToken ? '  refreshAccessToken?: () => Promise<string>;' : '',
    features.keyState ? "  /** Frozen organizations' keys; this module's map by default. */" : '',
    features.keyState ? `  frozenKeys?: Map<string, ${P}FrozenKey>;` : '',
    '  /** Cancels the call: the request in flight and any wait between attempts. */',
    '  signal?: AbortSignal;',
    `  /** Per request, in milliseconds: ${spec.timeoutSeconds} s by default. */`,
    '  timeoutMs?: number;',
    '  /** Attempts in all, the first included. */',
    '  maxAttempts?: number;',
    '  /** The longest wait the server may ask for; a longer one is not slept but thrown, as `retryAfter`. */',
    '  maxWaitMs?: number;',
    features.reportPolls
      ? '  /** How often to ask again while a report is still being generated (425). */'
      : '',
    features.reportPolls ? '  maxPolls?: number;' : '',
    features.asyncTasks ? '  /** How long to poll an async task before giving up. */' : '',
    features.asyncTasks ? '  pollTimeoutMs?: number;' : '',
    '  /** Injectable, so that tests run in milliseconds; rejects when `signal` aborts. */',
    '  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;',
    '  /** Jitter source, in [0, 1). */',
    '  random?: () => number;',
    features.asyncTasks || features.keyState ? '  now?: () => number;' : '',
    '  /** The fetch to send with (a proxy-aware or instrumented one); the global one by default. */',
    '  fetch?: typeof fetch;',
    '  log?: (message: string, fields: Record<string, unknown>) => void;',
  ];
  return [
    `export interface ${P}Request {`,
    '  /** GET when absent. */',
    '  method?: string;',
    `  /** Appended to the base URL, e.g. '${spec.examplePath}'. */`,
    '  path: string;',
    '  /** Sent as JSON. */',
    '  body?: Record<string, unknown>;',
    '  headers?: Record<string, string>;',
    '}',
    '',
    `export interface ${P}Options {`,
    ...options.filter((l) => l !== ''),
    '}',
  ].join('\n');
}

/** Module-level declarations that follow the handler, kept only when something uses them. */
function helpers(spec: ProviderSpec): Declaration[] {
  const P = typePrefix(spec);
  const base = className(spec, 'base', 'typescript');
  const server = className(spec, spec.serverError, 'typescript');
  const fix = spec.hint?.from === 'endpointFixes';
  const failureLines = [
    'status: response.status,',
    spec.codePath ? `code: ${access('body', spec.codePath)},` : '',
    `message: ${access('body', spec.messagePath)} ?? response.statusText,`,
    `requestId: response.headers.get('${spec.requestIdHeader}') ?? undefined,`,
    spec.retryAfterPath
      ? `retryAfter:\n  retryAfterSeconds(response.headers.get('Retry-After')) ?? ${access('body', spec.retryAfterPath)},`
      : "retryAfter: retryAfterSeconds(response.headers.get('Retry-After')),",
    spec.retryablePath ? `retryable: ${access('body', spec.retryablePath)} === true,` : '',
    spec.hint
      ? `${spec.hint.name}: ${spec.hint.from === 'endpointFixes' ? 'documentedFix(request, response.status)' : access('body', spec.hint.from)},`
      : '',
    'body,',
  ].filter((l) => l !== '');
  const groups = statusClasses(spec, 'typescript').map((row) => `${row.status}: ${row.name},`);
  const hint = spec.hint
    ? `const hint = failure.${spec.hint.name} ? \` \${failure.${spec.hint.name}}\` : '';`
    : '';
  return [
    {
      name: 'readFailure',
      code: [
        `async function readFailure(response${ts(': Response')}${fix ? `, request${ts(`: ${P}Request`)}` : ''})${ts(`: Promise<${P}Failure>`)} {`,
        '  const body = await readErrorBody(response);',
        '  return {',
        indent(failureLines.join('\n'), 2),
        '  };',
        '}',
      ].join('\n'),
    },
    {
      name: 'readErrorBody',
      code: [
        `async function readErrorBody(response${ts(': Response')})${ts(`: Promise<${P}ErrorBody>`)} {`,
        '  try {',
        `    const body${ts(': unknown')} = await response.json();`,
        `    if (typeof body === 'object' && body !== null) return body${ts(` as ${P}ErrorBody`)};`,
        '  } catch {',
        "    // Not JSON (a proxy's error page, say): the status alone decides.",
        '  }',
        '  return {};',
        '}',
      ].join('\n'),
    },
    {
      name: 'summary',
      code: [
        `function summary(failure${ts(`: ${P}Failure`)})${ts(': string')} {`,
        spec.codePath ? "  const code = failure.code ? ` ${failure.code}` : '';" : '',
        hint ? `  ${hint}` : '',
        `  const requestId = failure.requestId ? \` (${spec.requestIdHeader} \${failure.requestId})\` : '';`,
        `  return \`${spec.displayName} \${failure.status}${spec.codePath ? '${code}' : ''}: \${failure.message}${hint ? '${hint}' : ''}\${requestId}\`;`,
        '}',
      ]
        .filter((l) => l !== '')
        .join('\n'),
    },
    {
      name: 'errorFor',
      code: [
        `const ERRORS_BY_STATUS${ts(`: Readonly<Record<number, new (failure: ${P}Failure) => ${base}>>`)} = {`,
        indent(groups.join('\n'), 1),
        '};',
        '',
        '/** The error for a code this handler does not know, by its status. */',
        `function errorFor(failure${ts(`: ${P}Failure`)})${ts(`: ${base}`)} {`,
        server === base
          ? `  return new (ERRORS_BY_STATUS[failure.status] ?? ${base})(failure);`
          : `  const fallback = failure.status >= 500 ? ${server} : ${base};\n  return new (ERRORS_BY_STATUS[failure.status] ?? fallback)(failure);`,
        '}',
      ].join('\n'),
    },
    {
      name: 'readJson',
      code: [
        '/** The parsed body; undefined when there is none (204). */',
        `async function readJson(response${ts(': Response')})${ts(': Promise<unknown>')} {`,
        '  const text = await response.text();',
        `  return text === '' ? undefined : (JSON.parse(text)${ts(' as unknown')});`,
        '}',
      ].join('\n'),
    },
    {
      name: 'retryAfterSeconds',
      code: [
        '/** Retry-After in seconds: these APIs send a number of seconds, not an HTTP date. */',
        `function retryAfterSeconds(header${ts(': string | null')})${ts(': number | undefined')} {`,
        "  if (header === null || header.trim() === '') return undefined;",
        '  const seconds = Number(header);',
        '  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;',
        '}',
      ].join('\n'),
    },
    {
      name: 'retryDelayMs',
      code: [
        `function retryDelayMs(failure${ts(`: ${P}Failure`)}, attempt${ts(': number')}, random${ts(': () => number')})${ts(': number')} {`,
        '  return failure.retryAfter === undefined ? backoffMs(attempt, random) : failure.retryAfter * 1000;',
        '}',
      ].join('\n'),
    },
    {
      name: 'backoffMs',
      code: [
        '/** Exponential backoff with ±25 % jitter, so that clients that failed together retry apart. */',
        `function backoffMs(attempt${ts(': number')}, random${ts(': () => number')})${ts(': number')} {`,
        '  return Math.min(BACKOFF_BASE_MS * 2 ** (attempt - 1), BACKOFF_MAX_MS) * (0.75 + random() * 0.5);',
        '}',
      ].join('\n'),
    },
    {
      name: 'defaultSleep',
      code: [
        '/** Waits `ms`, or rejects with the reason as soon as `signal` aborts. */',
        `function defaultSleep(ms${ts(': number')}, signal${ts('?: AbortSignal')})${ts(': Promise<void>')} {`,
        `  return new Promise${ts('<void>')}((resolve, reject) => {`,
        '    if (signal?.aborted) return reject(signal.reason);',
        '    const onAbort = () => {',
        '      clearTimeout(timer);',
        '      reject(signal?.reason);',
        '    };',
        '    const timer = setTimeout(() => {',
        "      signal?.removeEventListener('abort', onAbort);",
        '      resolve();',
        '    }, ms);',
        "    signal?.addEventListener('abort', onAbort, { once: true });",
        '  });',
        '}',
      ].join('\n'),
    },
    {
      name: 'requestSignal',
      code: [
        "/** Aborts one request at its timeout, or when the caller's signal aborts. */",
        `function requestSignal(signal${ts(': AbortSignal | undefined')}, timeoutMs${ts(': number')})${ts(': AbortSignal')} {`,
        '  const timeout = AbortSignal.timeout(timeoutMs);',
        '  return signal ? AbortSignal.any([signal, timeout]) : timeout;',
        '}',
      ].join('\n'),
    },
    {
      name: 'networkFailure',
      code: [
        '/** A request that got no response (status 0): refused, reset, or past its timeout. */',
        `function networkFailure(error${ts(': unknown')})${ts(`: ${P}Failure`)} {`,
        '  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;',
        "  const timedOut = error instanceof Error && error.name === 'TimeoutError';",
        '  return {',
        indent(
          [
            'status: 0,',
            spec.codePath ? 'code: undefined,' : '',
            "message: timedOut ? 'no response before the timeout' : `no response (${String(cause)})`,",
            'requestId: undefined,',
            'retryAfter: undefined,',
            spec.retryablePath ? 'retryable: false,' : '',
            spec.hint ? `${spec.hint.name}: undefined,` : '',
            'body: {},',
          ]
            .filter((l) => l !== '')
            .join('\n'),
          2,
        ),
        '  };',
        '}',
      ].join('\n'),
    },
    {
      name: 'asyncResubmission',
      code: [
        '/**',
        ' * The body sent again with async: true. A reused idempotency key with another body is a 409',
        ' * conflict ("Different key", says the page), so the resubmission carries a key of its own,',
        ' * derived from the original, so that repeating the resubmission stays idempotent.',
        ' */',
        `function asyncResubmission(body${ts(': Record<string, unknown> | undefined')})${ts(': Record<string, unknown>')} {`,
        '  const key = body?.idempotency_key;',
        "  if (typeof key !== 'string') return { ...body, async: true };",
        '  return { ...body, async: true, idempotency_key: `${key}:async` };',
        '}',
      ].join('\n'),
    },
    {
      name: 'defaultLog',
      code: [
        `function defaultLog(message${ts(': string')}, fields${ts(': Record<string, unknown>')})${ts(': void')} {`,
        '  console.warn(message, fields);',
        '}',
      ].join('\n'),
    },
  ];
}

/** The declarations of the provider's features. */
const features: FeatureWriters = {
  keyState(spec) {
    const P = typePrefix(spec);
    const frozen = className(spec, 'frozen', 'typescript');
    return {
      before: true,
      name: 'sharedFrozenKeys',
      code: [
        ts(
          [
            "/** A frozen organization's key: refused until `recheckAt` (as `now()` counts), then tried once more. */",
            `export interface ${P}FrozenKey {`,
            `  error: ${frozen};`,
            '  recheckAt: number;',
            '}',
          ].join('\n'),
        ),
        '',
        "/** By API key: one organization's freeze never blocks another's keys, and a success clears it. */",
        `const sharedFrozenKeys${ts(`: Map<string, ${P}FrozenKey>`)} = new Map();`,
      ].join('\n'),
    };
  },
  idempotency(spec, suffix) {
    const P = typePrefix(spec);
    const safe = "['GET', 'HEAD', 'OPTIONS', 'DELETE'].includes(method)";
    return {
      name: 'isIdempotent',
      code: [
        `/** GET, HEAD, OPTIONS, DELETE${suffix ? ` and POST …${suffix}` : ''} can be sent again without doing the work twice. */`,
        `function isIdempotent(request${ts(`: ${P}Request`)})${ts(': boolean')} {`,
        "  const method = (request.method ?? 'GET').toUpperCase();",
        ...(suffix
          ? [
              `  if (${safe}) return true;`,
              `  const path = request.path.replace(/\\?.*$/, '');`,
              `  return method === 'POST' && path.endsWith(${tsString(suffix)});`,
            ]
          : [`  return ${safe};`]),
        '}',
      ].join('\n'),
    };
  },
  endpointFixes(spec, fixes) {
    const P = typePrefix(spec);
    const rows = fixes.map((f) => {
      const { method, path } = f;
      return objectLiteral(
        [`method: '${method}'`, `path: ${tsString(path)}`, `status: ${f.status}`, `fix: ${tsString(f.fix)}`],
        '',
        ',',
        1,
      );
    });
    return {
      name: 'documentedFix',
      code: [
        ts(
          'interface DocumentedFix {\n  method: string;\n  path: string;\n  status: number;\n  fix: string;\n}',
        ),
        '',
        '/** The errors page documents a fix per endpoint and status: found without parsing the message. */',
        `const DOCUMENTED_FIXES${ts(': readonly DocumentedFix[]')} = [`,
        indent(rows.join('\n'), 1),
        '];',
        '',
        `function documentedFix(request${ts(`: ${P}Request`)}, status${ts(': number')})${ts(': string | undefined')} {`,
        "  const method = (request.method ?? 'GET').toUpperCase();",
        "  const segments = request.path.replace(/\\?.*$/, '').split('/');",
        '  const matches = (pattern' + ts(': string') + ') => {',
        "    const parts = pattern.split('/');",
        "    return parts.length === segments.length && parts.every((p, i) => p.startsWith('{') || p === segments[i]);",
        '  };',
        '  return DOCUMENTED_FIXES.find((f) => f.status === status && f.method === method && matches(f.path))?.fix;',
        '}',
      ].join('\n'),
    };
  },
  asyncTasks(spec, tasks) {
    const P = typePrefix(spec);
    const { firstWaitMs, maxIntervalMs } = tasks;
    const fn = placeholder(1, functionName(spec, 'typescript'));
    const taskError = className(spec, 'task', 'typescript');
    return {
      name: 'waitForTask',
      code: [
        ts(
          [
            '/** An async task, as the 202 and GET /tasks/{id} return it. */',
            'interface OvertenTask {',
            '  task_id?: string;',
            '  run_id?: string;',
            '  status?: string;',
            '  message?: string;',
            '  error?: unknown;',
            '}',
          ].join('\n'),
        ),
        '',
        '/**',
        ` * Polls GET /tasks/{id} until the task ends: first after ${firstWaitMs[0] / 1000}–${firstWaitMs[1] / 1000} s, then at most ${maxIntervalMs / 1000} s apart, as`,
        ` * Overten asks. Each poll goes through ${functionName(spec, 'typescript')}, so a 429 or 503 on the way is handled too.`,
        ' */',
        `async function waitForTask(accepted${ts(': OvertenTask | undefined')}, options${ts(`: ${P}Options`)})${ts(': Promise<OvertenTask>')} {`,
        '  const { sleep = defaultSleep, random = Math.random, now = Date.now, log = defaultLog, signal } = options;',
        '  const taskId = accepted?.task_id;',
        `  if (!taskId) throw new ${className(spec, 'base', 'typescript')}(taskFailure(accepted ?? {}, 'a 202 without a task_id'));`,
        "  log('Overten task accepted', { taskId, runId: accepted?.run_id });",
        '  const deadline = now() + (options.pollTimeoutMs ?? POLL_TIMEOUT_MS);',
        `  let waitMs = ${num(firstWaitMs[0])} + random() * ${num(firstWaitMs[1] - firstWaitMs[0])};`,
        '  for (;;) {',
        '    await sleep(waitMs, signal);',
        `    const path = \`/tasks/\${encodeURIComponent(taskId)}\`;`,
        `    const task = (await ${fn}({ path }, options))${ts(' as OvertenTask')};`,
        "    if (task.status === 'completed') return task;",
        "    if (task.status === 'failed' || task.status === 'cancelled' || task.status === 'expired') {",
        `      throw new ${taskError}(taskFailure(task, \`task \${task.status}\`));`,
        '    }',
        '    if (now() >= deadline) {',
        `      throw new ${taskError}(taskFailure(task, \`task still \${task.status} when polling gave up\`));`,
        '    }',
        `    waitMs = Math.min(waitMs * 2, ${num(maxIntervalMs)});`,
        '  }',
        '}',
        '',
        `function taskFailure(task${ts(': OvertenTask')}, message${ts(': string')})${ts(`: ${P}Failure`)} {`,
        '  const { error, ...body } = task;',
        "  const detail = error !== undefined && typeof error !== 'string' ? ` ${JSON.stringify(error)}` : '';",
        '  return {',
        '    status: 200,',
        "    code: typeof error === 'string' ? error : task.status,",
        '    message: `${task.message ?? message}${detail}`,',
        '    requestId: undefined,',
        '    retryAfter: undefined,',
        '    body,',
        '  };',
        '}',
      ].join('\n'),
    };
  },
};

function constants(spec: ProviderSpec): Declaration[] {
  const features = spec.features ?? {};
  const list: Declaration[] = [
    {
      name: `${spec.id.toUpperCase()}_BASE_URL`,
      code: `const ${spec.id.toUpperCase()}_BASE_URL = '${placeholder(2, spec.baseUrl)}';`,
    },
    { name: 'MAX_ATTEMPTS', code: `const MAX_ATTEMPTS = ${spec.maxAttempts};` },
    { name: 'BACKOFF_BASE_MS', code: `const BACKOFF_BASE_MS = ${num(spec.backoff.baseMs)};` },
    { name: 'BACKOFF_MAX_MS', code: `const BACKOFF_MAX_MS = ${num(spec.backoff.maxMs)};` },
    {
      name: 'MAX_WAIT_MS',
      code: '/** A longer Retry-After goes back to the caller, as `retryAfter` on the error, not slept through. */\nconst MAX_WAIT_MS = 120_000;',
    },
    {
      name: 'REQUEST_TIMEOUT_MS',
      code: `${spec.timeoutWhy ? `${docComment(spec.timeoutWhy)}\n` : ''}const REQUEST_TIMEOUT_MS = ${num(spec.timeoutSeconds * 1000)};`,
    },
  ];
  if (features.keyState)
    list.push({
      name: 'FROZEN_RECHECK_MS',
      code: `/** How long a frozen organization's key is refused before one call checks again. */\nconst FROZEN_RECHECK_MS = ${num(features.keyState.recheckMs)};`,
    });
  if (features.reportPolls) {
    list.push(
      { name: 'MAX_REPORT_POLLS', code: `const MAX_REPORT_POLLS = ${features.reportPolls.max};` },
      {
        name: 'REPORT_POLL_INTERVAL_MS',
        code: `const REPORT_POLL_INTERVAL_MS = ${num(features.reportPolls.intervalMs)};`,
      },
    );
  }
  if (features.asyncTasks)
    list.push({
      name: 'POLL_TIMEOUT_MS',
      code: `const POLL_TIMEOUT_MS = ${features.asyncTasks.timeoutMs / 60_000} * 60_000;`,
    });
  return list;
}

/** `export async function callX(request, options = {})`, its parameters one a line when it is long. */
function signature(spec: ProviderSpec): string {
  const P = typePrefix(spec);
  const params = [`request${ts(`: ${P}Request`)}`, `options${ts(`: ${P}Options`)} = {}`];
  const head = `export async function ${placeholder(1, functionName(spec, 'typescript'))}`;
  const tail = `${ts(': Promise<unknown>')} {`;
  const flat = `${head}(${params.join(', ')})${tail}`;
  if (forLanguage(flat, 'typescript').length - 4 <= 110) return flat;
  return `${head}(\n${params.map((p) => `  ${p},`).join('\n')}\n)${tail}`;
}

/** The full handler, in TypeScript with its TypeScript-only text marked. */
export function typescriptHandler(
  spec: ProviderSpec,
  language: 'typescript' | 'javascript' = 'typescript',
): string {
  const fn = functionName(spec, 'typescript');
  const body = loopBody(spec);
  const handler = [
    '/**',
    ` * Sends one request to the ${spec.displayName} API and resolves to its JSON body (undefined when empty).`,
    ` * Every documented error is either handled here or rejects as ${/^[AEIOU]/.test(className(spec, 'base', 'typescript')) ? 'an' : 'a'} ${className(spec, 'base', 'typescript')}.`,
    ' * Cancel with `options.signal`; each request gives up after `options.timeoutMs`; retries are bounded.',
    ` * @example await ${fn}({ method: '${spec.exampleMethod ?? 'GET'}', path: '${spec.examplePath}' });`,
    ' */',
    signature(spec),
    indent(prologue(spec, body), 1),
    '  for (let attempt = 1; ; attempt++) {',
    indent(body, 2),
    '  }',
    '}',
  ].join('\n');
  const extras = featureDeclarations(spec, features);
  const classes = declaredClasses(spec, 'typescript').map((cls) =>
    classDeclaration(spec, cls, cls === baseClass(spec)),
  );
  const main = [
    ...classes,
    ts(requestTypes(spec)),
    ...extras.filter((d) => d.before).map((d) => d.code),
    handler,
    ...extras.filter((d) => !d.before).map((d) => d.code),
    ts(bodyType(spec)),
    ts(failureType(spec)),
  ].join('\n\n');
  const tail = keepUsed(helpers(spec), main);
  const top = keepUsed(constants(spec), main + tail.join('\n'));
  const header = comment(
    `${spec.displayName} API: ${fn}() sends one request and handles every documented error as ${spec.docs} prescribes. ` +
      `A module of its own (say ${spec.id}-client.${language === 'typescript' ? 'ts' : 'js'}): import ${fn} and the error classes from it. Generated by API Error Inspector.`,
    '// ',
  );
  return [header, top.join('\n'), main, ...tail].join('\n\n') + '\n';
}

/** The handling of one code, to drop into the handler's loop (or code shaped like it). */
export function typescriptBranch(spec: ProviderSpec, target: BranchTarget): string {
  return renderBranch(typescript, spec, target);
}

export const typescript: Dialect = {
  language: 'typescript',
  comment: '// ',
  commentWidth: 100,
  innerCommentWidth: 90,
  scope: [
    'response',
    'failure',
    'attempt',
    'maxAttempts',
    'maxPolls',
    'sleep',
    'random',
    'request',
    'options',
    'accessToken',
    'apiKey',
    'refreshed',
    'polls',
    'frozenKeys',
    'now',
    'signal',
    'maxWaitMs',
  ],
  ifBlock: (condition, body) => `if (${condition}) {\n${indent(body, 1)}\n}`,
  caseGroup(codes, body) {
    const labels = codes.map((c) => `case ${tsString(c)}:`).join('\n');
    // A case that declares a constant needs a block of its own.
    return /^(const|let) /m.test(body)
      ? `${labels} {\n${indent(body, 1)}\n}`
      : `${labels}\n${indent(body, 1)}`;
  },
  switchOnCode: (groups) => `switch (failure.code) {\n${indent(groups.join('\n'), 1)}\n}`,
  and: ' && ',
  or: ' || ',
  codeIs: (code) => `failure.code === ${tsString(code)}`,
  statusIs: (statuses) => statuses.map((s) => `failure.status === ${s}`).join(' || '),
  messageIs: (message) => `failure.message === ${tsString(message)}`,
  responseStatusIs: (status) => `response.status === ${status}`,
  serverError: 'failure.status >= 500',
  retryableFlag: 'failure.retryable',
  phrases: {
    raise: (name) => `throw new ${name}(failure);`,
    raiseByStatus: 'throw errorFor(failure);',
    sleepAndRetry: (wait) => `await sleep(${wait}, signal);\ncontinue;`,
    serverDelay: (attempt, defaultMs) => ({
      statement:
        defaultMs === undefined
          ? `const waitMs = retryDelayMs(failure, ${attempt}, random);`
          : `const waitMs = failure.retryAfter === undefined ? ${num(defaultMs)} : failure.retryAfter * 1000;`,
      wait: 'waitMs',
      fits: 'waitMs <= maxWaitMs',
    }),
    attemptsLeft: (attempt) => `${attempt} < maxAttempts`,
    backoff: (attempt) => `backoffMs(${attempt}, random)`,
    randomWait: (low, high) => `${num(low)} + random() * ${num(high - low)}`,
    idempotent: 'isIdempotent(request)',
    refreshOnce: [
      'if (!refreshed && options.refreshAccessToken) {',
      '  refreshed = true;',
      '  accessToken = await options.refreshAccessToken();',
      '  continue;',
      '}',
    ].join('\n'),
    resubmitAsync: [
      'if (request.body?.async !== true) {',
      '  request = { ...request, body: asyncResubmission(request.body) };',
      '  continue;',
      '}',
    ].join('\n'),
    pollsLeft: 'polls < maxPolls',
    countPoll: 'polls++;',
    pollWait: 'failure.retryAfter === undefined ? REPORT_POLL_INTERVAL_MS : failure.retryAfter * 1000',
    halt: (name) =>
      [
        `const frozenError = new ${name}(failure);`,
        'frozenKeys.set(apiKey, { error: frozenError, recheckAt: now() + FROZEN_RECHECK_MS });',
        'throw frozenError;',
      ].join('\n'),
    success: 'return readJson(response);',
    acceptTask: `return waitForTask((await readJson(response))${ts(' as OvertenTask')}, options);`,
  },
  afterFailure: 'after readFailure()',
  afterResponse: 'right after fetch()',
  redirectNote: (handler) =>
    `fetch follows redirects itself, so ${handler} sees the final response: nothing to handle here.`,
};

/**
 * A function that declares what a branch expects, as the handler's loop has it, with the branch in
 * its loop: after the handler (or importing its declarations) it type-checks the branch.
 */
export function typescriptBranchWrapper(spec: ProviderSpec, branch: string): string {
  const P = typePrefix(spec);
  const loop = [
    `const response = await fetch(url, { headers: { ${credentialHeader(spec)} } });`,
    `const failure = ${readFailureCall(spec)};`,
    branch.trimEnd(),
    'throw errorFor(failure);',
  ].join('\n');
  return [
    `export async function branchHost(request${ts(`: ${P}Request`)}, options${ts(`: ${P}Options`)} = {})${ts(': Promise<unknown>')} {`,
    indent(prologue(spec, loop), 1),
    '  for (let attempt = 1; ; attempt++) {',
    indent(loop, 2),
    '  }',
    '}',
    '',
  ].join('\n');
}
