/**
 * Emits Go 1.19 (net/http, standard library only): the same handling as typescript.ts, written the
 * Go way. Cancellation is the caller's context; every error is a pointer type usable with errors.As,
 * the provider's base type embedded in the others, and a network error unwraps to its cause.
 */
import type { BranchTarget, ErrorClass, ProviderSpec, ValueType } from './model';
import { baseClass, className, declaredClasses, functionName, statusClasses, typePrefix } from './plan';
import { dispatch, featureDeclarations, keepUsed, renderBranch, withWhy } from './dialect';
import type { Declaration, Dialect, FeatureWriters } from './dialect';
import { comment, indent, placeholder } from './text';

const TYPES: Record<ValueType, string> = {
  string: 'string',
  number: 'float64',
  boolean: 'bool',
  unknown: 'any',
};

const block = (text: string, depth = 1) => indent(text, depth, '\t');

/** `runId` → `RunID`, `upgradeUrl` → `UpgradeURL`: exported Go names. */
export function goName(name: string): string {
  const pascal = name.charAt(0).toUpperCase() + name.slice(1);
  return pascal.replace(/Id$/, 'ID').replace(/Url$/, 'URL');
}

/** A Go string literal. */
const goString = (value: string) => JSON.stringify(value);

/** Milliseconds as a Go duration: `30000` → `30 * time.Second`, `300` → `300 * time.Millisecond`. */
export function duration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} * time.Minute`;
  if (ms % 1000 === 0) return `${ms / 1000} * time.Second`;
  return `${ms} * time.Millisecond`;
}

/** A duration inside a larger expression, as gofmt spaces it: `30*time.Second`. */
const tight = (ms: number) => duration(ms).replace(/ \* /, '*');

/** `attempt - polls` as gofmt writes it inside a comparison or a call: `attempt-polls`. */
const compact = (expression: string) => expression.replace(/ - /g, '-');

/** `error.details.quota_limit` as arguments: `"error", "details", "quota_limit"`. */
const pathArgs = (path: string) => path.split('.').map(goString).join(', ');

function readField(root: string, path: string, type: ValueType): string {
  if (type === 'string') return `textAt(${root}, ${pathArgs(path)})`;
  if (type === 'number') return `numberAt(${root}, ${pathArgs(path)})`;
  if (type === 'boolean') return `boolAt(${root}, ${pathArgs(path)})`;
  return `valueAt(${root}, ${pathArgs(path)})`;
}

function credentialField(spec: ProviderSpec): string {
  return spec.credential.option === 'accessToken' ? 'AccessToken' : 'APIKey';
}

/** The Go words of the handling; a function of the spec, since raising names the provider's base type. */
function goDialect(spec: ProviderSpec): Dialect {
  const base = className(spec, 'base', 'go');
  return {
    language: 'go',
    comment: '// ',
    commentWidth: 100,
    innerCommentWidth: 84,
    scope: ['response', 'failure', 'attempt', 'request', 'o', 'ctx', 'token', 'refreshed', 'polls'],
    ifBlock: (condition, body) => `if ${condition} {\n${block(body)}\n}`,
    caseGroup: (codes, body) => `case ${codes.map(goString).join(', ')}:\n${block(body)}`,
    switchOnCode: (groups) => `switch failure.Code {\n${groups.join('\n')}\n}`,
    and: ' && ',
    or: ' || ',
    codeIs: (code) => `failure.Code == ${goString(code)}`,
    statusIs: (statuses) => statuses.map((s) => `failure.Status == ${s}`).join(' || '),
    messageIs: (message) => `failure.Message == ${goString(message)}`,
    responseStatusIs: (status) => `response.StatusCode == ${status}`,
    serverError: 'failure.Status >= 500',
    retryableFlag: 'failure.Retryable',
    phrases: {
      raise: (name) => (name === base ? 'return nil, failure' : `return nil, new${name}(failure)`),
      raiseByStatus: 'return nil, errorFor(failure)',
      sleepAndRetry: (wait) =>
        `if err := o.Sleep(ctx, ${wait}); err != nil {\n\treturn nil, err\n}\ncontinue`,
      serverDelay: (attempt, defaultMs) => ({
        statement:
          defaultMs === undefined
            ? `wait := retryDelay(failure, ${compact(attempt)}, o.Rand)`
            : `wait := failure.RetryAfter\nif wait == 0 {\n\twait = ${duration(defaultMs)}\n}`,
        wait: 'wait',
        fits: 'wait <= o.MaxWait',
      }),
      attemptsLeft: (attempt) => `${compact(attempt)} < o.MaxAttempts`,
      backoff: (attempt) => `backoff(${compact(attempt)}, o.Rand)`,
      // A call's argument: gofmt writes it without spaces.
      randomWait: (low, high) => `${tight(low)}+time.Duration(o.Rand()*float64(${tight(high - low)}))`,
      idempotent: 'isIdempotent(request)',
      refreshOnce: [
        'if !refreshed && o.RefreshAccessToken != nil {',
        '\trefreshed = true',
        '\tfresh, err := o.RefreshAccessToken(ctx)',
        '\tif err != nil {',
        '\t\treturn nil, err',
        '\t}',
        '\ttoken = fresh',
        '\tcontinue',
        '}',
      ].join('\n'),
      resubmitAsync: [
        'if async, _ := request.Body["async"].(bool); !async {',
        '\trequest.Body = asyncResubmission(request.Body)',
        '\tcontinue',
        '}',
      ].join('\n'),
      pollsLeft: 'polls < o.MaxPolls',
      countPoll: 'polls++',
      pollWait: 'reportPollWait(failure)',
      halt: (name) =>
        [
          `frozenError := new${name}(failure)`,
          'o.FrozenKeys.freeze(token, frozenError, o.Now().Add(frozenRecheck))',
          'return nil, frozenError',
        ].join('\n'),
      success: 'return readJSON(response)',
      acceptTask: 'return waitForTask(ctx, response, o)',
    },
    afterFailure: 'after readFailure()',
    afterResponse: 'right after send()',
    redirectNote: () =>
      "net/http's client follows redirects itself, so the handler sees the final response: nothing to handle here.",
  };
}

/** The base error: the failed response as the handling reads it. */
function baseDeclaration(spec: ProviderSpec, cls: ErrorClass): string {
  const name = className(spec, 'base', 'go');
  const fields = [
    ['Status', 'int', 'The HTTP status; 0 when no response arrived.'],
    spec.codePath ? ['Code', 'string', ''] : undefined,
    ['Message', 'string', ''],
    ['RequestID', 'string', `The ${spec.requestIdHeader} header: support asks for it.`],
    [
      'RetryAfter',
      'time.Duration',
      'The wait the server asked for (Retry-After or the body); 0 when it did not say.',
    ],
    spec.retryablePath ? ['Retryable', 'bool', ''] : undefined,
    spec.hint ? [goName(spec.hint.name), 'string', ''] : undefined,
    ...(cls.fields ?? []).map((f) => [goName(f.name), TYPES[f.type], '']),
    ['Body', 'map[string]any', 'The parsed error body.'],
  ].filter((f) => f !== undefined);
  const lines = fields.flatMap(([field = '', type = '', doc = '']) => [
    ...(doc ? [`\t// ${doc}`] : []),
    `\t${field} ${type}`,
  ]);
  const optional = (field: string, name: string) =>
    `\t${name} := ""\n\tif e.${field} != "" {\n\t\t${name} = " " + e.${field}\n\t}`;
  const hint = spec.hint ? goName(spec.hint.name) : undefined;
  const format = `${spec.displayName} %d${spec.codePath ? '%s' : ''}: %s${hint ? '%s' : ''}%s`;
  const args = ['e.Status', spec.codePath ? 'code' : '', 'e.Message', hint ? 'hint' : '', 'requestID'];
  const errorMethod = [
    `func (e *${name}) Error() string {`,
    ...(spec.codePath ? [optional('Code', 'code')] : []),
    ...(hint ? [optional(hint, 'hint')] : []),
    '\trequestID := ""',
    '\tif e.RequestID != "" {',
    `\t\trequestID = " (${spec.requestIdHeader} " + e.RequestID + ")"`,
    '\t}',
    `\treturn fmt.Sprintf(${goString(format)}, ${args.filter((a) => a !== '').join(', ')})`,
    '}',
  ];
  return [
    comment(`${name}: ${cls.doc.replace(/`(\w+)`/g, (_m, f: string) => goName(f))}`, '// '),
    `type ${name} struct {`,
    ...lines,
    '\t// Why no response arrived, for a network error.',
    '\tcause error',
    '}',
    '',
    ...errorMethod,
    '',
    '// Unwrap gives the network failure behind the error, if any: errors.Is(err, context.DeadlineExceeded).',
    `func (e *${name}) Unwrap() error { return e.cause }`,
  ].join('\n');
}

