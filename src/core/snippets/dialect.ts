/**
 * What the emitters share: the shape of a branch, of a rule after the handler's dispatch, and the
 * bookkeeping of declarations. Each emitter supplies a `Dialect` with its syntax and reactions.
 */
import type { BranchTarget, Condition, EndpointFix, ProviderSpec, Rule } from './model';
import {
  className,
  codeCases,
  conditionRules,
  describeTarget,
  functionName,
  handlingFor,
  splitEndpoint,
  type Handling,
} from './plan';
import { comment } from './text';

export interface Dialect {
  language: 'typescript' | 'python' | 'go';
  /** `// ` or `# `, and where comments wrap. */
  comment: string;
  commentWidth: number;
  /** Where the comments inside the handler's dispatch wrap, so that they stay in width once indented. */
  innerCommentWidth: number;
  /** The names a branch may use, as the handler's loop has them. */
  scope: readonly string[];
  ifBlock(condition: string, body: string): string;
  /** One group of codes with its handling, and the switch (or match) on the code that holds the groups. */
  caseGroup(codes: readonly string[], body: string): string;
  switchOnCode(groups: readonly string[]): string;
  and: string;
  or: string;
  codeIs(code: string): string;
  statusIs(statuses: readonly number[]): string;
  /** The failure's message is exactly this documented one. */
  messageIs(message: string): string;
  responseStatusIs(status: number): string;
  serverError: string;
  retryableFlag: string;
  /** The phrases of the handling: the statements and expressions reactions are made of. */
  phrases: Phrases;
  /** Where in the handler a branch goes: after the failure is read, or right after the response. */
  afterFailure: string;
  afterResponse: string;
  /** What to say instead of code for a redirect status. */
  redirectNote(handler: string): string;
}

/** A language's words for the parts of a reaction, in the names the handler's loop has. */
export interface Phrases {
  raise(className: string): string;
  /** The handler's own last line: the error for the response's status. */
  raiseByStatus: string;
  /** Sleep, then go round the loop again. */
  sleepAndRetry(wait: string): string;
  /**
   * A statement that names the wait the server asked for (else `defaultMs`, else backoff), that
   * name, and the test that it fits the caller's budget.
   */
  serverDelay(attempt: string, defaultMs?: number): { statement: string; wait: string; fits: string };
  /** `attempt` is the number of the failed attempt: the loop's count, less the polls of a 425. */
  attemptsLeft(attempt: string): string;
  backoff(attempt: string): string;
  randomWait(lowMs: number, highMs: number): string;
  idempotent: string;
  /** The guarded statements that refresh the token once and retry (without the final raise). */
  refreshOnce: string;
  resubmitAsync: string;
  pollsLeft: string;
  countPoll: string;
  pollWait: string;
  halt(className: string): string;
  success: string;
  acceptTask: string;
}

/**
 * The retries: a guard that lets the loop go round again after a wait. Polls of a resource that is
 * not ready yet (425) have a budget of their own and do not use up the attempts.
 */
function retryOf(
  d: Dialect,
  spec: ProviderSpec,
  reaction: Handling['reaction'],
): { prelude?: string; guard: string; count?: string; wait: string } | undefined {
  const p = d.phrases;
  const attempt = spec.features?.reportPolls ? 'attempt - polls' : 'attempt';
  switch (reaction.kind) {
    case 'retryAfter': {
      const delay = p.serverDelay(attempt, reaction.defaultWaitMs);
      return {
        prelude: delay.statement,
        guard: `${p.attemptsLeft(attempt)}${d.and}${delay.fits}`,
        wait: delay.wait,
      };
    }
    case 'backoff':
      return {
        guard: reaction.idempotentOnly
          ? `${p.attemptsLeft(attempt)}${d.and}${p.idempotent}`
          : p.attemptsLeft(attempt),
        wait: reaction.waitMs ? p.randomWait(reaction.waitMs[0], reaction.waitMs[1]) : p.backoff(attempt),
      };
    case 'pollLater':
      return { guard: p.pollsLeft, count: p.countPoll, wait: p.pollWait };
    default:
      return undefined;
  }
}

/** The handling of a reaction, as statements of the dialect. */
export function reactionCode(d: Dialect, spec: ProviderSpec, reaction: Handling['reaction']): string {
  const p = d.phrases;
  const error = 'error' in reaction ? reaction.error : 'base';
  const raise = error === 'byStatus' ? p.raiseByStatus : p.raise(className(spec, error, d.language));
  const retry = retryOf(d, spec, reaction);
  const code = (() => {
    if (retry) return [retry.prelude, d.ifBlock(retry.guard, retryBody(d, retry)), raise];
    switch (reaction.kind) {
      case 'refreshOnce':
        return [p.refreshOnce, raise];
      case 'resubmitAsync':
        return [p.resubmitAsync, raise];
      case 'halt':
        return [p.halt(className(spec, error, d.language))];
      case 'success':
        return [p.success];
      case 'acceptTask':
        return [p.acceptTask];
      case 'redirect':
        return [];
      default:
        return [raise];
    }
  })();
  return code.filter((line) => line !== undefined).join('\n');
}

function retryBody(d: Dialect, retry: { count?: string; wait: string }): string {
  return [retry.count, d.phrases.sleepAndRetry(retry.wait)].filter((line) => line !== undefined).join('\n');
}

export function withWhy(d: Dialect, why: string | undefined, code: string): string {
  return why ? `${comment(why, d.comment, d.innerCommentWidth)}\n${code}` : code;
}

