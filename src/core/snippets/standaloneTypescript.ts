/**
 * The standalone handling of one code in TypeScript, with its TypeScript-only text marked (see `ts()`
 * in text.ts) so that the JavaScript is the same source with the types left out.
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
import { comment, forLanguage, indent, placeholder, ts, tsString } from './text';
import { num } from './typescript';

/** Text inside a template literal: backticks, backslashes and `${` kept literal. */
function templateText(text: string): string {
  return text.replace(/[`\\]|\$\{/g, (m) => `\\${m}`);
}

const call = (path: readonly string[]) => `field(${path.map(tsString).join(', ')})`;

function reader(field: ContextField): string {
  if (field.type === 'string') return `text(${call(field.path)})`;
  if (field.type === 'number') return `number(${call(field.path)})`;
  return call(field.path);
}

function waitExpression(wait: Wait, attempt: string): string {
  if ('fixedMs' in wait) return num(wait.fixedMs);
  if ('randomMs' in wait) {
    const [low, high] = wait.randomMs;
    return `${num(low)} + Math.random() * ${num(high - low)}`;
  }
  const { baseMs, maxMs } = wait.backoff;
  return `Math.min(${num(baseMs)} * 2 ** (${attempt} - 1), ${num(maxMs)}) * (0.75 + Math.random() * 0.5)`;
}

const MAX_WAIT = num(MAX_WAIT_MS);
const LONG_WAIT = `\`The server asks to wait \${retryAfter} s, longer than this client waits (${MAX_WAIT_MS / 1000} s).\``;

/** Retry-After in seconds (these APIs send seconds, not dates), else the body's own field. */
function serverDelay(plan: StandalonePlan): string[] {
  const fromBody = plan.retryAfterPath ? `number(${call(plan.retryAfterPath)})` : 'undefined';
  return [
    "const header = response.headers.get('Retry-After');",
    "const headerSeconds = header === null || header.trim() === '' ? NaN : Number(header);",
    'const retryAfter =',
    '  Number.isFinite(headerSeconds) && headerSeconds >= 0',
    '    ? headerSeconds',
    `    : ${fromBody};`,
  ];
}

function why(plan: StandalonePlan): string[] {
  return plan.why ? [comment(plan.why, '// ', 98)] : [];
}

/** The parameters after `response` and `body`, the return type, and the statements that decide. */
function decision(plan: StandalonePlan): { params: string[]; returns: string; code: string[] } {
  const r = plan.reaction;
  switch (r.kind) {
    case 'retry': {
      const params = [`attempt${ts(': number')}`];
      const code: string[] = [];
      if (r.idempotentOnly) {
        params.push(`request${ts(': { method?: string; url: string }')}`);
        const suffix = tsString(r.idempotentOnly.postSuffix);
        code.push(
          "const method = (request.method ?? 'GET').toUpperCase();",
          "const path = request.url.replace(/[?#].*$/, '');",
          ...why(plan),
          'const safe =',
          `  method === 'GET' || method === 'DELETE' || (method === 'POST' && path.endsWith(${suffix}));`,
          `const waitMs = ${waitExpression(r.wait, 'attempt')};`,
          `if (safe && attempt < ${r.maxAttempts}) return waitMs;`,
          'const reason = safe',
          '  ? `Still failing after ${attempt} attempts.`',
          '  : `${method} ${path} is not safe to repeat, so it is not retried.`;',
        );
      } else if (r.serverDelay) {
        code.push(
          ...serverDelay(plan),
          'const waitMs =',
          '  retryAfter === undefined',
          `    ? ${waitExpression(r.wait, 'attempt')}`,
          '    : retryAfter * 1000;',
          ...why(plan),
          `if (attempt < ${r.maxAttempts} && waitMs <= ${MAX_WAIT}) return waitMs;`,
          'const reason =',
          `  waitMs > ${MAX_WAIT}`,
          `    ? ${LONG_WAIT}`,
          '    : `Still failing after ${attempt} attempts.`;',
        );
      } else {
        code.push(
          `const waitMs = ${waitExpression(r.wait, 'attempt')};`,
          ...why(plan),
          `if (attempt < ${r.maxAttempts}) return waitMs;`,
          'const reason = `Still failing after ${attempt} attempts.`;',
        );
      }
      return { params, returns: 'number', code };
    }
    case 'poll':
      return {
        params: [`poll${ts(': number')}`],
        returns: 'number',
        code: [
          ...serverDelay(plan),
          `const waitMs = retryAfter === undefined ? ${num(r.intervalMs)} : retryAfter * 1000;`,
          ...why(plan),
          `if (poll < ${r.maxPolls} && waitMs <= ${MAX_WAIT}) return waitMs;`,
          'const reason =',
          `  waitMs > ${MAX_WAIT}`,
          `    ? ${LONG_WAIT}`,
          '    : `Still not ready after ${poll} polls.`;',
        ],
      };
    case 'refresh':
      return {
        params: [`alreadyRefreshed${ts(': boolean')}`],
        returns: 'void',
        code: [
          ...why(plan),
          'if (!alreadyRefreshed) return;',
          `const reason = ${tsString(GIVE_UP.refresh)};`,
        ],
      };
    case 'resubmit':
      return {
        params: [`sent${ts(': Record<string, unknown> | undefined')}`],
        returns: 'Record<string, unknown>',
        code: [
          ...why(plan),
          'if (sent?.async !== true) {',
          '  // A reused idempotency key with another body is a 409 conflict ("Different key", says the',
          '  // page): the resubmission carries its own, derived so that repeating it stays idempotent.',
          '  const key = sent?.idempotency_key;',
          "  if (typeof key !== 'string') return { ...sent, async: true };",
          '  return { ...sent, async: true, idempotency_key: `${key}:async` };',
          '}',
          `const reason = ${tsString(GIVE_UP.resubmit)};`,
        ],
      };
    case 'fail':
      return {
        params: [],
        returns: 'never',
        code: r.halt ? [`const reason =\n  ${tsString(GIVE_UP.halt)};`] : [],
      };
  }
}

/** The statements that build the error from what the response said, and throw it. */
function raise(plan: StandalonePlan): string[] {
  const { spec } = plan;
  const code = plan.code;
  const head = `${templateText(spec.displayName)} \${response.status}${code && 'literal' in code ? ` ${templateText(code.literal)}` : ''}`;
  const context =
    plan.context.length === 0
      ? 'const context = {};'
      : `const context = {\n${plan.context.map((f) => `  ${f.key}: ${reader(f)},`).join('\n')}\n};`;
  const fix = `const fix = ${tsString(plan.fix)};`;
  const fields = [
    `${ts('override readonly ')}name = ${tsString(plan.errorName)};`,
    `${ts('readonly ')}status = response.status;`,
    code ? `${ts('readonly ')}code = ${'literal' in code ? tsString(code.literal) : 'code'};` : '',
    `${ts('readonly ')}requestId = requestId;`,
    `${ts('readonly ')}serverMessage = serverMessage;`,
    `${ts('readonly ')}context = context;`,
    `${ts('readonly ')}fix = fix;`,
    hasRetryAfter(plan) ? `${ts('readonly ')}retryAfterSeconds = retryAfter;` : '',
  ].filter((l) => l !== '');
  return [
    `const requestId = response.headers.get(${tsString(plan.requestIdHeader)}) ?? undefined;`,
    ...(plan.statusOnly
      ? [
          `// ${spec.displayName}'s status decides, never its message: the message is only shown, for the logs.`,
        ]
      : []),
    `const serverMessage = text(${call(plan.messagePath)});`,
    code && 'path' in code ? `const code = text(${call(code.path)});` : '',
    context,
    fix.length > 98 ? `const fix =\n  ${tsString(plan.fix)};` : fix,
    ...(plan.context.length > 0
      ? [
          'const details = Object.entries(context)',
          '  .filter(([, value]) => value !== undefined)',
          "  .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)",
          "  .join(', ');",
        ]
      : []),
    `let message = \`${head}\`;`,
    code && 'path' in code ? 'if (code !== undefined) message += ` ${code}`;' : '',
    'if (serverMessage !== undefined) message += `: "${serverMessage}"`;',
    plan.context.length > 0 ? "if (details !== '') message += ` (${details})`;" : '',
    hasReason(plan) ? 'message += `. ${reason} Fix: ${fix}`;' : 'message += `. Fix: ${fix}`;',
    `if (requestId !== undefined) message += \` (${templateText(plan.requestIdHeader)} \${requestId})\`;`,
    `class ${plan.errorName} extends Error {`,
    indent(fields.join('\n'), 1),
    '}',
    ...(plan.reaction.kind === 'fail' ? why(plan) : []),
    `throw new ${plan.errorName}(message);`,
  ].filter((l) => l !== '');
}

function docBlock(paragraphs: readonly string[]): string {
  const safe = (text: string) => text.replace(/\*\//g, '*\\/');
  return [
    '/**',
    ...paragraphs.map((p) => comment(safe(p), ' * ')).flatMap((p, i) => (i === 0 ? [p] : [' *', p])),
    ' */',
  ].join('\n');
}

/** `function name(a, b): T {`, its parameters one a line when it is long. */
function signature(
  name: string,
  params: readonly string[],
  returns: string,
  language: 'typescript' | 'javascript',
): string {
  const head = `function ${placeholder(1, name)}`;
  const flat = `${head}(${params.join(', ')})${ts(`: ${returns}`)} {`;
  // 4: the tab stop's markers.
  if (forLanguage(flat, language).length - 4 <= 100) return flat;
  return `${head}(\n${params.map((p) => `  ${p},`).join('\n')}\n)${ts(`: ${returns}`)} {`;
}

/** The function, with its TypeScript-only text marked; `language` decides only where lines wrap. */
export function typescriptStandalone(plan: StandalonePlan, language: 'typescript' | 'javascript'): string {
  const { params, returns, code } = decision(plan);
  const all = [`response${ts(': Response')}`, `body${ts(': unknown')}`, ...params];
  const usesNumber =
    plan.context.some((f) => f.type === 'number') || (hasRetryAfter(plan) && plan.retryAfterPath);
  const helpers = [
    `const field = (...path${ts(': string[]')})${ts(': unknown')} =>`,
    `  path.reduce${ts('<unknown>')}(`,
    '    (value, key) =>',
    "      typeof value === 'object' && value !== null",
    `        ? ${ts('(')}value${ts(' as Record<string, unknown>)')}[key]`,
    '        : undefined,',
    '    body,',
    '  );',
    `const text = (value${ts(': unknown')})${ts(': string | undefined')} =>`,
    "  typeof value === 'string' ? value : undefined;",
    ...(usesNumber
      ? [
          `const number = (value${ts(': unknown')})${ts(': number | undefined')} =>`,
          "  typeof value === 'number' ? value : undefined;",
        ]
      : []),
  ].filter((l) => l !== '');
  const paragraphs = [
    plan.summary,
    ...(plan.condition ? [`Retry: ${plan.condition}`] : []),
    usage(plan, 'typescript'),
  ];
  return [
    docBlock(paragraphs),
    signature(plan.typescriptName, all, returns, language),
    indent([...helpers, ...code, ...raise(plan)].join('\n'), 1),
    '}',
  ].join('\n');
}
