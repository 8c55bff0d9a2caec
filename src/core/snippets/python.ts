/** Emits Python 3.10+ with httpx: the same handling as typescript.ts, written the Python way. */
import type { BranchTarget, ErrorClass, ErrorField, ProviderSpec, ValueType } from './model';
import { baseClass, className, declaredClasses, functionName, statusClasses, typePrefix } from './plan';
import { dispatch, featureDeclarations, keepUsed, renderBranch, withWhy } from './dialect';
import type { Declaration, Dialect, FeatureWriters } from './dialect';
import { comment, docstring, indent, placeholder, pyString } from './text';

const IND = '    ';

/** Milliseconds as Python seconds: `30000` → `30.0`, `300` → `0.3`. */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? `${s}.0` : String(s);
}

/** Docs name fields the TypeScript way (`retryAfter`); Python names them `retry_after`. */
function pythonDoc(doc: string): string {
  return doc.replace(
    /`([a-z]+(?:[A-Z][a-z]*)+)`/g,
    (_m, name: string) => `\`${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}\``,
  );
}

/** `name(a, b)` on one line when it fits at `depth`, else the arguments on one line below, else one a line. */
function call(name: string, args: readonly string[], depth: number): string {
  const room = 100 - IND.length * depth;
  const flat = `${name}(${args.join(', ')})`;
  if (flat.length <= room) return flat;
  const together = `${IND}${args.join(', ')}`;
  if (together.length <= room) return `${name}(\n${together}\n)`;
  return `${name}(\n${args.map((a) => `${IND}${a},`).join('\n')}\n)`;
}

/** `an OvertenError`, `a KayleError` */
function withArticle(name: string): string {
  return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
}

function block(text: string, depth = 1): string {
  return indent(text, depth, IND);
}

/** `error.details.quota_limit` read from `root`: `_field(root, "error", "details", "quota_limit")`. */
function read(root: string, path: string, type: ValueType): string {
  const field = `_field(${root}, ${path.split('.').map(pyString).join(', ')})`;
  if (type === 'string') return `_text(${field})`;
  if (type === 'number') return `_number(${field})`;
  if (type === 'boolean') return `${field} is True`;
  return field;
}

function casePattern(codes: readonly string[], depth: number): string {
  const flat = `case ${codes.map(pyString).join(' | ')}:`;
  if (IND.length * depth + flat.length <= 100) return flat;
  return `case (\n${codes.map((c, i) => `${IND}${i === 0 ? '' : '| '}${pyString(c)}`).join('\n')}\n):`;
}

function credentialName(spec: ProviderSpec): string {
  return spec.credential.option === 'accessToken' ? 'access_token' : 'api_key';
}

function credentialHeader(spec: ProviderSpec): string {
  const { header, scheme } = spec.credential;
  return `${pyString(header)}: ${scheme ? `f"${scheme} {token}"` : 'token'}`;
}

function readFailureCall(spec: ProviderSpec): string {
  return spec.hint?.from === 'endpointFixes'
    ? '_read_failure(response, method, path)'
    : '_read_failure(response)';
}

/** The handler's set-up before its loop (the branch host repeats it). */
function prologue(spec: ProviderSpec): string {
  const lines = [
    `token = ${credentialName(spec)} or os.environ.get("${placeholder(3, spec.credential.env)}", "")`,
    'http = client or _default_client()',
    'url = base_url.rstrip("/") + path',
  ];
  if (spec.features?.refreshToken) lines.push('refreshed = False');
  if (spec.features?.reportPolls) lines.push('polls = 0');
  if (spec.features?.keyState) {
    lines.push(
      'frozen_keys = _FROZEN_KEYS if frozen_keys is None else frozen_keys',
      'frozen = frozen_keys.get(token)',
      "# The organization's keys are off: refused without a request until the re-check is due.",
      'if frozen is not None and now() < frozen.recheck_at:',
      `${IND}raise frozen.error`,
    );
  }
  if (spec.features?.asyncTasks) {
    const fn = placeholder(1, functionName(spec, 'python'));
    lines.push(
      '',
      'def poll(task_id: str) -> object:',
      `${IND}return ${fn}(`,
      `${IND}${IND}"GET", f"/tasks/{task_id}", base_url=base_url, client=http, api_key=token,`,
      `${IND}${IND}timeout=timeout, max_attempts=max_attempts, max_wait=max_wait, sleep=sleep, rand=rand,`,
      `${IND}${IND}now=now,`,
      `${IND})`,
      '',
    );
  }
  return lines.join('\n');
}