export function ruleCondition(d: Dialect, when: Condition): string {
  if ('statuses' in when) {
    const status = d.statusIs(when.statuses);
    if (!when.messages) return status;
    const messages = when.messages.map((m) => d.messageIs(m)).join(d.or);
    return `${status}${d.and}${when.messages.length > 1 ? `(${messages})` : messages}`;
  }
  if ('serverErrors' in when) return d.serverError;
  if ('retryableFlag' in when) return d.retryableFlag;
  return when.codes.map((c) => d.codeIs(c)).join(d.or);
}

/**
 * A rule after the handler's switch or match. A retry whose last resort is the error for the status,
 * which is the handler's own last line, merges into one `if` and falls through to that line.
 */
export function conditionBlock(d: Dialect, spec: ProviderSpec, rule: Rule): string {
  const retry = retryOf(d, spec, rule.reaction);
  if (retry && !retry.prelude && rule.reaction.error === 'byStatus') {
    const guard = `${ruleCondition(d, rule.when)}${d.and}${retry.guard}`;
    return withWhy(d, rule.why, d.ifBlock(guard, retryBody(d, retry)));
  }
  return d.ifBlock(ruleCondition(d, rule.when), withWhy(d, rule.why, reactionCode(d, spec, rule.reaction)));
}

/**
 * What the handler does with a failure: the switch on the code (the rules that name codes, then the
 * documented codes by class), the rules on the status, and last the error for the status.
 */
export function dispatch(d: Dialect, spec: ProviderSpec): string {
  const groups = codeCases(spec).map((c) =>
    d.caseGroup(c.codes, withWhy(d, c.why, reactionCode(d, spec, c.reaction))),
  );
  return [
    groups.length > 0 ? d.switchOnCode(groups) : '',
    ...conditionRules(spec).map((r) => conditionBlock(d, spec, r)),
    d.phrases.raiseByStatus,
  ]
    .filter((part) => part !== '')
    .join('\n');
}

/** The names of the handler's scope a piece of code uses (comments aside). */
export function scopeOf(d: Dialect, code: string): string[] {
  const statements = code
    .split('\n')
    .filter((line) => !line.trim().startsWith(d.comment.trim()))
    .join('\n');
  return d.scope.filter((name) => new RegExp(`(?<![.\\w"'])${name}\\b(?!["'])`).test(statements));
}

/** The handling of one code: what it is (from the catalog's facts), where it goes, and the code. */
export function renderBranch(d: Dialect, spec: ProviderSpec, target: BranchTarget): string {
  const handling = handlingFor(spec, target);
  const fn = functionName(spec, d.language);
  const head = comment(describeTarget(spec, target), d.comment, d.commentWidth);
  if (handling.reaction.kind === 'redirect')
    return `${head}\n${comment(d.redirectNote(fn), d.comment, d.commentWidth)}\n`;
  const code = reactionCode(d, spec, handling.reaction);
  const onResponse = handling.reaction.kind === 'success' || handling.reaction.kind === 'acceptTask';
  const condition = onResponse
    ? d.responseStatusIs(target.status)
    : target.on === 'code'
      ? d.codeIs(target.code)
      : handling.message !== undefined
        ? `${d.statusIs([target.status])}${d.and}${d.messageIs(handling.message)}`
        : d.statusIs([target.status]);
  const where = `Goes in ${fn}'s retry loop, ${onResponse ? d.afterResponse : d.afterFailure}; uses ${scopeOf(d, code).join(', ')}.`;
  return (
    [
      head,
      comment(where, d.comment, d.commentWidth),
      d.ifBlock(condition, withWhy(d, handling.why, code)),
    ].join('\n') + '\n'
  );
}

/** A module-level declaration, kept only when something refers to it. */
export interface Declaration {
  name: string;
  code: string;
  /** Goes before the handler rather than after it. */
  before?: boolean;
}

type Features = NonNullable<ProviderSpec['features']>;

/** How a language writes each feature a provider may have. */
export interface FeatureWriters {
  keyState(spec: ProviderSpec): Declaration;
  /** Which calls are safe to send again: GET, HEAD, OPTIONS, DELETE, and POST to paths ending in `postSuffix`. */
  idempotency(spec: ProviderSpec, postSuffix: string | undefined): Declaration;
  /** The fixes with their endpoints split: `POST`, `/agents/{id}/certify` (relative to a base URL ending in /v1). */
  endpointFixes(
    spec: ProviderSpec,
    fixes: readonly (EndpointFix & { method: string; path: string })[],
  ): Declaration;
  asyncTasks(spec: ProviderSpec, tasks: NonNullable<Features['asyncTasks']>): Declaration;
}

export function featureDeclarations(spec: ProviderSpec, writers: FeatureWriters): Declaration[] {
  const features: Features = spec.features ?? {};
  return [
    features.keyState ? writers.keyState(spec) : undefined,
    features.idempotentPostSuffix !== undefined || spec.networkRetry.when === 'idempotent'
      ? writers.idempotency(spec, features.idempotentPostSuffix)
      : undefined,
    features.endpointFixes
      ? writers.endpointFixes(
          spec,
          features.endpointFixes.map((fix) => ({ ...fix, ...splitEndpoint(fix.endpoint) })),
        )
      : undefined,
    features.asyncTasks ? writers.asyncTasks(spec, features.asyncTasks) : undefined,
  ].filter((d) => d !== undefined);
}

/** The declarations that `text` (or a kept declaration) refers to, in their order. */
export function keepUsed(declarations: readonly Declaration[], text: string): string[] {
  const kept = new Set<Declaration>();
  let grew = true;
  while (grew) {
    grew = false;
    const haystack = text + [...kept].map((d) => d.code).join('\n');
    for (const d of declarations) {
      if (!kept.has(d) && new RegExp(`(?<![\\w.])${d.name}\\b`).test(haystack)) {
        kept.add(d);
        grew = true;
      }
    }
  }
  return declarations.filter((d) => kept.has(d)).map((d) => d.code);
}