/** A more specific error: the base embedded, so that errors.As finds either. */
function subDeclaration(spec: ProviderSpec, cls: ErrorClass): string {
  const name = className(spec, cls.id, 'go');
  const base = className(spec, 'base', 'go');
  const fields = (cls.fields ?? []).filter((f) => f.from !== 'retryAfter');
  const assignments = fields.map((f) => `${goName(f.name)}: ${readField('failure.Body', f.from, f.type)},`);
  return [
    comment(`${name}: ${cls.doc.replace(/`(\w+)`/g, (_m, f: string) => goName(f))}`, '// '),
    `type ${name} struct {`,
    `\t*${base}`,
    ...fields.map((f) => `\t${goName(f.name)} ${TYPES[f.type]}`),
    '}',
    '',
    `func (e *${name}) Unwrap() error { return e.${base} }`,
    '',
    `func new${name}(failure *${base}) *${name} {`,
    assignments.length === 0
      ? `\treturn &${name}{${base}: failure}`
      : `\treturn &${name}{\n\t\t${base}: failure,\n${block(assignments.join('\n'), 2)}\n\t}`,
    '}',
  ].join('\n');
}

function requestTypes(spec: ProviderSpec): string {
  const P = typePrefix(spec);
  const features = spec.features ?? {};
  const credential = credentialField(spec);
  const option = (doc: string, field: string) => [`\t// ${doc}`, `\t${field}`];
  const options = [
    ...option(`${spec.baseUrl} when empty.`, 'BaseURL string'),
    ...option(
      `The ${placeholder(3, spec.credential.env)} environment variable when empty.`,
      `${credential} string`,
    ),
    ...(features.refreshToken
      ? option(
          'Mints a new access token; called at most once per call, on access_token_expired.',
          'RefreshAccessToken func(ctx context.Context) (string, error)',
        )
      : []),
    ...(features.keyState
      ? option("Frozen organizations' keys; this package's by default.", `FrozenKeys *${P}FrozenKeys`)
      : []),
    ...option('http.DefaultClient when nil.', 'Client *http.Client'),
    ...option(`Per request; ${spec.timeoutSeconds} s when zero.`, 'Timeout time.Duration'),
    ...option('Attempts in all, the first included.', 'MaxAttempts int'),
    ...option(
      'The longest wait the server may ask for; a longer one is not slept but returned, as RetryAfter.',
      'MaxWait time.Duration',
    ),
    ...(features.reportPolls
      ? option('How often to ask again while a report is still being generated (425).', 'MaxPolls int')
      : []),
    ...(features.asyncTasks
      ? option('How long to poll an async task before giving up.', 'PollTimeout time.Duration')
      : []),
    ...option(
      'Injectable, so that tests run in milliseconds; returns ctx.Err() once ctx is done.',
      'Sleep func(ctx context.Context, d time.Duration) error',
    ),
    ...option('Jitter source, in [0, 1).', 'Rand func() float64'),
    'Now func() time.Time',
    'Log func(message string, fields map[string]any)',
  ].map((l) => (l.startsWith('\t') ? l : `\t${l}`));
  return [
    `// ${P}Request is one call: Method (GET when empty), Path (appended to the base URL, e.g. ${spec.examplePath}),`,
    '// Body (sent as JSON when not nil) and extra Header.',
    `type ${P}Request struct {`,
    '\tMethod string',
    '\tPath   string',
    '\tBody   map[string]any',
    '\tHeader http.Header',
    '}',
    '',
    `// ${P}Options tunes a call; the zero value is ready to use.`,
    `type ${P}Options struct {`,
    ...options,
    '}',
    '',
    `func (o ${P}Options) withDefaults() ${P}Options {`,
    '\tif o.BaseURL == "" {',
    `\t\to.BaseURL = ${P.toLowerCase()}BaseURL`,
    '\t}',
    `\tif o.${credential} == "" {`,
    `\t\to.${credential} = os.Getenv("${placeholder(3, spec.credential.env)}")`,
    '\t}',
    ...(features.keyState
      ? ['\tif o.FrozenKeys == nil {', '\t\to.FrozenKeys = sharedFrozenKeys', '\t}']
      : []),
    '\tif o.Client == nil {',
    '\t\to.Client = http.DefaultClient',
    '\t}',
    '\tif o.Timeout == 0 {',
    '\t\to.Timeout = requestTimeout',
    '\t}',
    '\tif o.MaxAttempts == 0 {',
    '\t\to.MaxAttempts = maxAttempts',
    '\t}',
    '\tif o.MaxWait == 0 {',
    '\t\to.MaxWait = maxWait',
    '\t}',
    ...(features.reportPolls ? ['\tif o.MaxPolls == 0 {', '\t\to.MaxPolls = maxReportPolls', '\t}'] : []),
    ...(features.asyncTasks ? ['\tif o.PollTimeout == 0 {', '\t\to.PollTimeout = pollTimeout', '\t}'] : []),
    '\tif o.Sleep == nil {',
    '\t\to.Sleep = sleep',
    '\t}',
    '\tif o.Rand == nil {',
    '\t\to.Rand = rand.Float64',
    '\t}',
    '\tif o.Now == nil {',
    '\t\to.Now = time.Now',
    '\t}',
    '\tif o.Log == nil {',
    '\t\to.Log = func(message string, fields map[string]any) { log.Println(message, fields) }',
    '\t}',
    '\treturn o',
    '}',
  ].join('\n');
}

