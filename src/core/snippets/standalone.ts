/**
 * The standalone handling of one code: a small named function that a quick fix can insert into the
 * user's own code (inside a function or at top level), unlike a branch, which needs the handler's
 * retry loop around it. It declares nothing but itself: its error class, helpers and limits live
 * inside it, so it never clashes with a full handler in the same file. The emitters are
 * standaloneTypescript.ts and standalonePython.ts; this file decides what they write.
 */
import { reasonPhrase } from '../httpStatus';
import { SnippetError, type BranchTarget, type ProviderSpec, type ValueType } from './model';
import { describeTarget, errorClass, handlingFor, splitEndpoint, typePrefix } from './plan';

/** How long a server may ask to wait before the function hands the wait back to the caller. */
export const MAX_WAIT_MS = 120_000;

export type Wait =
  | { backoff: { baseMs: number; maxMs: number } }
  | { randomMs: readonly [number, number] }
  /** The page's own default, when the server does not say (Knouds 429: 10 s). */
  | { fixedMs: number };

/** What the function does, and so what it takes and returns. */
export type StandaloneReaction =
  /** Always throws; `halt`: and every later call with the organization's keys is refused (Kayle). */
  | { kind: 'fail'; halt: boolean }
  /**
   * Returns the wait before the next attempt, or throws once the attempts are used up. `serverDelay`:
   * Retry-After (or the body) decides when it says, bounded by MAX_WAIT_MS. `idempotentOnly`: and
   * only when repeating the request is safe (Kayle 5xx).
   */
  | {
      kind: 'retry';
      serverDelay: boolean;
      wait: Wait;
      idempotentOnly?: { postSuffix: string };
      maxAttempts: number;
    }
  /** Returns the wait before asking again for a resource that is not ready (Kakunin 425). */
  | { kind: 'poll'; intervalMs: number; maxPolls: number }
  /** Returns when a token refresh and one retry are in order; throws on a second expiry. */
  | { kind: 'refresh' }
  /** Returns the request body to send again with `async: true` (Overten 408). */
  | { kind: 'resubmit' };

/** A value of the body the error reports: `key` in the message and in `context`, read at `path`. */
export interface ContextField {
  key: string;
  path: readonly string[];
  type: ValueType;
}

export interface StandalonePlan {
  spec: ProviderSpec;
  target: BranchTarget;
  reaction: StandaloneReaction;
  /** `handleKnoudsGrantExhausted` */
  typescriptName: string;
  /** `handle_knouds_grant_exhausted` */
  pythonName: string;
  /** `KnoudsGrantExhaustedError`: declared inside the function. */
  errorName: string;
  /** The code as a literal, or (a status row of a provider with codes) read from the body. */
  code?: { literal: string } | { path: readonly string[] };
  messagePath: readonly string[];
  retryAfterPath?: readonly string[];
  requestIdHeader: string;
  context: ContextField[];
  /** The documented fix: the catalog's action, the errors page's fix for the endpoint, or the class's doc. */
  fix: string;
  /** One line on what the code is, with the catalog's facts. */
  summary: string;
  /** When a retry is safe, as the catalog words it (conditional entries), or that no rule is documented (unknown ones). */
  condition?: string;
  /** Why the reaction is right, for a comment where the code decides. */
  why?: string;
  /** The status's reason phrase, shown when the body has no message. */
  reason: string;
  /** Kakunin: the status decides and the message is only shown. */
  statusOnly: boolean;
}

const WORD = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g;

/** `grant_exhausted`, `EXECUTION_FAILED`, `Agent not found` → their words, lower case. */
function words(text: string): string[] {
  return (text.match(WORD) ?? []).map((w) => w.toLowerCase());
}

const pascal = (parts: readonly string[]) =>
  parts.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');

/** The words that name what the function handles: the code, or the status and its reason phrase. */
function nameWords(target: BranchTarget): string[] {
  const isStatus = target.code === String(target.status);
  const base = isStatus
    ? [String(target.status), ...words(target.facts?.reason ?? reasonPhrase(target.status))]
    : words(target.code);
  // A documented message of one endpoint (Kakunin): named after the endpoint's action too, so that
  // "Agent not found" of certify and of events stay two functions.
  const endpoint = target.facts?.endpoint;
  if (!endpoint) return base;
  const segments = splitEndpoint(endpoint)
    .path.split('/')
    .filter((s) => s !== '' && !s.startsWith('{'));
  const action = words(segments[segments.length - 1] ?? '');
  return [...action, ...base];
}

const FORMAT_TYPES: Readonly<Record<string, ValueType>> = {
  text: 'string',
  url: 'string',
  'iso-date': 'string',
  number: 'number',
  seconds: 'number',
  'epoch-seconds': 'number',
  'epoch-millis': 'number',
};

/** `error.details.quota_limit` → `quota_limit`, `quota.plan` → `quota_plan`, `error.hint` → `hint`. */
function contextKey(path: string): string {
  const segments = path.split('.');
  while (segments.length > 1 && (segments[0] === 'error' || segments[0] === 'details')) segments.shift();
  return segments.join('_');
}