function loopBody(spec: ProviderSpec): string {
  const logged = [
    ['status', 'failure.status_code'],
    spec.codePath ? ['code', 'failure.code'] : ['error', 'failure.message'],
    [spec.requestIdHeader, 'failure.request_id'],
    ...(spec.logFields ?? []).map((f) => [f.python, read('failure.body', f.path, 'string')]),
    ['attempt', 'attempt'],
  ];
  const format = `${spec.displayName} request failed: ${logged.map(([name]) => `${name}=%s`).join(' ')}`;
  const network = className(spec, 'network', 'python');
  const send = [
    'try:',
    block(
      call(
        'response = http.request',
        [
          'method',
          'url',
          'json=json',
          `headers={**(headers or {}), ${credentialHeader(spec)}}`,
          'timeout=timeout',
        ],
        3,
      ),
    ),
    'except httpx.TransportError as error:',
    block(
      [
        `logger.warning("${spec.displayName} request got no response: %s attempt=%s", error, attempt)`,
        comment(spec.networkRetry.why, '# ', 80),
        ...(spec.networkRetry.when === 'idempotent'
          ? [
              'if attempt < max_attempts and _is_idempotent(method, path):',
              `${IND}sleep(_backoff(attempt, rand))`,
              `${IND}continue`,
            ]
          : []),
        `raise ${network}(_network_failure(error)) from error`,
      ].join('\n'),
    ),
  ].join('\n');
  const success = spec.features?.keyState
    ? `if response.is_success:\n${IND}frozen_keys.pop(token, None)\n${IND}return _json(response)`
    : `if response.is_success:\n${IND}return _json(response)`;
  const parts = [
    'attempt += 1',
    send,
    spec.features?.asyncTasks
      ? withWhy(
          python,
          'A sync request past the 300 s ceiling may also be promoted to a 202 task: poll it either way.',
          `if response.status_code == 202:\n${block(python.phrases.acceptTask)}`,
        )
      : '',
    success,
    `failure = ${readFailureCall(spec)}`,
    call('logger.warning', [pyString(format), ...logged.map(([, value]) => value ?? '')], 2),
    dispatch(python, spec),
  ];
  return parts.filter((p) => p !== '').join('\n');
}

function fieldValue(field: ErrorField): string {
  return field.from === 'retryAfter' ? 'failure.retry_after' : read('failure.body', field.from, field.type);
}

function classDeclaration(spec: ProviderSpec, cls: ErrorClass, isBase: boolean): string {
  const P = typePrefix(spec);
  const name = className(spec, cls.id, 'python');
  const assignments: string[] = [];
  if (isBase) {
    assignments.push('self.status_code = failure.status_code');
    if (spec.codePath) assignments.push('self.code = failure.code');
    assignments.push('self.request_id = failure.request_id');
    if (spec.hint) assignments.push(`self.${spec.hint.name} = failure.${spec.hint.name}`);
  }
  for (const f of cls.fields ?? []) assignments.push(`self.${f.python} = ${fieldValue(f)}`);
  if (isBase) assignments.push('self.body = failure.body');
  const head = `class ${name}(${isBase ? 'Exception' : className(spec, 'base', 'python')}):\n${docstring(pythonDoc(cls.doc), IND)}`;
  if (assignments.length === 0) return head;
  return [
    head,
    '',
    `${IND}def __init__(self, failure: ${P}Failure) -> None:`,
    block(
      [isBase ? 'super().__init__(_summary(failure))' : 'super().__init__(failure)', ...assignments].join(
        '\n',
      ),
      2,
    ),
  ].join('\n');
}