function loopBody(spec: ProviderSpec, d: Dialect): string {
  const network = className(spec, 'network', 'go');
  const retry = spec.networkRetry.when === 'idempotent';
  const logged = [
    '"status": failure.Status',
    spec.codePath ? '"code": failure.Code' : '"error": failure.Message',
    '"requestId": failure.RequestID',
    ...(spec.logFields ?? []).map((f) => `"${f.name}": textAt(failure.Body, ${pathArgs(f.path)})`),
    '"attempt": attempt',
  ];
  return [
    'response, err := send(ctx, request, url, token, o)',
    'if err != nil {',
    "\t// The caller cancelled or its deadline passed: stop with the context's error, never retry.",
    '\tif ctx.Err() != nil {',
    '\t\treturn nil, ctx.Err()',
    '\t}',
    `\to.Log("${spec.displayName} request got no response", map[string]any{"error": err.Error(), "attempt": attempt})`,
    comment(spec.networkRetry.why, '\t// ', 100),
    ...(retry
      ? [
          '\tif attempt < o.MaxAttempts && isIdempotent(request) {',
          '\t\tif err := o.Sleep(ctx, backoff(attempt, o.Rand)); err != nil {',
          '\t\t\treturn nil, err',
          '\t\t}',
          '\t\tcontinue',
          '\t}',
        ]
      : []),
    `\treturn nil, new${network}(networkFailure(err))`,
    '}',
    spec.features?.asyncTasks
      ? withWhy(
          d,
          'A sync request past the 300 s ceiling may also be promoted to a 202 task: poll it either way.',
          `if response.StatusCode == 202 {\n\t${d.phrases.acceptTask}\n}`,
        )
      : '',
    'if response.StatusCode >= 200 && response.StatusCode < 300 {',
    spec.features?.keyState ? '\to.FrozenKeys.clear(token)' : '',
    '\treturn readJSON(response)',
    '}',
    `failure := readFailure(response${spec.hint?.from === 'endpointFixes' ? ', request' : ''})`,
    `o.Log("${spec.displayName} request failed", map[string]any{`,
    ...logged.map((l) => `\t${l},`),
    '})',
    dispatch(d, spec),
  ]
    .filter((l) => l !== '')
    .join('\n');
}