function contextFields(spec: ProviderSpec, target: BranchTarget, errorId: string): ContextField[] {
  const paths: { path: string; type?: ValueType }[] = [];
  if (spec.hint && spec.hint.from !== 'endpointFixes') paths.push({ path: spec.hint.from });
  const fieldsOf = (id: string) =>
    (errorClass(spec, id).fields ?? [])
      .filter((f) => f.from !== 'retryAfter')
      .map((f) => ({ path: f.from, type: f.type }));
  paths.push(...fieldsOf('base'));
  paths.push(...(spec.logFields ?? []).map((f) => ({ path: f.path })));
  // The catalog says which fields this code's body has; without it, the fields of the code's class.
  if (target.facts) {
    for (const f of target.facts.fields ?? [])
      paths.push({ path: f.path, type: f.format ? FORMAT_TYPES[f.format] : undefined });
  } else if (errorId !== 'base') {
    paths.push(...fieldsOf(errorId));
  }
  const skip = new Set([spec.messagePath, spec.codePath, spec.retryAfterPath, spec.retryablePath]);
  const seen = new Set<string>();
  const fields: ContextField[] = [];
  for (const { path, type } of paths) {
    if (skip.has(path) || seen.has(path)) continue;
    seen.add(path);
    fields.push({
      key: contextKey(path),
      path: path.split('.'),
      type: spec.body.find((b) => b.path === path)?.type ?? type ?? 'unknown',
    });
  }
  return fields;
}