function failureType(spec: ProviderSpec): string {
  const P = typePrefix(spec);
  const fields = [
    'status_code: int',
    spec.codePath ? 'code: str | None' : '',
    'message: str',
    `request_id: str | None  # the ${spec.requestIdHeader} header: support asks for it`,
    'retry_after: float | None  # seconds, from the Retry-After header or the body',
    spec.retryablePath ? 'retryable: bool' : '',
    spec.hint ? `${spec.hint.name}: str | None` : '',
    'body: Mapping[str, object]',
  ].filter((f) => f !== '');
  return [
    '@dataclass(frozen=True)',
    `class ${P}Failure:`,
    `${IND}"""What handling needs to know about one failed response."""`,
    '',
    block(fields.join('\n')),
  ].join('\n');
}

function helpers(spec: ProviderSpec): Declaration[] {
  const P = typePrefix(spec);
  const base = className(spec, 'base', 'python');
  const server = className(spec, spec.serverError, 'python');
  const fix = spec.hint?.from === 'endpointFixes';
  const failureArgs = [
    'status_code=response.status_code',
    spec.codePath ? `code=${read('body', spec.codePath, 'string')}` : '',
    `message=${read('body', spec.messagePath, 'string')} or response.reason_phrase`,
    `request_id=response.headers.get(${pyString(spec.requestIdHeader)})`,
    'retry_after=retry_after',
    spec.retryablePath ? `retryable=${read('body', spec.retryablePath, 'boolean')}` : '',
    spec.hint
      ? `${spec.hint.name}=${spec.hint.from === 'endpointFixes' ? '_documented_fix(method, path, response.status_code)' : read('body', spec.hint.from, 'string')}`
      : '',
    'body=body',
  ].filter((a) => a !== '');
  const groups = statusClasses(spec, 'python').map((row) => `${row.status}: ${row.name},`);
  const hintName = spec.hint?.name;
  return [
    {
      name: '_read_failure',
      code: [
        `def _read_failure(response: httpx.Response${fix ? ', method: str, path: str' : ''}) -> ${P}Failure:`,
        `${IND}try:`,
        `${IND}${IND}body = response.json()`,
        `${IND}except ValueError:`,
        `${IND}${IND}body = None  # not JSON (a proxy's error page, say): the status alone decides`,
        `${IND}if not isinstance(body, Mapping):`,
        `${IND}${IND}body = {}`,
        `${IND}retry_after = _seconds(response.headers.get("Retry-After"))`,
        ...(spec.retryAfterPath
          ? [
              `${IND}if retry_after is None:`,
              `${IND}${IND}retry_after = ${read('body', spec.retryAfterPath, 'number')}`,
            ]
          : []),
        `${IND}return ${P}Failure(`,
        block(failureArgs.map((a) => `${a},`).join('\n'), 2),
        `${IND})`,
      ].join('\n'),
    },
    {
      name: '_summary',
      code: [
        `def _summary(failure: ${P}Failure) -> str:`,
        spec.codePath ? `${IND}code = f" {failure.code}" if failure.code else ""` : '',
        hintName ? `${IND}hint = f" {failure.${hintName}}" if failure.${hintName} else ""` : '',
        `${IND}request_id = f" (${spec.requestIdHeader} {failure.request_id})" if failure.request_id else ""`,
        `${IND}return f"${spec.displayName} {failure.status_code}${spec.codePath ? '{code}' : ''}: {failure.message}${hintName ? '{hint}' : ''}{request_id}"`,
      ]
        .filter((l) => l !== '')
        .join('\n'),
    },
    {
      name: '_error_for',
      code: [
        `_ERRORS_BY_STATUS: dict[int, type[${base}]] = {`,
        block(groups.join('\n')),
        '}',
        '',
        '',
        `def _error_for(failure: ${P}Failure) -> ${base}:`,
        `${IND}"""The error for a code this handler does not know, by its status."""`,
        server === base
          ? `${IND}return _ERRORS_BY_STATUS.get(failure.status_code, ${base})(failure)`
          : `${IND}default = ${server} if failure.status_code >= 500 else ${base}\n${IND}return _ERRORS_BY_STATUS.get(failure.status_code, default)(failure)`,
      ].join('\n'),
    },
    {
      name: '_default_client',
      code: [
        '@functools.cache',
        'def _default_client() -> httpx.Client:',
        `${IND}"""One client for the process, so that connections and TLS set-up are reused across calls."""`,
        `${IND}return httpx.Client(timeout=${seconds(spec.timeoutSeconds * 1000)}, follow_redirects=True)`,
      ].join('\n'),
    },
    {
      name: '_network_failure',
      code: [
        `def _network_failure(error: httpx.TransportError) -> ${P}Failure:`,
        `${IND}"""A request that got no response (status 0): refused, reset, or past its timeout."""`,
        `${IND}timed_out = isinstance(error, httpx.TimeoutException)`,
        `${IND}return ${P}Failure(`,
        block(
          [
            'status_code=0,',
            spec.codePath ? 'code=None,' : '',
            'message="no response before the timeout" if timed_out else f"no response ({error!r})",',
            'request_id=None,',
            'retry_after=None,',
            spec.retryablePath ? 'retryable=False,' : '',
            spec.hint ? `${spec.hint.name}=None,` : '',
            'body={},',
          ]
            .filter((l) => l !== '')
            .join('\n'),
          2,
        ),
        `${IND})`,
      ].join('\n'),
    },
    {
      name: '_async_resubmission',
      code: [
        'def _async_resubmission(json: Mapping[str, object] | None) -> dict[str, object]:',
        `${IND}"""The body sent again with async: true. A reused idempotency key with another body is a 409`,
        `${IND}conflict ("Different key", says the page), so the resubmission carries a key of its own,`,
        `${IND}derived from the original, so that repeating the resubmission stays idempotent.`,
        `${IND}"""`,
        `${IND}body: dict[str, object] = {**(json or {}), "async": True}`,
        `${IND}key = body.get("idempotency_key")`,
        `${IND}if isinstance(key, str):`,
        `${IND}${IND}body["idempotency_key"] = f"{key}:async"`,
        `${IND}return body`,
      ].join('\n'),
    },
    {
      name: '_json',
      code: [
        'def _json(response: httpx.Response) -> object:',
        `${IND}"""The parsed body; None when there is none (204)."""`,
        `${IND}return response.json() if response.content else None`,
      ].join('\n'),
    },
    {
      name: '_seconds',
      code: [
        'def _seconds(header: str | None) -> float | None:',
        `${IND}"""Retry-After in seconds: these APIs send a number of seconds, not an HTTP date."""`,
        `${IND}try:`,
        `${IND}${IND}value = float(header) if header else None`,
        `${IND}except ValueError:`,
        `${IND}${IND}return None`,
        `${IND}return value if value is not None and value >= 0 else None`,
      ].join('\n'),
    },
    {
      name: '_retry_delay',
      code: [
        `def _retry_delay(failure: ${P}Failure, attempt: int, rand: Callable[[], float]) -> float:`,
        `${IND}return _backoff(attempt, rand) if failure.retry_after is None else failure.retry_after`,
      ].join('\n'),
    },
    {
      name: '_backoff',
      code: [
        'def _backoff(attempt: int, rand: Callable[[], float]) -> float:',
        `${IND}"""Exponential backoff with ±25 % jitter, so that clients that failed together retry apart."""`,
        `${IND}return min(BACKOFF_BASE * 2 ** (attempt - 1), BACKOFF_MAX) * (0.75 + rand() * 0.5)`,
      ].join('\n'),
    },
    {
      name: '_field',
      code: [
        'def _field(value: object, *path: str) -> object:',
        `${IND}for key in path:`,
        `${IND}${IND}if not isinstance(value, Mapping):`,
        `${IND}${IND}${IND}return None`,
        `${IND}${IND}value = value.get(key)`,
        `${IND}return value`,
      ].join('\n'),
    },
    {
      name: '_text',
      code: [
        'def _text(value: object) -> str | None:',
        `${IND}return value if isinstance(value, str) else None`,
      ].join('\n'),
    },
    {
      name: '_number',
      code: [
        'def _number(value: object) -> float | None:',
        `${IND}return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None`,
      ].join('\n'),
    },
  ];
}