/** The handler's set-up before its loop; the branch host repeats it. */
function prologue(spec: ProviderSpec, body: string): string {
  const uses = (name: string) => new RegExp(`\\b${name}\\b`).test(body.replace(/^\s*\/\/.*$/gm, ''));
  return [
    'o := options.withDefaults()',
    'url := strings.TrimRight(o.BaseURL, "/") + request.Path',
    `token := o.${credentialField(spec)}`,
    uses('refreshed') ? 'refreshed := false' : '',
    uses('polls') ? 'polls := 0' : '',
    spec.features?.keyState
      ? "// The organization's keys are off: refused without a request until the re-check is due.\nif err := o.FrozenKeys.refused(token, o.Now()); err != nil {\n\treturn nil, err\n}"
      : '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

function helpers(spec: ProviderSpec): Declaration[] {
  const P = typePrefix(spec);
  const base = className(spec, 'base', 'go');
  const server = className(spec, spec.serverError, 'go');
  const fix = spec.hint?.from === 'endpointFixes';
  const groups = statusClasses(spec, 'go').map(
    (row) => `case ${row.status}:\n\treturn new${row.name}(failure)`,
  );
  const failureFields = [
    'Status: response.StatusCode,',
    spec.codePath ? `Code: ${readField('body', spec.codePath, 'string')},` : '',
    'Message: message,',
    `RequestID: response.Header.Get(${goString(spec.requestIdHeader)}),`,
    'RetryAfter: retryAfter,',
    spec.retryablePath ? `Retryable: ${readField('body', spec.retryablePath, 'boolean')},` : '',
    spec.hint
      ? `${goName(spec.hint.name)}: ${fix ? 'documentedFix(request, response.StatusCode)' : readField('body', spec.hint.from, 'string')},`
      : '',
    ...(baseClass(spec).fields ?? []).map((f) => `${goName(f.name)}: ${readField('body', f.from, f.type)},`),
    'Body: body,',
  ].filter((l) => l !== '');
  return [
    {
      name: 'send',
      code: [
        '// send makes one request and reads its whole body within the timeout.',
        `func send(ctx context.Context, request ${P}Request, url, token string, o ${P}Options) (*http.Response, error) {`,
        '\tctx, cancel := context.WithTimeout(ctx, o.Timeout)',
        '\tdefer cancel()',
        '\tvar body io.Reader',
        '\tif request.Body != nil {',
        '\t\tdata, err := json.Marshal(request.Body)',
        '\t\tif err != nil {',
        '\t\t\treturn nil, err',
        '\t\t}',
        '\t\tbody = bytes.NewReader(data)',
        '\t}',
        '\tmethod := request.Method',
        '\tif method == "" {',
        '\t\tmethod = http.MethodGet',
        '\t}',
        '\treq, err := http.NewRequestWithContext(ctx, method, url, body)',
        '\tif err != nil {',
        '\t\treturn nil, err',
        '\t}',
        '\tfor name, values := range request.Header {',
        '\t\treq.Header[name] = values',
        '\t}',
        '\treq.Header.Set("Content-Type", "application/json")',
        spec.credential.scheme
          ? `\treq.Header.Set(${goString(spec.credential.header)}, "${spec.credential.scheme} "+token)`
          : `\treq.Header.Set(${goString(spec.credential.header)}, token)`,
        '\tresponse, err := o.Client.Do(req)',
        '\tif err != nil {',
        '\t\treturn nil, err',
        '\t}',
        '\tdefer response.Body.Close()',
        '\tdata, err := io.ReadAll(response.Body)',
        '\tif err != nil {',
        '\t\treturn nil, err',
        '\t}',
        '\tresponse.Body = io.NopCloser(bytes.NewReader(data))',
        '\treturn response, nil',
        '}',
      ].join('\n'),
    },
    {
      name: 'readFailure',
      code: [
        `func readFailure(response *http.Response${fix ? `, request ${P}Request` : ''}) *${base} {`,
        '\tvar body map[string]any',
        "\t// Not JSON (a proxy's error page, say): the status alone decides.",
        '\t_ = json.NewDecoder(response.Body).Decode(&body)',
        `\tmessage := ${readField('body', spec.messagePath, 'string')}`,
        '\tif message == "" {',
        '\t\tmessage = http.StatusText(response.StatusCode)',
        '\t}',
        '\tretryAfter := secondsOf(response.Header.Get("Retry-After"))',
        ...(spec.retryAfterPath
          ? [
              '\tif retryAfter == 0 {',
              `\t\tretryAfter = time.Duration(${readField('body', spec.retryAfterPath, 'number')} * float64(time.Second))`,
              '\t}',
            ]
          : []),
        `\treturn &${base}{`,
        block(failureFields.join('\n'), 2),
        '\t}',
        '}',
      ].join('\n'),
    },
    {
      name: 'networkFailure',
      code: [
        '// networkFailure: a request that got no response (status 0): refused, reset, or past its timeout.',
        `func networkFailure(err error) *${base} {`,
        '\tmessage := "no response (" + err.Error() + ")"',
        '\tif errors.Is(err, context.DeadlineExceeded) {',
        '\t\tmessage = "no response before the timeout"',
        '\t}',
        `\treturn &${base}{Message: message, Body: map[string]any{}, cause: err}`,
        '}',
      ].join('\n'),
    },
    {
      name: 'errorFor',
      code: [
        '// errorFor is the error for a code this handler does not know, by its status.',
        `func errorFor(failure *${base}) error {`,
        groups.length > 0 ? `\tswitch failure.Status {\n${block(groups.join('\n'))}\n\t}` : '',
        server === base
          ? '\treturn failure'
          : `\tif failure.Status >= 500 {\n\t\treturn new${server}(failure)\n\t}\n\treturn failure`,
        '}',
      ]
        .filter((l) => l !== '')
        .join('\n'),
    },
    {
      name: 'readJSON',
      code: [
        '// readJSON: the parsed body; nil when there is none (204).',
        'func readJSON(response *http.Response) (any, error) {',
        '\tdata, err := io.ReadAll(response.Body)',
        '\tif err != nil || len(data) == 0 {',
        '\t\treturn nil, err',
        '\t}',
        '\tvar value any',
        '\terr = json.Unmarshal(data, &value)',
        '\treturn value, err',
        '}',
      ].join('\n'),
    },
    {
      name: 'secondsOf',
      code: [
        '// secondsOf reads Retry-After: these APIs send a number of seconds, not an HTTP date.',
        'func secondsOf(header string) time.Duration {',
        '\tseconds, err := strconv.ParseFloat(strings.TrimSpace(header), 64)',
        '\tif err != nil || seconds < 0 || math.IsInf(seconds, 0) || math.IsNaN(seconds) {',
        '\t\treturn 0',
        '\t}',
        '\treturn time.Duration(seconds * float64(time.Second))',
        '}',
      ].join('\n'),
    },
    {
      name: 'retryDelay',
      code: [
        `func retryDelay(failure *${base}, attempt int, random func() float64) time.Duration {`,
        '\tif failure.RetryAfter > 0 {',
        '\t\treturn failure.RetryAfter',
        '\t}',
        '\treturn backoff(attempt, random)',
        '}',
      ].join('\n'),
    },
    {
      name: 'backoff',
      code: [
        '// backoff: exponential, with ±25 % jitter, so that clients that failed together retry apart.',
        'func backoff(attempt int, random func() float64) time.Duration {',
        '\twait := backoffBase << (attempt - 1)',
        '\tif wait > backoffMax || wait <= 0 {',
        '\t\twait = backoffMax',
        '\t}',
        '\treturn time.Duration(float64(wait) * (0.75 + random()*0.5))',
        '}',
      ].join('\n'),
    },
    {
      name: 'sleep',
      code: [
        '// sleep waits d, or returns ctx.Err() as soon as ctx is done.',
        'func sleep(ctx context.Context, d time.Duration) error {',
        '\ttimer := time.NewTimer(d)',
        '\tdefer timer.Stop()',
        '\tselect {',
        '\tcase <-timer.C:',
        '\t\treturn nil',
        '\tcase <-ctx.Done():',
        '\t\treturn ctx.Err()',
        '\t}',
        '}',
      ].join('\n'),
    },
    {
      name: 'reportPollWait',
      code: [
        `func reportPollWait(failure *${base}) time.Duration {`,
        '\tif failure.RetryAfter > 0 {',
        '\t\treturn failure.RetryAfter',
        '\t}',
        '\treturn reportPollInterval',
        '}',
      ].join('\n'),
    },
    {
      name: 'asyncResubmission',
      code: [
        '// asyncResubmission: the body sent again with async: true. A reused idempotency key with another',
        '// body is a 409 conflict ("Different key", says the page), so the resubmission carries a key of',
        '// its own, derived from the original, so that repeating the resubmission stays idempotent.',
        'func asyncResubmission(body map[string]any) map[string]any {',
        '\tresubmitted := map[string]any{"async": true}',
        '\tfor key, value := range body {',
        '\t\tif key != "async" {',
        '\t\t\tresubmitted[key] = value',
        '\t\t}',
        '\t}',
        '\tif key, ok := body["idempotency_key"].(string); ok {',
        '\t\tresubmitted["idempotency_key"] = key + ":async"',
        '\t}',
        '\treturn resubmitted',
        '}',
      ].join('\n'),
    },
    {
      name: 'valueAt',
      code: [
        '// valueAt reads a value of the body by its path; nil when absent.',
        'func valueAt(body map[string]any, path ...string) any {',
        '\tvar value any = body',
        '\tfor _, key := range path {',
        '\t\tobject, ok := value.(map[string]any)',
        '\t\tif !ok {',
        '\t\t\treturn nil',
        '\t\t}',
        '\t\tvalue = object[key]',
        '\t}',
        '\treturn value',
        '}',
      ].join('\n'),
    },
    {
      name: 'textAt',
      code: [
        'func textAt(body map[string]any, path ...string) string {',
        '\ttext, _ := valueAt(body, path...).(string)',
        '\treturn text',
        '}',
      ].join('\n'),
    },
    {
      name: 'numberAt',
      code: [
        'func numberAt(body map[string]any, path ...string) float64 {',
        '\tnumber, _ := valueAt(body, path...).(float64)',
        '\treturn number',
        '}',
      ].join('\n'),
    },
    {
      name: 'boolAt',
      code: [
        'func boolAt(body map[string]any, path ...string) bool {',
        '\tflag, _ := valueAt(body, path...).(bool)',
        '\treturn flag',
        '}',
      ].join('\n'),
    },
  ];
}

const features: FeatureWriters = {
  keyState(spec) {
    const P = typePrefix(spec);
    const frozen = className(spec, 'frozen', 'go');
    return {
      name: 'sharedFrozenKeys',
      code: [
        `// ${P}FrozenKeys remembers frozen organizations' keys: one organization's freeze never blocks`,
        "// another's keys, a key is refused until its re-check is due, and a success clears it. Safe for",
        '// concurrent use; the zero value is empty.',
        `type ${P}FrozenKeys struct {`,
        '\tmu   sync.Mutex',
        `\tkeys map[string]frozenKey`,
        '}',
        '',
        'type frozenKey struct {',
        `\terr       *${frozen}`,
        '\trecheckAt time.Time',
        '}',
        '',
        `var sharedFrozenKeys = &${P}FrozenKeys{}`,
        '',
        `func (f *${P}FrozenKeys) refused(key string, now time.Time) error {`,
        '\tf.mu.Lock()',
        '\tdefer f.mu.Unlock()',
        '\tif frozen, ok := f.keys[key]; ok && now.Before(frozen.recheckAt) {',
        '\t\treturn frozen.err',
        '\t}',
        '\treturn nil',
        '}',
        '',
        `func (f *${P}FrozenKeys) freeze(key string, err *${frozen}, recheckAt time.Time) {`,
        '\tf.mu.Lock()',
        '\tdefer f.mu.Unlock()',
        '\tif f.keys == nil {',
        '\t\tf.keys = map[string]frozenKey{}',
        '\t}',
        '\tf.keys[key] = frozenKey{err: err, recheckAt: recheckAt}',
        '}',
        '',
        `func (f *${P}FrozenKeys) clear(key string) {`,
        '\tf.mu.Lock()',
        '\tdefer f.mu.Unlock()',
        '\tdelete(f.keys, key)',
        '}',
      ].join('\n'),
    };
  },
  idempotency(spec, suffix) {
    const P = typePrefix(spec);
    return {
      name: 'isIdempotent',
      code: [
        `// isIdempotent: GET, HEAD, OPTIONS, DELETE${suffix ? ` and POST …${suffix}` : ''} can be sent again without doing the work twice.`,
        `func isIdempotent(request ${P}Request) bool {`,
        '\tswitch strings.ToUpper(request.Method) {',
        '\tcase "", "GET", "HEAD", "OPTIONS", "DELETE":',
        '\t\treturn true',
        ...(suffix
          ? [
              '\tcase "POST":',
              '\t\tpath, _, _ := strings.Cut(request.Path, "?")',
              `\t\treturn strings.HasSuffix(path, ${goString(suffix)})`,
            ]
          : []),
        '\t}',
        '\treturn false',
        '}',
      ].join('\n'),
    };
  },
  endpointFixes(spec, fixes) {
    const P = typePrefix(spec);
    const rows = fixes.map(
      (f) => `{${goString(f.method)}, ${goString(f.path)}, ${f.status}, ${goString(f.fix)}},`,
    );
    return {
      name: 'documentedFix',
      code: [
        '// The errors page documents a fix per endpoint and status: found without parsing the message.',
        'var documentedFixes = []struct {',
        '\tmethod string',
        '\tpath string',
        '\tstatus int',
        '\tfix string',
        '}{',
        block(rows.join('\n')),
        '}',
        '',
        `func documentedFix(request ${P}Request, status int) string {`,
        '\tmethod := strings.ToUpper(request.Method)',
        '\tif method == "" {',
        '\t\tmethod = "GET"',
        '\t}',
        '\tpath, _, _ := strings.Cut(request.Path, "?")',
        '\tsegments := strings.Split(path, "/")',
        '\tfor _, f := range documentedFixes {',
        '\t\tparts := strings.Split(f.path, "/")',
        '\t\tif f.method != method || f.status != status || len(parts) != len(segments) {',
        '\t\t\tcontinue',
        '\t\t}',
        '\t\tmatches := true',
        '\t\tfor i, part := range parts {',
        '\t\t\tif !strings.HasPrefix(part, "{") && part != segments[i] {',
        '\t\t\t\tmatches = false',
        '\t\t\t}',
        '\t\t}',
        '\t\tif matches {',
        '\t\t\treturn f.fix',
        '\t\t}',
        '\t}',
        '\treturn ""',
        '}',
      ].join('\n'),
    };
  },
  asyncTasks(spec, tasks) {
    const P = typePrefix(spec);
    const { firstWaitMs, maxIntervalMs } = tasks;
    const fn = placeholder(1, functionName(spec, 'go'));
    const base = className(spec, 'base', 'go');
    const taskError = className(spec, 'task', 'go');
    return {
      name: 'waitForTask',
      code: [
        `// waitForTask polls GET /tasks/{id} until the task ends: first after ${firstWaitMs[0] / 1000}-${firstWaitMs[1] / 1000} s, then at most`,
        `// ${maxIntervalMs / 1000} s apart, as Overten asks. Each poll goes through ${functionName(spec, 'go')}, so a 429 or 503 on the way is`,
        '// handled too.',
        `func waitForTask(ctx context.Context, response *http.Response, o ${P}Options) (any, error) {`,
        '\taccepted, _ := readJSON(response)',
        '\ttask, _ := accepted.(map[string]any)',
        '\ttaskID := textAt(task, "task_id")',
        '\tif taskID == "" {',
        '\t\treturn nil, taskFailure(task, "a 202 without a task_id")',
        '\t}',
        '\to.Log("Overten task accepted", map[string]any{"taskId": taskID, "runId": textAt(task, "run_id")})',
        '\tdeadline := o.Now().Add(o.PollTimeout)',
        `\twait := ${tight(firstWaitMs[0])} + time.Duration(o.Rand()*float64(${tight(firstWaitMs[1] - firstWaitMs[0])}))`,
        '\tfor {',
        '\t\tif err := o.Sleep(ctx, wait); err != nil {',
        '\t\t\treturn nil, err',
        '\t\t}',
        `\t\tpolled, err := ${fn}(ctx, ${P}Request{Path: "/tasks/" + neturl.PathEscape(taskID)}, o)`,
        '\t\tif err != nil {',
        '\t\t\treturn nil, err',
        '\t\t}',
        '\t\ttask, _ = polled.(map[string]any)',
        '\t\tswitch state := textAt(task, "status"); state {',
        '\t\tcase "completed":',
        '\t\t\treturn polled, nil',
        '\t\tcase "failed", "cancelled", "expired":',
        `\t\t\treturn nil, new${taskError}(taskFailure(task, "task "+state))`,
        '\t\t}',
        '\t\tif !o.Now().Before(deadline) {',
        `\t\t\treturn nil, new${taskError}(taskFailure(task, "task still "+textAt(task, "status")+" when polling gave up"))`,
        '\t\t}',
        `\t\tif wait *= 2; wait > ${tight(maxIntervalMs)} {`,
        `\t\t\twait = ${duration(maxIntervalMs)}`,
        '\t\t}',
        '\t}',
        '}',
        '',
        `func taskFailure(task map[string]any, message string) *${base} {`,
        '\tcode, isText := task["error"].(string)',
        '\tif !isText {',
        '\t\tcode = textAt(task, "status")',
        '\t}',
        '\tif text := textAt(task, "message"); text != "" {',
        '\t\tmessage = text',
        '\t}',
        '\tif detail, ok := task["error"]; ok && !isText && detail != nil {',
        '\t\tmessage += fmt.Sprintf(" %v", detail)',
        '\t}',
        `\treturn &${base}{Status: 200, Code: code, Message: message, RunID: textAt(task, "run_id"), TaskID: textAt(task, "task_id"), Body: task}`,
        '}',
      ].join('\n'),
    };
  },
};

function constants(spec: ProviderSpec): Declaration[] {
  const P = typePrefix(spec);
  const features = spec.features ?? {};
  const list: Declaration[] = [
    {
      name: `${P.toLowerCase()}BaseURL`,
      code: `${P.toLowerCase()}BaseURL = "${placeholder(2, spec.baseUrl)}"`,
    },
    { name: 'maxAttempts', code: `maxAttempts = ${spec.maxAttempts}` },
    { name: 'backoffBase', code: `backoffBase = ${duration(spec.backoff.baseMs)}` },
    { name: 'backoffMax', code: `backoffMax = ${duration(spec.backoff.maxMs)}` },
    {
      name: 'maxWait',
      code: '// A longer Retry-After goes back to the caller, as RetryAfter on the error, not slept through.\nmaxWait = 2 * time.Minute',
    },
    {
      name: 'requestTimeout',
      code: `${spec.timeoutWhy ? `${comment(spec.timeoutWhy, '// ', 96)}\n` : ''}requestTimeout = ${duration(spec.timeoutSeconds * 1000)}`,
    },
  ];
  if (features.keyState)
    list.push({
      name: 'frozenRecheck',
      code: `// How long a frozen organization's key is refused before one call checks again.\nfrozenRecheck = ${duration(features.keyState.recheckMs)}`,
    });
  if (features.reportPolls)
    list.push(
      { name: 'maxReportPolls', code: `maxReportPolls = ${features.reportPolls.max}` },
      {
        name: 'reportPollInterval',
        code: `reportPollInterval = ${duration(features.reportPolls.intervalMs)}`,
      },
    );
  if (features.asyncTasks)
    list.push({ name: 'pollTimeout', code: `pollTimeout = ${duration(features.asyncTasks.timeoutMs)}` });
  return list;
}

const IMPORTS = [
  'bytes',
  'context',
  'encoding/json',
  'errors',
  'fmt',
  'io',
  'log',
  'math',
  'math/rand',
  'net/http',
  'os',
  'strconv',
  'strings',
  'sync',
  'time',
];

/** The imports `code` uses: Go refuses unused ones. */
function importsOf(code: string): string {
  const stripped = code.replace(/^\s*\/\/.*$/gm, '');
  const used = IMPORTS.filter((path) => {
    const name = path.split('/').at(-1) ?? path;
    return new RegExp(`(?<![\\w.])${name}\\.`).test(stripped);
  });
  if (/(?<![\w.])neturl\./.test(stripped)) used.push('neturl "net/url"');
  if (used.length === 0) return '';
  const lines = used
    .map((path) => (path.includes('"') ? path : goString(path)))
    .sort((a, b) => a.replace(/^\w+ /, '').localeCompare(b.replace(/^\w+ /, '')));
  return `import (\n${block(lines.join('\n'))}\n)`;
}

function goFunction(spec: ProviderSpec, body: string, name: string): string {
  const P = typePrefix(spec);
  return [
    `func ${name}(ctx context.Context, request ${P}Request, options ${P}Options) (any, error) {`,
    block(prologue(spec, body)),
    '\tfor attempt := 1; ; attempt++ {',
    block(body, 2),
    '\t}',
    '}',
  ].join('\n');
}

function source(spec: ProviderSpec, extra: string): string {
  const P = typePrefix(spec);
  const d = goDialect(spec);
  const fn = functionName(spec, 'go');
  const body = loopBody(spec, d);
  const base = className(spec, 'base', 'go');
  const handler = [
    `// ${fn} sends one request to the ${spec.displayName} API and returns its JSON body (nil when empty).`,
    `// Every documented error is either handled here or returned as a *${base} (or a type embedding`,
    '// it: use errors.As). Cancel with ctx; each request gives up after options.Timeout; retries are bounded.',
    '//',
    `//\tvalue, err := ${fn}(ctx, ${P}Request{Method: "${spec.exampleMethod ?? 'GET'}", Path: "${spec.examplePath}"}, ${P}Options{})`,
    goFunction(spec, body, placeholder(1, fn)),
  ].join('\n');
  const classes = declaredClasses(spec, 'go').map((cls) =>
    cls === baseClass(spec) ? baseDeclaration(spec, cls) : subDeclaration(spec, cls),
  );
  const extras = featureDeclarations(spec, features).map((decl) => decl.code);
  const main = [...classes, requestTypes(spec), handler, ...extras, extra]
    .filter((p) => p !== '')
    .join('\n\n');
  const tail = keepUsed(helpers(spec), main);
  const top = keepUsed(constants(spec), main + tail.join('\n'));
  const code = [`const (\n${block(top.join('\n'))}\n)`, main, ...tail].join('\n\n');
  const header = comment(
    `${spec.displayName} API: ${fn} sends one request and handles every documented error as ${spec.docs} prescribes. ` +
      `A package of its own (say ${spec.id}client/client.go): call ${fn} and match its errors with errors.As. Generated by API Error Inspector.`,
    '// ',
  );
  return alignGo(`${header}\npackage ${spec.id}client\n\n${importsOf(code)}\n\n${code}\n`);
}

/** The full handler: one Go file, package `<provider>client`. */
export function goHandler(spec: ProviderSpec): string {
  return source(spec, '');
}

/** The handling of one code, to drop into the handler's loop. */
export function goBranch(spec: ProviderSpec, target: BranchTarget): string {
  return renderBranch(goDialect(spec), spec, target);
}

/** The handler plus a function with the branch in a loop like the handler's: for compiling branches. */
export function goBranchHost(spec: ProviderSpec, branch: string): string {
  return source(spec, goFunction(spec, hostLoop(spec, branch), 'branchHost'));
}

/** A loop like the handler's, with the branch in it. */
function hostLoop(spec: ProviderSpec, branch: string): string {
  return [
    `response, err := send(ctx, request, url, token, o)`,
    'if err != nil {',
    '\treturn nil, err',
    '}',
    `failure := readFailure(response${spec.hint?.from === 'endpointFixes' ? ', request' : ''})`,
    branch.trimEnd(),
    'return nil, errorFor(failure)',
  ].join('\n');
}

/**
 * A file with only the host's function, named `name`, for the handler's package: branches then
 * compile as files of one package per provider, not as a whole handler each.
 */
export function goBranchFile(spec: ProviderSpec, branch: string, name: string): string {
  const fn = goFunction(spec, hostLoop(spec, branch), name);
  const imports = importsOf(fn);
  return alignGo(`package ${spec.id}client\n\n${imports ? `${imports}\n\n` : ''}${fn}\n`);
}

const FIELD = /^(\t+)([A-Za-z_]\w*) +(\S.*)$/;
const CONST_SPEC = /^(\t)([A-Za-z_]\w*) += (.*)$/;
const KEYED = /^(\t+)("[^"]*"|[A-Za-z_]\w*): +(\S.*,)$/;

/**
 * gofmt's alignment of the shapes this emitter writes, so that the code is as gofmt leaves it: runs
 * of struct fields, of const specs, and of keyed elements in a composite literal (keys are short,
 * so gofmt aligns them all). Any other line, a comment too, ends a run.
 */
export function alignGo(text: string): string {
  type Block = 'struct' | 'const' | 'other';
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let run: { index: number; pad: string; name: string; rest: string; block: Block }[] = [];
  const flush = () => {
    const width = Math.max(...run.map((r) => r.name.length + (r.block === 'other' ? 1 : 0)));
    for (const r of run) {
      if (r.block === 'struct') lines[r.index] = `${r.pad}${r.name.padEnd(width)} ${r.rest}`;
      else if (r.block === 'const') lines[r.index] = `${r.pad}${r.name.padEnd(width)} = ${r.rest}`;
      else lines[r.index] = `${r.pad}${`${r.name}:`.padEnd(width)} ${r.rest}`;
    }
    run = [];
  };
  lines.forEach((line, index) => {
    const block = blocks.at(-1);
    const pattern = block === 'struct' ? FIELD : block === 'const' ? CONST_SPEC : KEYED;
    const match = block === undefined ? null : pattern.exec(line);
    if (match && block !== undefined) {
      if (run.length > 0 && run[0]?.pad !== match[1]) flush();
      run.push({ index, pad: match[1] ?? '', name: match[2] ?? '', rest: match[3] ?? '', block });
    } else if (run.length > 0) {
      flush();
    }
    if (/^\t*[})]/.test(line)) blocks.pop();
    if (/\bstruct \{$/.test(line)) blocks.push('struct');
    else if (/^const \($/.test(line)) blocks.push('const');
    else if (/[{(]$/.test(line)) blocks.push('other');
  });
  if (run.length > 0) flush();
  return lines.join('\n');
}
