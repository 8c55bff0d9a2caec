/**
 * The standalone handling of one code in Python: one `def`, valid at top level and inside a function,
 * that needs nothing imported around it. Its annotation names httpx.Response as a string, so that it
 * is not evaluated where httpx is not imported (a requests.Response works too).
 */
import {
  MAX_WAIT_MS,
  GIVE_UP,
  hasReason,
  hasRetryAfter,
  usage,
  type ContextField,
  type StandalonePlan,
  type Wait,
} from './standalone';
import { seconds } from './python';
import { comment, docstring, indent, placeholder, pyString } from './text';

const IND = '    ';

const block = (lines: readonly string[], depth = 1) => indent(lines.join('\n'), depth, IND);

/** Text inside an f-string: braces doubled. */
const fText = (text: string) => text.replace(/[{}]/g, (c) => c + c);

const call = (path: readonly string[]) => `field(${path.map(pyString).join(', ')})`;

function reader(field: ContextField): string {
  if (field.type === 'string') return `text(${call(field.path)})`;
  if (field.type === 'number') return `number(${call(field.path)})`;
  return call(field.path);
}

function waitExpression(wait: Wait): string {
  if ('fixedMs' in wait) return seconds(wait.fixedMs);
  if ('randomMs' in wait) {
    const [low, high] = wait.randomMs;
    return `${seconds(low)} + random.random() * ${seconds(high - low)}`;
  }
  const { baseMs, maxMs } = wait.backoff;
  return `min(${seconds(baseMs)} * 2 ** (attempt - 1), ${seconds(maxMs)}) * (0.75 + random.random() * 0.5)`;
}

const MAX_WAIT = seconds(MAX_WAIT_MS);
const LONG_WAIT = `f"The server asks to wait {retry_after:g} s, longer than this client waits (${MAX_WAIT_MS / 1000} s)."`;

function why(plan: StandalonePlan): string[] {
  return plan.why ? [comment(plan.why, '# ', 84)] : [];
}

/** Retry-After in seconds (these APIs send seconds, not dates), else the body's own field. */
function serverDelay(plan: StandalonePlan): string[] {
  return [
    'try:',
    `${IND}retry_after: float | None = float(response.headers.get("Retry-After") or "")`,
    'except ValueError:',
    `${IND}retry_after = None`,
    ...(plan.retryAfterPath
      ? [
          'if retry_after is None or not 0 <= retry_after < float("inf"):',
          `${IND}retry_after = number(${call(plan.retryAfterPath)})`,
        ]
      : ['if retry_after is not None and not 0 <= retry_after < float("inf"):', `${IND}retry_after = None`]),
  ];
}

/** `reason = (a if condition else b)`, over lines. */
function either(condition: string, yes: string, no: string): string[] {
  return ['reason = (', `${IND}${yes}`, `${IND}if ${condition}`, `${IND}else ${no}`, ')'];
}