/** The declarations of the provider's features. */
const features: FeatureWriters = {
  keyState(spec) {
    const P = typePrefix(spec);
    return {
      before: true,
      name: '_FROZEN_KEYS',
      code: [
        '@dataclass(frozen=True)',
        `class ${P}FrozenKey:`,
        docstring(
          "A frozen organization's key: refused until `recheck_at` (as `now()` counts), then tried once more.",
          IND,
        ),
        '',
        `${IND}error: ${className(spec, 'frozen', 'python')}`,
        `${IND}recheck_at: float`,
        '',
        '',
        "# By API key: one organization's freeze never blocks another's keys, and a success clears it.",
        `_FROZEN_KEYS: dict[str, ${P}FrozenKey] = {}`,
        '',
        '',
        'def _freeze(',
        `${IND}frozen_keys: dict[str, ${P}FrozenKey],`,
        `${IND}key: str,`,
        `${IND}error: ${className(spec, 'frozen', 'python')},`,
        `${IND}now: float,`,
        ') -> None:',
        `${IND}frozen_keys[key] = ${P}FrozenKey(error, now + FROZEN_RECHECK)`,
      ].join('\n'),
    };
  },
  idempotency(_spec, suffix) {
    const safe = 'method in ("GET", "HEAD", "OPTIONS", "DELETE")';
    return {
      name: '_is_idempotent',
      code: [
        'def _is_idempotent(method: str, path: str) -> bool:',
        `${IND}"""GET, HEAD, OPTIONS, DELETE${suffix ? ` and POST …${suffix}` : ''} can be sent again without doing the work twice."""`,
        `${IND}method = method.upper()`,
        suffix
          ? `${IND}if ${safe}:\n${IND}${IND}return True\n${IND}return method == "POST" and path.split("?", 1)[0].endswith(${pyString(suffix)})`
          : `${IND}return ${safe}`,
      ].join('\n'),
    };
  },
  endpointFixes(_spec, fixes) {
    const rows = fixes.map((f) => {
      const { method, path } = f;
      return `${call('', [pyString(method), pyString(path), String(f.status), pyString(f.fix)], 1)},`;
    });
    return {
      name: '_documented_fix',
      code: [
        '# The errors page documents a fix per endpoint and status: found without parsing the message.',
        '_DOCUMENTED_FIXES: tuple[tuple[str, str, int, str], ...] = (',
        block(rows.join('\n')),
        ')',
        '',
        '',
        'def _documented_fix(method: str, path: str, status: int) -> str | None:',
        `${IND}segments = path.split("?", 1)[0].split("/")`,
        `${IND}for fix_method, pattern, fix_status, fix in _DOCUMENTED_FIXES:`,
        `${IND}${IND}parts = pattern.split("/")`,
        `${IND}${IND}if (fix_method, fix_status) != (method.upper(), status) or len(parts) != len(segments):`,
        `${IND}${IND}${IND}continue`,
        `${IND}${IND}if all(part.startswith("{") or part == segment for part, segment in zip(parts, segments)):`,
        `${IND}${IND}${IND}return fix`,
        `${IND}return None`,
      ].join('\n'),
    };
  },
  asyncTasks(spec, tasks) {
    const P = typePrefix(spec);
    const { firstWaitMs, maxIntervalMs } = tasks;
    const taskError = className(spec, 'task', 'python');
    return {
      name: '_wait_for_task',
      code: [
        'def _wait_for_task(',
        `${IND}accepted: object,`,
        `${IND}poll: Callable[[str], object],`,
        `${IND}*,`,
        `${IND}sleep: Callable[[float], None],`,
        `${IND}rand: Callable[[], float],`,
        `${IND}now: Callable[[], float],`,
        `${IND}timeout: float,`,
        ') -> object:',
        `${IND}"""Polls GET /tasks/{id} until the task ends: first after ${firstWaitMs[0] / 1000}-${firstWaitMs[1] / 1000} s, then at most ${maxIntervalMs / 1000} s apart, as`,
        `${IND}Overten asks. Each poll goes through the handler, so a 429 or 503 on the way is handled too.`,
        `${IND}"""`,
        `${IND}task_id = _text(_field(accepted, "task_id"))`,
        `${IND}if task_id is None:`,
        `${IND}${IND}raise ${className(spec, 'base', 'python')}(_task_failure(accepted, "a 202 without a task_id"))`,
        `${IND}logger.info("Overten task accepted: task_id=%s run_id=%s", task_id, _text(_field(accepted, "run_id")))`,
        `${IND}deadline = now() + timeout`,
        `${IND}wait = ${seconds(firstWaitMs[0])} + rand() * ${seconds(firstWaitMs[1] - firstWaitMs[0])}`,
        `${IND}while True:`,
        `${IND}${IND}sleep(wait)`,
        `${IND}${IND}task = poll(task_id)`,
        `${IND}${IND}state = _text(_field(task, "status"))`,
        `${IND}${IND}if state == "completed":`,
        `${IND}${IND}${IND}return task`,
        `${IND}${IND}if state in ("failed", "cancelled", "expired"):`,
        `${IND}${IND}${IND}raise ${taskError}(_task_failure(task, f"task {state}"))`,
        `${IND}${IND}if now() >= deadline:`,
        `${IND}${IND}${IND}raise ${taskError}(_task_failure(task, f"task still {state} when polling stopped"))`,
        `${IND}${IND}wait = min(wait * 2, ${seconds(maxIntervalMs)})`,
        '',
        '',
        `def _task_failure(task: object, message: str) -> ${P}Failure:`,
        `${IND}error = _field(task, "error")`,
        `${IND}detail = f" {error!r}" if error is not None and not isinstance(error, str) else ""`,
        `${IND}return ${P}Failure(`,
        `${IND}${IND}status_code=200,`,
        `${IND}${IND}code=_text(error) or _text(_field(task, "status")),`,
        `${IND}${IND}message=(_text(_field(task, "message")) or message) + detail,`,
        `${IND}${IND}request_id=None,`,
        `${IND}${IND}retry_after=None,`,
        `${IND}${IND}body={key: _field(task, key) for key in ("task_id", "run_id", "status", "message")},`,
        `${IND})`,
      ].join('\n'),
    };
  },
};

