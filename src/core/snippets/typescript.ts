/**
 * Emits TypeScript, with the TypeScript-only text marked (see `ts()` in text.ts) so that the
 * JavaScript variant is the same source with the types left out.
 */
import type { BranchTarget, ErrorClass, ErrorField, ProviderSpec, Reaction, ValueType } from './model';
import {
  baseClass,
  className,
  codeCases,
  conditionRules,
  declaredClasses,
  describeTarget,
  functionName,
  handlingFor,
  splitEndpoint,
  statusClasses,
  typePrefix,
  type Handling,
} from './plan';
import { comment, docComment, indent, placeholder, ts, tsString } from './text';

const TYPES: Record<ValueType, string> = { string: 'string', number: 'number', boolean: 'boolean', unknown: 'unknown' };

/** The names a branch may use, as the handler's loop has them. */
const SCOPE = ['response', 'failure', 'attempt', 'maxAttempts', 'maxPolls', 'sleep', 'random', 'request', 'options', 'accessToken', 'refreshed', 'keyState'];

/** `30000` → `30_000`, as people write long numbers. */
function num(value: number): string {
  return value >= 10_000 ? String(value).replace(/\B(?=(\d{3})+$)/g, '_') : String(value);
}

/** `error.details.quota_limit` read from `root`: `root.error?.details?.quota_limit`. */
function access(root: string, path: string): string {
  return `${root}.${path.split('.').join('?.')}`;
}

function raise(spec: ProviderSpec, ref: string): string {
  return ref === 'byStatus' ? 'throw errorFor(failure);' : `throw new ${className(spec, ref, 'typescript')}(failure);`;
}

function retryThen(guard: string, wait: string, failed: string): string {
  return [`if (${guard}) {`, `  await sleep(${wait});`, '  continue;', '}', failed].join('\n');
}

function reactionCode(spec: ProviderSpec, reaction: Handling['reaction']): string {
  switch (reaction.kind) {
    case 'fail':
      return raise(spec, reaction.error);
    case 'retryAfter':
      return [
        'const waitMs = retryDelayMs(failure, attempt, random);',
        retryThen('attempt < maxAttempts && waitMs <= MAX_WAIT_MS', 'waitMs', raise(spec, reaction.error)),
      ].join('\n');
    case 'backoff': {
      const [low, high] = reaction.waitMs ?? [0, 0];
      const wait = reaction.waitMs ? `${num(low)} + random() * ${num(high - low)}` : 'backoffMs(attempt, random)';
      const guard = reaction.idempotentOnly ? 'attempt < maxAttempts && isIdempotent(request)' : 'attempt < maxAttempts';
      return retryThen(guard, wait, raise(spec, reaction.error));
    }
    case 'refreshOnce':
      return [
        'if (!refreshed && options.refreshAccessToken) {',
        '  refreshed = true;',
        '  accessToken = await options.refreshAccessToken();',
        '  continue;',
        '}',
        raise(spec, reaction.error),
      ].join('\n');
    case 'resubmitAsync':
      return [
        'if (request.body?.async !== true) {',
        '  request = { ...request, body: { ...request.body, async: true } };',
        '  continue;',
        '}',
        raise(spec, reaction.error),
      ].join('\n');
    case 'pollLater':
      return retryThen(
        'attempt < maxPolls',
        'failure.retryAfter === undefined ? REPORT_POLL_INTERVAL_MS : failure.retryAfter * 1000',
        raise(spec, reaction.error),
      );
    case 'halt':
      return [`keyState.frozen = new ${className(spec, reaction.error, 'typescript')}(failure);`, 'throw keyState.frozen;'].join('\n');
    case 'success':
      return 'return readJson(response);';
    case 'acceptTask':
      return `return waitForTask((await readJson(response))${ts(' as OvertenTask')}, options);`;
    case 'redirect':
      return '';
  }
}

function withWhy(why: string | undefined, code: string): string {
  return why ? `${comment(why, '// ')}\n${code}` : code;
}

function caseBlock(spec: ProviderSpec, codes: readonly string[], reaction: Reaction, why?: string): string {
  const labels = codes.map((c) => `case ${tsString(c)}:`).join('\n');
  const body = withWhy(why, reactionCode(spec, reaction));
  const block = /^(const|let) /m.test(body) ? `{\n${indent(body, 1)}\n}` : body;
  return `${labels}${block.startsWith('{') ? ' ' + block : '\n' + indent(block, 1)}`;
}

function statusCondition(statuses: readonly number[]): string {
  return statuses.map((s) => `failure.status === ${s}`).join(' || ');
}