function decision(plan: StandalonePlan): {
  params: string[];
  returns: string;
  imports: string[];
  code: string[];
} {
  const r = plan.reaction;
  switch (r.kind) {
    case 'retry': {
      const imports = 'fixedMs' in r.wait ? [] : ['import random'];
      const params = ['attempt: int'];
      if (r.idempotentOnly) {
        return {
          params,
          returns: 'float',
          imports: [...imports, 'import urllib.parse'],
          code: [
            'method = response.request.method.upper()',
            'path = urllib.parse.urlsplit(str(response.request.url)).path',
            ...why(plan),
            `safe = method in ("GET", "DELETE") or (method == "POST" and path.endswith(${pyString(r.idempotentOnly.postSuffix)}))`,
            `wait = ${waitExpression(r.wait)}`,
            `if safe and attempt < ${r.maxAttempts}:`,
            `${IND}return wait`,
            ...either(
              'safe',
              'f"Still failing after {attempt} attempts."',
              'f"{method} {path} is not safe to repeat, so it is not retried."',
            ),
          ],
        };
      }
      if (r.serverDelay) {
        return {
          params,
          returns: 'float',
          imports,
          code: [
            ...serverDelay(plan),
            'wait = (',
            `${IND}${waitExpression(r.wait)}`,
            `${IND}if retry_after is None`,
            `${IND}else retry_after`,
            ')',
            ...why(plan),
            `if attempt < ${r.maxAttempts} and wait <= ${MAX_WAIT}:`,
            `${IND}return wait`,
            ...either(`wait > ${MAX_WAIT}`, LONG_WAIT, 'f"Still failing after {attempt} attempts."'),
          ],
        };
      }
      return {
        params,
        returns: 'float',
        imports,
        code: [
          `wait = ${waitExpression(r.wait)}`,
          ...why(plan),
          `if attempt < ${r.maxAttempts}:`,
          `${IND}return wait`,
          'reason = f"Still failing after {attempt} attempts."',
        ],
      };
    }
    case 'poll':
      return {
        params: ['poll: int'],
        returns: 'float',
        imports: [],
        code: [
          ...serverDelay(plan),
          `wait = ${seconds(r.intervalMs)} if retry_after is None else retry_after`,
          ...why(plan),
          `if poll < ${r.maxPolls} and wait <= ${MAX_WAIT}:`,
          `${IND}return wait`,
          ...either(`wait > ${MAX_WAIT}`, LONG_WAIT, 'f"Still not ready after {poll} polls."'),
        ],
      };
    case 'refresh':
      return {
        params: ['already_refreshed: bool'],
        returns: 'None',
        imports: [],
        code: [
          ...why(plan),
          'if not already_refreshed:',
          `${IND}return`,
          `reason = ${pyString(GIVE_UP.refresh)}`,
        ],
      };
    case 'resubmit':
      return {
        params: ['sent: dict[str, object] | None'],
        returns: 'dict[str, object]',
        imports: [],
        code: [
          ...why(plan),
          'if (sent or {}).get("async") is not True:',
          `${IND}# A reused idempotency key with another body is a 409 conflict ("Different key", says`,
          `${IND}# the page): the resubmission carries its own, derived so that repeating it stays idempotent.`,
          `${IND}body: dict[str, object] = {**(sent or {}), "async": True}`,
          `${IND}key = body.get("idempotency_key")`,
          `${IND}if isinstance(key, str):`,
          `${IND}${IND}body["idempotency_key"] = f"{key}:async"`,
          `${IND}return body`,
          `reason = ${pyString(GIVE_UP.resubmit)}`,
        ],
      };
    case 'fail':
      return {
        params: [],
        // It always raises; NoReturn would need an import from typing around it.
        returns: 'None',
        imports: [],
        code: r.halt ? [`reason = ${pyString(GIVE_UP.halt)}`] : [],
      };
  }
}