function constants(spec: ProviderSpec): Declaration[] {
  const features = spec.features ?? {};
  const list: Declaration[] = [
    {
      name: `${spec.id.toUpperCase()}_BASE_URL`,
      code: `${spec.id.toUpperCase()}_BASE_URL = "${placeholder(2, spec.baseUrl)}"`,
    },
    { name: 'MAX_ATTEMPTS', code: `MAX_ATTEMPTS = ${spec.maxAttempts}` },
    { name: 'BACKOFF_BASE', code: `BACKOFF_BASE = ${seconds(spec.backoff.baseMs)}  # seconds` },
    { name: 'BACKOFF_MAX', code: `BACKOFF_MAX = ${seconds(spec.backoff.maxMs)}` },
    {
      name: 'MAX_WAIT',
      code: '# A longer Retry-After goes back to the caller, as `retry_after` on the error, not slept through.\nMAX_WAIT = 120.0',
    },
    {
      name: 'REQUEST_TIMEOUT',
      code: `${spec.timeoutWhy ? `${comment(spec.timeoutWhy, '# ', 100)}\n` : ''}REQUEST_TIMEOUT = ${seconds(spec.timeoutSeconds * 1000)}  # seconds, per request`,
    },
  ];
  if (features.keyState)
    list.push({
      name: 'FROZEN_RECHECK',
      code: `# How long a frozen organization's key is refused before one call checks again.\nFROZEN_RECHECK = ${seconds(features.keyState.recheckMs)}`,
    });
  if (features.reportPolls) {
    list.push(
      { name: 'MAX_REPORT_POLLS', code: `MAX_REPORT_POLLS = ${features.reportPolls.max}` },
      {
        name: 'REPORT_POLL_INTERVAL',
        code: `REPORT_POLL_INTERVAL = ${seconds(features.reportPolls.intervalMs)}`,
      },
    );
  }
  if (features.asyncTasks)
    list.push({
      name: 'POLL_TIMEOUT',
      code: `POLL_TIMEOUT = ${features.asyncTasks.timeoutMs / 60_000} * 60.0`,
    });
  return list;
}