/** `…: \`required\` …` → plain words, for a fix taken from a class's doc. */
const plain = (doc: string) => doc.replace(/`/g, '');

function documentedFix(spec: ProviderSpec, target: BranchTarget, errorId: string): string {
  const action = target.facts?.action?.replace(/\s+/g, ' ').trim();
  if (action) return action;
  const endpoint = target.facts?.endpoint;
  const byEndpoint = spec.features?.endpointFixes?.find(
    (f) => f.endpoint === endpoint && f.status === target.status,
  );
  return byEndpoint?.fix ?? plain(errorClass(spec, errorId).doc);
}

const BY_STATUS = 'The status decides; the message is only for logs.';

export function planStandalone(spec: ProviderSpec, target: BranchTarget): StandalonePlan {
  if (target.status < 400) {
    throw new SnippetError(
      `${spec.displayName} ${target.code} is not an error response: there is nothing to handle (the full handler takes care of it)`,
    );
  }
  const handling = handlingFor(spec, target);
  const r = handling.reaction;
  const errorId = 'error' in r ? r.error : 'base';
  const attempts = spec.maxAttempts;
  const reaction = ((): StandaloneReaction => {
    switch (r.kind) {
      case 'retryAfter': {
        const wait: Wait =
          r.defaultWaitMs !== undefined ? { fixedMs: r.defaultWaitMs } : { backoff: spec.backoff };
        return { kind: 'retry', serverDelay: true, wait, maxAttempts: attempts };
      }
      case 'backoff': {
        const suffix = spec.features?.idempotentPostSuffix;
        return {
          kind: 'retry',
          serverDelay: false,
          wait: r.waitMs ? { randomMs: r.waitMs } : { backoff: spec.backoff },
          ...(r.idempotentOnly && suffix !== undefined ? { idempotentOnly: { postSuffix: suffix } } : {}),
          maxAttempts: attempts,
        };
      }
      case 'pollLater': {
        const polls = spec.features?.reportPolls ?? { max: attempts, intervalMs: spec.backoff.baseMs };
        return { kind: 'poll', intervalMs: polls.intervalMs, maxPolls: polls.max };
      }
      case 'refreshOnce':
        return { kind: 'refresh' };
      case 'resubmitAsync':
        return { kind: 'resubmit' };
      case 'halt':
        return { kind: 'fail', halt: true };
      default:
        return { kind: 'fail', halt: false };
    }
  })();
  const stem = typePrefix(spec) + pascal(nameWords(target));
  const why = handling.why?.replace(BY_STATUS, '').trim();
  const condition = target.facts?.retryable === 'conditional' || target.facts?.retryable === 'unknown' ? target.facts.retryCondition : undefined;
  const code = !spec.codePath
    ? undefined
    : target.on === 'code'
      ? { literal: target.code }
      : { path: spec.codePath.split('.') };
  return {
    spec,
    target,
    reaction,
    typescriptName: `handle${stem}`,
    pythonName: ['handle', spec.id, ...nameWords(target)].join('_'),
    errorName: stem.endsWith('Error') ? stem : `${stem}Error`,
    ...(code ? { code } : {}),
    messagePath: spec.messagePath.split('.'),
    ...(spec.retryAfterPath ? { retryAfterPath: spec.retryAfterPath.split('.') } : {}),
    requestIdHeader: spec.requestIdHeader,
    context: contextFields(spec, target, errorId),
    fix: documentedFix(spec, target, errorId),
    summary: describeTarget(spec, target),
    ...(condition ? { condition } : {}),
    ...(why ? { why } : {}),
    reason: target.facts?.reason ?? reasonPhrase(target.status),
    statusOnly: !spec.codePath,
  };
}

/** What the reason for giving up says, when the function gives up on a retryable code. */
export const GIVE_UP = {
  refresh: 'It expired again right after a refresh: the refresh itself is broken.',
  resubmit: 'It was already sent with async: true.',
  halt: "Stop every call made with this organization's keys until its deletion is cancelled.",
} as const;

/** Whether the function gives up for a reason of its own (a retry used up), said before the fix. */
export const hasReason = (plan: StandalonePlan) => plan.reaction.kind !== 'fail' || plan.reaction.halt;

/** Whether the error carries the wait the server asked for. */
export const hasRetryAfter = (plan: StandalonePlan) =>
  (plan.reaction.kind === 'retry' && plan.reaction.serverDelay && !plan.reaction.idempotentOnly) ||
  plan.reaction.kind === 'poll';

const an = (name: string) => `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;

/** What to pass, what comes back and when it throws: the doc's second paragraph, in a language's words. */
export function usage(plan: StandalonePlan, language: 'typescript' | 'python'): string {
  const py = language === 'python';
  const r = plan.reaction;
  const E = plan.errorName;
  const throws = py ? 'raises' : 'throws';
  const Throws = py ? 'Raises' : 'Throws';
  const unit = py ? 'seconds' : 'milliseconds';
  const retryAfterName = py ? 'retry_after' : 'retryAfterSeconds';
  const fieldNames = [
    py ? 'status_code' : 'status',
    plan.code ? 'code' : '',
    py ? 'request_id' : 'requestId',
    py ? 'server_message' : 'serverMessage',
    'context',
    'fix',
    hasRetryAfter(plan) ? retryAfterName : '',
  ].filter((f) => f !== '');
  const errorSays = `Its message and ${py ? 'attributes' : 'fields'} (${fieldNames.join(', ')}) say what the response said and the documented fix.`;
  const forStatus =
    plan.target.on === 'status'
      ? `Call it for a ${plan.target.status} response${plan.statusOnly ? ': the status decides, never the message' : ''}. `
      : '';
  const response = py
    ? 'the failed response (httpx; a requests.Response works too)'
    : 'the failed response, its parsed JSON body';
  const pass = (extra: string) => `Pass ${response} and ${extra}.`;
  const bodyRetryAfter = plan.retryAfterPath ? ` (or the body's ${plan.retryAfterPath.join('.')})` : '';
  const longWait = ` or when the server asks for more than ${MAX_WAIT_MS / 1000} s (${retryAfterName} says how long)`;
  const text = (() => {
    switch (r.kind) {
      case 'fail': {
        const what = py ? `Pass ${response}` : `Pass ${response.replace(', its', ' and its')}`;
        return `${what}: it always ${throws} ${an(E)}. ${errorSays}${r.halt ? ` ${GIVE_UP.halt}` : ''}`;
      }
      case 'retry': {
        const otherwise =
          'fixedMs' in r.wait
            ? `${r.wait.fixedMs / 1000} s, as the page's example does`
            : 'exponential backoff with jitter';
        const wait =
          'randomMs' in r.wait
            ? `a random ${r.wait.randomMs[0] / 1000}-${r.wait.randomMs[1] / 1000} s`
            : r.serverDelay
              ? `as long as Retry-After${bodyRetryAfter} asks, else ${otherwise}`
              : otherwise;
        const request = r.idempotentOnly && !py ? ', and the request (a Request, or { method, url })' : '';
        const safe = r.idempotentOnly
          ? ` Only GET, DELETE and POST …${r.idempotentOnly.postSuffix} are safe to repeat${py ? ' (the method and URL come from response.request)' : ''}: for anything else it ${throws} at once.`
          : '';
        return (
          `${pass(`the number of the attempt that got it (1 for the first)${request}`)} ` +
          `Returns the ${unit} to wait before sending the request again: ${wait}.${safe} ` +
          `${Throws} ${an(E)} instead after ${r.maxAttempts} attempts${r.serverDelay && !r.idempotentOnly ? `,${longWait}` : ''}. ${errorSays}`
        );
      }
      case 'poll':
        return (
          `${pass('how many times it was asked for so far (1 for the first)')} ` +
          `Returns the ${unit} to wait before asking again: as long as Retry-After${bodyRetryAfter} asks, else ${r.intervalMs / 1000} s. ` +
          `${Throws} ${an(E)} after ${r.maxPolls} polls,${longWait}. ${errorSays}`
        );
      case 'refresh':
        return (
          `${pass('whether the token was already refreshed for this request')} ` +
          `Returns when the caller should refresh the access token and send the request once more; ${throws} ${an(E)} when it expired again right after a refresh. ${errorSays}`
        );
      case 'resubmit':
        return (
          `${pass('the JSON body that was sent')} ` +
          'Returns the body to send again, with async: true: its 202 carries a task_id to poll at GET /tasks/{id}. ' +
          `${Throws} ${an(E)} when the request already was async. ${errorSays}`
        );
    }
  })();
  return forStatus + text;
}