function raise(plan: StandalonePlan): string[] {
  const { spec } = plan;
  const code = plan.code;
  const head = `${fText(spec.displayName)} {response.status_code}${code && 'literal' in code ? ` ${fText(code.literal)}` : ''}`;
  const context =
    plan.context.length === 0
      ? ['context: dict[str, object] = {}']
      : [
          'context: dict[str, object] = {',
          ...plan.context.map((f) => `${IND}${pyString(f.key)}: ${reader(f)},`),
          '}',
        ];
  const attributes = [
    'super().__init__(message)',
    'self.status_code = response.status_code',
    code ? `self.code = ${'literal' in code ? pyString(code.literal) : 'code'}` : '',
    'self.request_id = request_id',
    'self.server_message = server_message',
    'self.context = context',
    'self.fix = fix',
    hasRetryAfter(plan) ? 'self.retry_after = retry_after' : '',
  ].filter((l) => l !== '');
  const what = code && 'literal' in code ? code.literal : `${plan.target.status}`;
  const doc = `${spec.displayName} ${what}, with what the response said and the documented fix.`;
  return [
    `request_id = response.headers.get(${pyString(plan.requestIdHeader)})`,
    ...(plan.statusOnly
      ? [
          `# ${spec.displayName}'s status decides, never its message: the message is only shown, for the logs.`,
        ]
      : []),
    `server_message = text(${call(plan.messagePath)})`,
    ...(code && 'path' in code ? [`code = text(${call(code.path)})`] : []),
    ...context,
    `fix = ${pyString(plan.fix)}`,
    ...(plan.context.length > 0
      ? [
          'details = ", ".join(',
          `${IND}f"{key}={value if isinstance(value, str) else json.dumps(value)}"`,
          `${IND}for key, value in context.items()`,
          `${IND}if value is not None`,
          ')',
        ]
      : []),
    `message = f"${head}"`,
    ...(code && 'path' in code ? ['if code is not None:', `${IND}message += f" {code}"`] : []),
    'if server_message is not None:',
    `${IND}message += f': "{server_message}"'`,
    ...(plan.context.length > 0 ? ['if details:', `${IND}message += f" ({details})"`] : []),
    hasReason(plan) ? 'message += f". {reason} Fix: {fix}"' : 'message += f". Fix: {fix}"',
    'if request_id is not None:',
    `${IND}message += f" (${fText(plan.requestIdHeader)} {request_id})"`,
    '',
    `class ${plan.errorName}(Exception):`,
    docstring(docText(doc), IND, 92),
    '',
    `${IND}def __init__(self) -> None:`,
    block(attributes, 2),
    '',
    ...(plan.reaction.kind === 'fail' ? why(plan) : []),
    `raise ${plan.errorName}()`,
  ];
}

/** Docstring text: backslashes and triple quotes kept literal. */
const docText = (text: string) => text.replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"');

function functionDocstring(paragraphs: readonly string[]): string {
  const wrapped = paragraphs.map((p, i) => comment(`${i === 0 ? '"""' : ''}${docText(p)}`, IND, 96));
  return `${wrapped.join('\n\n')}\n${IND}"""`;
}

export function pythonStandalone(plan: StandalonePlan): string {
  const { params, returns, imports, code } = decision(plan);
  const usesNumber =
    plan.context.some((f) => f.type === 'number') || (hasRetryAfter(plan) && plan.retryAfterPath);
  const allImports = [...imports, ...(plan.context.length > 0 ? ['import json'] : [])].sort();
  const helpers = [
    'try:',
    `${IND}body: object = response.json()`,
    'except ValueError:',
    `${IND}body = None  # not JSON (a proxy's error page, say): the status alone decides`,
    '',
    'def field(*path: str) -> object:',
    `${IND}value = body`,
    `${IND}for key in path:`,
    `${IND}${IND}value = value.get(key) if isinstance(value, dict) else None`,
    `${IND}return value`,
    '',
    'def text(value: object) -> str | None:',
    `${IND}return value if isinstance(value, str) else None`,
    ...(usesNumber
      ? [
          '',
          'def number(value: object) -> float | None:',
          `${IND}return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None`,
        ]
      : []),
  ];
  const paragraphs = [
    plan.summary,
    ...(plan.condition ? [`Retry: ${plan.condition}`] : []),
    usage(plan, 'python'),
  ];
  const all = ['response: "httpx.Response"', ...params];
  const flat = `def ${plan.pythonName}(${all.join(', ')}) -> ${returns}:`;
  const signature =
    flat.length <= 100
      ? `def ${placeholder(1, plan.pythonName)}(${all.join(', ')}) -> ${returns}:`
      : `def ${placeholder(1, plan.pythonName)}(\n${all.map((p) => `${IND}${p},`).join('\n')}\n) -> ${returns}:`;
  return [
    signature,
    functionDocstring(paragraphs),
    ...(allImports.length > 0 ? [block(allImports), ''] : []),
    block(helpers),
    '',
    ...(code.length > 0 ? [block(code), ''] : []),
    block(raise(plan)),
  ].join('\n');
}