function signature(spec: ProviderSpec): string {
  const P = typePrefix(spec);
  const features = spec.features ?? {};
  const params = [
    'method: str',
    'path: str',
    '*',
    'json: Mapping[str, object] | None = None',
    'headers: Mapping[str, str] | None = None',
    `base_url: str = ${spec.id.toUpperCase()}_BASE_URL`,
    'client: httpx.Client | None = None',
    `${credentialName(spec)}: str | None = None`,
    features.refreshToken ? 'refresh_access_token: Callable[[], str] | None = None' : '',
    features.keyState ? `frozen_keys: dict[str, ${P}FrozenKey] | None = None` : '',
    'timeout: float = REQUEST_TIMEOUT',
    'max_attempts: int = MAX_ATTEMPTS',
    'max_wait: float = MAX_WAIT',
    features.reportPolls ? 'max_polls: int = MAX_REPORT_POLLS' : '',
    features.asyncTasks ? 'poll_timeout: float = POLL_TIMEOUT' : '',
    'sleep: Callable[[float], None] = time.sleep',
    'rand: Callable[[], float] = random.random',
    features.asyncTasks || features.keyState ? 'now: Callable[[], float] = time.monotonic' : '',
  ].filter((p) => p !== '');
  return `def ${placeholder(1, functionName(spec, 'python'))}(\n${block(params.map((p) => (p === '*' ? '*,' : `${p},`)).join('\n'))}\n) -> object:`;
}