function ruleCondition(when: ProviderSpec['rules'][number]['when']): string {
  if ('statuses' in when) return statusCondition(when.statuses);
  if ('serverErrors' in when) return 'failure.status >= 500';
  if ('retryableFlag' in when) return 'failure.retryable';
  return when.codes.map((c) => `failure.code === ${tsString(c)}`).join(' || ');
}

function ifBlock(condition: string, body: string): string {
  return `if (${condition}) {\n${indent(body, 1)}\n}`;
}

/** A rule after the switch; a retry whose last resort is `errorFor` merges into one `if`, the loop's own end. */
function conditionBlock(spec: ProviderSpec, rule: ProviderSpec['rules'][number]): string {
  const code = reactionCode(spec, rule.reaction);
  const retry = /^if \((.+)\) \{\n([\s\S]*)\n\}\nthrow errorFor\(failure\);$/.exec(code);
  if (retry?.[1] && retry[2]) {
    return withWhy(rule.why, ifBlock(`${ruleCondition(rule.when)} && ${retry[1]}`, retry[2].replace(/^ {2}/gm, '')));
  }
  return ifBlock(ruleCondition(rule.when), withWhy(rule.why, code));
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

/** The handler's set-up before its loop; the branch host repeats it, so that branches type-check. */
function prologue(spec: ProviderSpec, loopBody: string): string {
  const uses = (name: string) => new RegExp(`\\b${name}\\b`).test(loopBody);
  const defaults = [
    uses('maxAttempts') ? 'maxAttempts = MAX_ATTEMPTS' : '',
    uses('maxPolls') ? 'maxPolls = MAX_REPORT_POLLS' : '',
    uses('sleep') ? 'sleep = defaultSleep' : '',
    uses('random') ? 'random = Math.random' : '',
    uses('log') ? 'log = defaultLog' : '',
  ].filter((d) => d !== '');
  const base = `${spec.id.toUpperCase()}_BASE_URL`;
  const lines = [
    objectLiteral(defaults, 'const ', ' = options;', 1),
    'const url = `${(options.baseUrl ?? ' + base + ").replace(/\\/+$/, '')}${request.path}`;",
    `${spec.features?.refreshToken ? 'let' : 'const'} ${spec.credential.option} = ${credentialExpr(spec)};`,
  ];
  if (spec.features?.refreshToken) lines.push('let refreshed = false;');
  if (spec.features?.keyState) {
    lines.push('const keyState = options.keyState ?? sharedKeyState;', 'if (keyState.frozen) throw keyState.frozen;');
  }
  return lines.join('\n');
}

function readFailureCall(spec: ProviderSpec): string {
  return spec.hint?.from === 'endpointFixes' ? 'await readFailure(response, request)' : 'await readFailure(response)';
}

function loopBody(spec: ProviderSpec): string {
  const fetchCall = [
    'const response = await fetch(url, {',
    "  method: request.method ?? 'GET',",
    indent(objectLiteral(["'Content-Type': 'application/json'", '...request.headers', credentialHeader(spec)], 'headers: ', ',', 3), 1),
    '  body: request.body === undefined ? null : JSON.stringify(request.body),',
    '});',
  ];
  const logged = [
    'status: failure.status',
    spec.codePath ? 'code: failure.code' : 'error: failure.message',
    'requestId: failure.requestId',
    ...(spec.logFields ?? []).map((f) => `${f.name}: ${access('failure.body', f.path)}`),
    'attempt',
  ];
  const cases = codeCases(spec).map((c) => caseBlock(spec, c.codes, c.reaction, c.why));
  const parts = [
    fetchCall.join('\n'),
    spec.features?.asyncTasks
      ? withWhy(
          'A sync request past the 300 s ceiling may also be promoted to a 202 task: poll it either way.',
          `if (response.status === 202) ${reactionCode(spec, { kind: 'acceptTask' })}`,
        )
      : '',
    'if (response.ok) return readJson(response);',
    `const failure = ${readFailureCall(spec)};`,
    objectLiteral(logged, `log('${spec.displayName} request failed', `, ');', 2),
    cases.length > 0 ? `switch (failure.code) {\n${indent(cases.join('\n'), 1)}\n}` : '',
    ...conditionRules(spec).map((r) => conditionBlock(spec, r)),
    'throw errorFor(failure);',
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
    if (spec.hint) fields.push({ name: spec.hint.name, type: 'string | undefined', value: `failure.${spec.hint.name}` });
  }
  for (const f of cls.fields ?? []) fields.push({ name: f.name, type: `${TYPES[f.type]} | undefined`, value: fieldValue(f) });
  if (isBase) fields.push({ name: 'body', type: `${P}ErrorBody`, value: 'failure.body' });
  const head = `${docComment(cls.doc)}\nexport class ${name}${isBase ? ' extends Error' : ` extends ${className(spec, 'base', 'typescript')}`} {`;
  if (fields.length === 0 && !isBase) return `${head}}`;
  const assignments = [
    isBase ? `super(summary(failure));\nthis.name = new.target.name;` : 'super(failure);',
    ...fields.map((f) => `this.${f.name} = ${f.value};`),
  ];
  return [
    head,
    ...fields.map((f) => `  ${ts(`readonly ${f.name}: ${f.type};`)}`),
    ts(''),
    `  constructor(failure${ts(`: ${P}Failure`)}) {`,
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
        const type = child.children.size > 0 ? `{\n${render(child, depth + 1)}\n${'  '.repeat(depth)}}` : TYPES[child.type ?? 'unknown'];
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
    features.refreshToken ? '  /** Mints a new access token; called at most once per call, on access_token_expired. */' : '',
    features.refreshToken ? '  refreshAccessToken?: () => Promise<string>;' : '',
    features.keyState ? '  /** Shared by the calls made with one key; a module-wide one by default. */' : '',
    features.keyState ? `  keyState?: ${P}KeyState;` : '',
    '  maxAttempts?: number;',
    features.reportPolls ? '  /** How often to ask again while a report is still being generated (425). */' : '',
    features.reportPolls ? '  maxPolls?: number;' : '',
    features.asyncTasks ? '  /** How long to poll an async task before giving up. */' : '',
    features.asyncTasks ? '  pollTimeoutMs?: number;' : '',
    '  /** Injectable, so that tests run in milliseconds. */',
    '  sleep?: (ms: number) => Promise<void>;',
    '  /** Jitter source, in [0, 1). */',
    '  random?: () => number;',
    features.asyncTasks ? '  now?: () => number;' : '',
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

interface Declaration {
  name: string;
  code: string;
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
    `retryAfter: retryAfterSeconds(response.headers.get('Retry-After'))${spec.retryAfterPath ? ` ?? ${access('body', spec.retryAfterPath)}` : ''},`,
    spec.retryablePath ? `retryable: ${access('body', spec.retryablePath)} === true,` : '',
    spec.hint ? `${spec.hint.name}: ${spec.hint.from === 'endpointFixes' ? 'documentedFix(request, response.status)' : access('body', spec.hint.from)},` : '',
    'body,',
  ].filter((l) => l !== '');
  const groups = statusClasses(spec, 'typescript').map((row) => `${row.status}: ${row.name},`);
  const hint = spec.hint ? `const hint = failure.${spec.hint.name} ? \` \${failure.${spec.hint.name}}\` : '';` : '';
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
          ? `  const ErrorClass = ERRORS_BY_STATUS[failure.status] ?? ${base};`
          : `  const ErrorClass = ERRORS_BY_STATUS[failure.status] ?? (failure.status >= 500 ? ${server} : ${base});`,
        '  return new ErrorClass(failure);',
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
        '/** Exponential backoff with ±25 % jitter, so that clients that failed together do not retry together. */',
        `function backoffMs(attempt${ts(': number')}, random${ts(': () => number')})${ts(': number')} {`,
        '  return Math.min(BACKOFF_BASE_MS * 2 ** (attempt - 1), BACKOFF_MAX_MS) * (0.75 + random() * 0.5);',
        '}',
      ].join('\n'),
    },
    {
      name: 'defaultSleep',
      code: [
        `function defaultSleep(ms${ts(': number')})${ts(': Promise<void>')} {`,
        '  return new Promise((resolve) => setTimeout(resolve, ms));',
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

/** Declarations of the provider's features, before and after the handler. */
function featureDeclarations(spec: ProviderSpec): { before: Declaration[]; after: Declaration[] } {
  const P = typePrefix(spec);
  const features = spec.features ?? {};
  const before: Declaration[] = [];
  const after: Declaration[] = [];
  if (features.keyState) {
    const frozen = className(spec, 'frozen', 'typescript');
    before.push({
      name: 'sharedKeyState',
      code: [
        ts(
          [
            '/** What the calls made with one API key share: once the organization is frozen, nothing more is sent. */',
            `export interface ${P}KeyState {`,
            `  frozen?: ${frozen};`,
            '}',
          ].join('\n'),
        ),
        '',
        `const sharedKeyState${ts(`: ${P}KeyState`)} = {};`,
      ].join('\n'),
    });
  }
  if (features.idempotentPostSuffix) {
    after.push({
      name: 'isIdempotent',
      code: [
        `/** GET, DELETE and POST …${features.idempotentPostSuffix} can be sent again after a 5xx without doing the work twice. */`,
        `function isIdempotent(request${ts(`: ${P}Request`)})${ts(': boolean')} {`,
        "  const method = (request.method ?? 'GET').toUpperCase();",
        `  const path = request.path.replace(/\\?.*$/, '');`,
        `  return method === 'GET' || method === 'DELETE' || (method === 'POST' && path.endsWith(${tsString(features.idempotentPostSuffix)}));`,
        '}',
      ].join('\n'),
    });
  }
  if (features.endpointFixes) {
    const rows = features.endpointFixes.map((f) => {
      const { method, path } = splitEndpoint(f.endpoint);
      return `{ method: '${method}', path: ${tsString(path)}, status: ${f.status}, fix: ${tsString(f.fix)} },`;
    });
    after.push({
      name: 'documentedFix',
      code: [
        ts('interface DocumentedFix {\n  method: string;\n  path: string;\n  status: number;\n  fix: string;\n}'),
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
        "    return parts.length === segments.length && parts.every((part, i) => part.startsWith('{') || part === segments[i]);",
        '  };',
        '  return DOCUMENTED_FIXES.find((f) => f.status === status && f.method === method && matches(f.path))?.fix;',
        '}',
      ].join('\n'),
    });
  }
  if (features.asyncTasks) {
    const { firstWaitMs, maxIntervalMs } = features.asyncTasks;
    const fn = placeholder(1, functionName(spec, 'typescript'));
    const taskError = className(spec, 'task', 'typescript');
    after.push({
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
        '  const { sleep = defaultSleep, random = Math.random, now = Date.now, log = defaultLog } = options;',
        '  const taskId = accepted?.task_id;',
        `  if (!taskId) throw new ${className(spec, 'base', 'typescript')}(taskFailure(accepted ?? {}, 'a 202 without a task_id'));`,
        "  log('Overten task accepted', { taskId, runId: accepted?.run_id });",
        '  const deadline = now() + (options.pollTimeoutMs ?? POLL_TIMEOUT_MS);',
        `  let waitMs = ${num(firstWaitMs[0])} + random() * ${num(firstWaitMs[1] - firstWaitMs[0])};`,
        '  for (;;) {',
        '    await sleep(waitMs);',
        `    const task = (await ${fn}({ path: \`/tasks/\${encodeURIComponent(taskId)}\` }, options))${ts(' as OvertenTask')};`,
        "    if (task.status === 'completed') return task;",
        "    if (task.status === 'failed' || task.status === 'cancelled' || task.status === 'expired') {",
        `      throw new ${taskError}(taskFailure(task, \`task \${task.status}\`));`,
        '    }',
        `    if (now() >= deadline) throw new ${taskError}(taskFailure(task, \`task still \${task.status} when polling gave up\`));`,
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
    });
  }
  return { before, after };
}

function constants(spec: ProviderSpec): Declaration[] {
  const features = spec.features ?? {};
  const list: Declaration[] = [
    { name: `${spec.id.toUpperCase()}_BASE_URL`, code: `const ${spec.id.toUpperCase()}_BASE_URL = '${placeholder(2, spec.baseUrl)}';` },
    { name: 'MAX_ATTEMPTS', code: `const MAX_ATTEMPTS = ${spec.maxAttempts};` },
    { name: 'BACKOFF_BASE_MS', code: `const BACKOFF_BASE_MS = ${num(spec.backoff.baseMs)};` },
    { name: 'BACKOFF_MAX_MS', code: `const BACKOFF_MAX_MS = ${num(spec.backoff.maxMs)};` },
    {
      name: 'MAX_WAIT_MS',
      code: '/** A longer Retry-After goes back to the caller (as `retryAfter` on the error) rather than being slept through. */\nconst MAX_WAIT_MS = 120_000;',
    },
  ];
  if (features.reportPolls) {
    list.push(
      { name: 'MAX_REPORT_POLLS', code: `const MAX_REPORT_POLLS = ${features.reportPolls.max};` },
      { name: 'REPORT_POLL_INTERVAL_MS', code: `const REPORT_POLL_INTERVAL_MS = ${num(features.reportPolls.intervalMs)};` },
    );
  }
  if (features.asyncTasks) list.push({ name: 'POLL_TIMEOUT_MS', code: `const POLL_TIMEOUT_MS = ${features.asyncTasks.timeoutMs / 60_000} * 60_000;` });
  return list;
}

/** Keeps the declarations that the text (or a kept declaration) refers to, in their order. */
function used(declarations: Declaration[], text: string): string[] {
  const kept = new Set<Declaration>();
  let grew = true;
  while (grew) {
    grew = false;
    const haystack = text + [...kept].map((d) => d.code).join('\n');
    for (const d of declarations) {
      if (!kept.has(d) && new RegExp(`\\b${d.name}\\b`).test(haystack)) {
        kept.add(d);
        grew = true;
      }
    }
  }
  return declarations.filter((d) => kept.has(d)).map((d) => d.code);
}

/** The full handler, in TypeScript with its TypeScript-only text marked. */
export function typescriptHandler(spec: ProviderSpec): string {
  const P = typePrefix(spec);
  const fn = functionName(spec, 'typescript');
  const body = loopBody(spec);
  const handler = [
    '/**',
    ` * Sends one request to the ${spec.displayName} API and resolves to its JSON body (undefined when empty).`,
    ` * Every documented error is either handled here or rejects as ${/^[AEIOU]/.test(className(spec, 'base', 'typescript')) ? 'an' : 'a'} ${className(spec, 'base', 'typescript')}.`,
    ` * @example await ${fn}({ method: 'GET', path: '${spec.examplePath}' });`,
    ' */',
    `export async function ${placeholder(1, fn)}(request${ts(`: ${P}Request`)}, options${ts(`: ${P}Options`)} = {})${ts(': Promise<unknown>')} {`,
    indent(prologue(spec, body), 1),
    '  for (let attempt = 1; ; attempt++) {',
    indent(body, 2),
    '  }',
    '}',
  ].join('\n');
  const { before, after } = featureDeclarations(spec);
  const classes = declaredClasses(spec, 'typescript').map((cls) => classDeclaration(spec, cls, cls === baseClass(spec)));
  const main = [
    ...classes,
    ts(requestTypes(spec)),
    ...before.map((d) => d.code),
    handler,
    ...after.map((d) => d.code),
    ts(bodyType(spec)),
    ts(failureType(spec)),
  ].join('\n\n');
  const tail = used(helpers(spec), main);
  const top = used(constants(spec), main + tail.join('\n'));
  const header = comment(
    `${spec.displayName} API: ${fn}() sends one request and handles every documented error as ${spec.docs} prescribes. Generated by API Error Inspector.`,
    '// ',
  );
  return [header, top.join('\n'), main, ...tail].join('\n\n') + '\n';
}

function scopeOf(code: string): string[] {
  const lines = code
    .split('\n')
    .filter((l) => !l.trim().startsWith('//'))
    .join('\n');
  return SCOPE.filter((name) => new RegExp(`(?<![.\\w])${name}\\b`).test(lines));
}

/** The handling of one code, to drop into the handler's loop (or code shaped like it). */
export function typescriptBranch(spec: ProviderSpec, target: BranchTarget): string {
  const handling = handlingFor(spec, target);
  const fn = functionName(spec, 'typescript');
  const code = reactionCode(spec, handling.reaction);
  const onResponse = handling.reaction.kind === 'success' || handling.reaction.kind === 'acceptTask' || handling.reaction.kind === 'redirect';
  const head = comment(describeTarget(spec, target), '// ');
  if (handling.reaction.kind === 'redirect') {
    return `${head}\n// fetch follows redirects itself, so ${fn} sees the final response: nothing to handle here.\n`;
  }
  const condition = onResponse
    ? `response.status === ${target.status}`
    : target.on === 'code'
      ? `failure.code === ${tsString(target.code)}`
      : `failure.status === ${target.status}`;
  const where = onResponse ? 'right after fetch()' : 'after readFailure()';
  const uses = scopeOf(code);
  return [
    head,
    comment(`Goes in ${fn}'s retry loop, ${where}; uses ${uses.join(', ')}.`, '// '),
    ifBlock(condition, withWhy(handling.why, code)),
  ].join('\n') + '\n';
}

/**
 * A function that declares what a branch expects, as the handler's loop has it, with the branch in
 * its loop: after the handler (or importing its declarations) it type-checks the branch.
 */
export function typescriptBranchWrapper(spec: ProviderSpec, branch: string): string {
  const P = typePrefix(spec);
  return [
    `export async function branchHost(request${ts(`: ${P}Request`)}, options${ts(`: ${P}Options`)} = {})${ts(': Promise<unknown>')} {`,
    indent(prologue(spec, loopBody(spec)), 1),
    '  for (let attempt = 1; ; attempt++) {',
    '    const response = await fetch(url);',
    `    const failure = ${readFailureCall(spec)};`,
    indent(branch.trimEnd(), 2),
    '    throw errorFor(failure);',
    '  }',
    '}',
    '',
  ].join('\n');
}