export function pythonHandler(spec: ProviderSpec): string {
  const fn = functionName(spec, 'python');
  const docstring = [
    `${IND}"""Sends one request to the ${spec.displayName} API and returns its JSON body (None when empty).`,
    '',
    `${IND}Every documented error is either handled here or raised as ${withArticle(className(spec, 'base', 'python'))}.`,
    `${IND}Example: ${fn}("${spec.exampleMethod ?? 'GET'}", "${spec.examplePath}")`,
    '',
    `${IND}Each request gives up after \`timeout\` seconds and the attempts are bounded (\`max_attempts\`); a`,
    `${IND}server asking to wait longer than \`max_wait\` gets the error, carrying the wait, at once. A`,
    `${IND}sync httpx request cannot be interrupted from outside: to cancel between attempts, pass a`,
    `${IND}\`sleep\` that waits on your threading.Event and raises once it is set.`,
    `${IND}"""`,
  ].join('\n');
  const handler = [
    signature(spec),
    docstring,
    block(prologue(spec)),
    `${IND}attempt = 0`,
    `${IND}while True:`,
    block(loopBody(spec), 2),
  ].join('\n');
  const extras = featureDeclarations(spec, features);
  const classes = declaredClasses(spec, 'python').map((cls) =>
    classDeclaration(spec, cls, cls === baseClass(spec)),
  );
  const main = [
    failureType(spec),
    ...classes,
    ...extras.filter((d) => d.before).map((d) => d.code),
    handler,
    ...extras.filter((d) => !d.before).map((d) => d.code),
  ].join('\n\n\n');
  const tail = keepUsed(helpers(spec), main);
  const top = keepUsed(constants(spec), main + tail.join('\n'));
  const header = [
    `"""${spec.displayName} API: ${fn}() sends one request and handles every documented error as`,
    `${spec.docs} prescribes. A module of its own (say ${spec.id}_client.py): import ${fn}`,
    'and the error classes from it. Generated by API Error Inspector.',
    '"""',
    '',
    'from __future__ import annotations',
    '',
    'import functools',
    'import logging',
    'import os',
    'import random',
    'import time',
    'from collections.abc import Callable, Mapping',
    'from dataclasses import dataclass',
    '',
    'import httpx',
  ].join('\n');
  return (
    [header, top.join('\n'), 'logger = logging.getLogger(__name__)', main, ...tail].join('\n\n\n') + '\n'
  );
}

export function pythonBranch(spec: ProviderSpec, target: BranchTarget): string {
  return renderBranch(python, spec, target);
}

export const python: Dialect = {
  language: 'python',
  comment: '# ',
  commentWidth: 88,
  innerCommentWidth: 80,
  scope: [
    'response',
    'failure',
    'attempt',
    'max_attempts',
    'max_polls',
    'polls',
    'sleep',
    'rand',
    'method',
    'path',
    'json',
    'token',
    'refreshed',
    'refresh_access_token',
    'frozen_keys',
    'poll',
    'max_wait',
    'now',
    'poll_timeout',
  ],
  ifBlock: (condition, body) => `if ${condition}:\n${block(body)}`,
  caseGroup: (codes, body) => `${casePattern(codes, 4)}\n${block(body)}`,
  switchOnCode: (groups) => `match failure.code:\n${block(groups.join('\n'))}`,
  and: ' and ',
  or: ' or ',
  codeIs: (code) => `failure.code == ${pyString(code)}`,
  statusIs: (statuses) => statuses.map((s) => `failure.status_code == ${s}`).join(' or '),
  messageIs: (message) => `failure.message == ${pyString(message)}`,
  responseStatusIs: (status) => `response.status_code == ${status}`,
  serverError: 'failure.status_code >= 500',
  retryableFlag: 'failure.retryable',
  phrases: {
    raise: (name) => `raise ${name}(failure)`,
    raiseByStatus: 'raise _error_for(failure)',
    sleepAndRetry: (wait) => `sleep(${wait})\ncontinue`,
    serverDelay: (attempt, defaultMs) => ({
      statement:
        defaultMs === undefined
          ? `wait = _retry_delay(failure, ${attempt}, rand)`
          : `wait = ${seconds(defaultMs)} if failure.retry_after is None else failure.retry_after`,
      wait: 'wait',
      fits: 'wait <= max_wait',
    }),
    attemptsLeft: (attempt) => `${attempt} < max_attempts`,
    backoff: (attempt) => `_backoff(${attempt}, rand)`,
    randomWait: (low, high) => `${seconds(low)} + rand() * ${seconds(high - low)}`,
    idempotent: '_is_idempotent(method, path)',
    refreshOnce: [
      'if not refreshed and refresh_access_token is not None:',
      `${IND}refreshed = True`,
      `${IND}token = refresh_access_token()`,
      `${IND}continue`,
    ].join('\n'),
    resubmitAsync: [
      'if (json or {}).get("async") is not True:',
      `${IND}json = _async_resubmission(json)`,
      `${IND}continue`,
    ].join('\n'),
    pollsLeft: 'polls < max_polls',
    countPoll: 'polls += 1',
    pollWait: 'REPORT_POLL_INTERVAL if failure.retry_after is None else failure.retry_after',
    halt: (name) =>
      [
        `frozen_error = ${name}(failure)`,
        '_freeze(frozen_keys, token, frozen_error, now())',
        'raise frozen_error',
      ].join('\n'),
    success: 'return _json(response)',
    acceptTask: call(
      'return _wait_for_task',
      ['_json(response)', 'poll', 'sleep=sleep', 'rand=rand', 'now=now', 'timeout=poll_timeout'],
      3,
    ),
  },
  afterFailure: 'after _read_failure()',
  afterResponse: 'right after the request',
  redirectNote: () =>
    "The handler's client follows redirects (httpx: follow_redirects=True): nothing to handle here.",
};

/** The handler plus a function that declares what a branch expects: for checking branches. */
export function pythonBranchHost(spec: ProviderSpec, branch: string): string {
  const P = typePrefix(spec);
  const features = spec.features ?? {};
  const locals = [
    'json: Mapping[str, object] | None = None',
    `${credentialName(spec)}: str | None = None`,
    'client: httpx.Client | None = None',
    `base_url = ${spec.id.toUpperCase()}_BASE_URL`,
    'max_attempts = MAX_ATTEMPTS',
    'sleep: Callable[[float], None] = time.sleep',
    'rand: Callable[[], float] = random.random',
    features.refreshToken ? 'refresh_access_token: Callable[[], str] | None = None' : '',
    features.keyState ? `frozen_keys: dict[str, ${P}FrozenKey] | None = None` : '',
    'timeout = REQUEST_TIMEOUT',
    'max_wait = MAX_WAIT',
    features.reportPolls ? 'max_polls = MAX_REPORT_POLLS' : '',
    features.asyncTasks ? 'poll_timeout = POLL_TIMEOUT' : '',
    features.asyncTasks || features.keyState ? 'now: Callable[[], float] = time.monotonic' : '',
  ].filter((l) => l !== '');
  return [
    pythonHandler(spec).trimEnd(),
    '',
    '',
    'def _branch_host(method: str, path: str, response: httpx.Response) -> object:',
    block(locals.join('\n')),
    block(prologue(spec)),
    `${IND}attempt = 0`,
    `${IND}while True:`,
    `${IND}${IND}attempt += 1`,
    `${IND}${IND}failure = ${readFailureCall(spec)}`,
    block(branch.trimEnd(), 2),
    `${IND}${IND}raise _error_for(failure)`,
    '',
  ].join('\n');
}
