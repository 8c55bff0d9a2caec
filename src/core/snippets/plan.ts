/**
 * Language-neutral decisions, shared by the emitters: which provider, which code, how it is handled,
 * how the handler's dispatch is grouped, and what the generated names are.
 */
import {
  SnippetError,
  codesOf,
  type BranchTarget,
  type CodeFacts,
  type Condition,
  type ErrorClass,
  type ProviderSpec,
  type Reaction,
  type SnippetLanguage,
} from './model';
import { PROVIDER_SPECS } from './providers';

export const SNIPPET_PROVIDERS: readonly string[] = PROVIDER_SPECS.map((p) => p.id);

export function providerSpec(providerId: string): ProviderSpec {
  const wanted = providerId.trim().toLowerCase();
  const spec = PROVIDER_SPECS.find((p) => p.id === wanted || p.displayName.toLowerCase() === wanted);
  if (!spec) {
    throw new SnippetError(
      `unknown provider '${providerId}': expected one of ${SNIPPET_PROVIDERS.join(', ')}`,
    );
  }
  return spec;
}

/** `Kynasmith` → `Kynasmith`, `kayle` → `Kayle`: the prefix of generated type names. */
export function typePrefix(spec: ProviderSpec): string {
  return spec.id.charAt(0).toUpperCase() + spec.id.slice(1);
}

export function functionName(spec: ProviderSpec, language: SnippetLanguage): string {
  if (language === 'python') return `call_${spec.id}`;
  return `${language === 'go' ? 'Call' : 'call'}${typePrefix(spec)}`;
}

const STATUS = /^\d{3}$/;

/**
 * Which code a branch is for. With catalog facts any entry of the provider is accepted; without,
 * the codes and statuses of the provider's pages are.
 */
export function resolveTarget(spec: ProviderSpec, code: string, facts?: CodeFacts): BranchTarget {
  const wanted = code.trim();
  if (facts) {
    const on =
      spec.codePath && facts.kind !== 'status' && facts.kind !== 'message' && !STATUS.test(facts.code)
        ? 'code'
        : 'status';
    return { code: facts.code, status: facts.status, on, facts };
  }
  const documented =
    Object.keys(spec.codes).find((c) => c === wanted) ??
    Object.keys(spec.codes).find((c) => c.toLowerCase() === wanted.toLowerCase());
  if (documented !== undefined) {
    return { code: documented, status: spec.codes[documented] ?? 0, on: spec.codePath ? 'code' : 'status' };
  }
  const status = Number(wanted);
  if (STATUS.test(wanted) && (spec.statuses.includes(status) || Object.values(spec.codes).includes(status))) {
    return { code: wanted, status, on: 'status' };
  }
  throw new SnippetError(
    `unknown code '${code}' for ${spec.displayName}: expected one of its documented codes or statuses (see 'api-errors lookup --provider ${spec.id}')`,
  );
}

/** How a branch handles its target: a reaction of the spec, or one of the success cases. */
export type Handling =
  | { reaction: Reaction; why?: string; message?: string }
  | { reaction: { kind: 'success' | 'acceptTask' | 'redirect' }; why?: string; message?: undefined };

/**
 * Whether a rule on the status claims a status (or, with `message`, one documented message of it).
 * A rule for some messages of a status claims only those.
 */
function matchesStatus(condition: Condition, status: number, message?: string): boolean {
  if ('statuses' in condition) {
    if (!condition.statuses.includes(status)) return false;
    return (
      condition.messages === undefined || (message !== undefined && condition.messages.includes(message))
    );
  }
  if ('serverErrors' in condition) return status >= 500;
  return false;
}

export function handlingFor(spec: ProviderSpec, target: BranchTarget): Handling {
  if (target.status < 300) {
    return target.status === 202 && spec.features?.asyncTasks
      ? {
          reaction: { kind: 'acceptTask' },
          why: 'Accepted as an async task, or promoted to one past the sync ceiling: poll it.',
        }
      : { reaction: { kind: 'success' } };
  }
  if (target.status < 400) return { reaction: { kind: 'redirect' } };
  const byCode = (codes: (c: string) => boolean) => spec.rules.find((r) => codesOf(r.when).some(codes));
  const rule =
    (target.on === 'code' ? byCode((c) => c === target.code) : undefined) ??
    spec.rules.find((r) => matchesStatus(r.when, target.status, target.code)) ??
    // A status row of a provider that dispatches on codes: the rule of the codes documented with it.
    (target.on === 'status' ? byCode((c) => spec.codes[c] === target.status) : undefined) ??
    (target.facts?.retryable === 'yes' ? spec.rules.find((r) => 'retryableFlag' in r.when) : undefined);
  // A documented message (Kakunin) is for logs: say so where the branch tests the status instead.
  const byStatus =
    target.on === 'status' && !STATUS.test(target.code)
      ? 'The status decides; the message is only for logs.'
      : undefined;
  if (rule) {
    const reaction =
      rule.reaction.error === 'byStatus'
        ? { ...rule.reaction, error: classIdForStatus(spec, target.status) }
        : rule.reaction;
    const message = 'messages' in rule.when && rule.when.messages ? target.code : undefined;
    return {
      reaction,
      why: [byStatus, rule.why].filter((w) => w !== undefined).join(' ') || undefined,
      ...(message !== undefined ? { message } : {}),
    };
  }
  return { reaction: { kind: 'fail', error: classIdForStatus(spec, target.status) }, why: byStatus };
}

export function classIdForStatus(spec: ProviderSpec, status: number): string {
  return spec.statusErrors[status] ?? (status >= 500 ? spec.serverError : 'base');
}

/** One `case` group of the handler's switch on the code. */
export interface CodeCase {
  codes: readonly string[];
  reaction: Reaction;
  why?: string;
}

/**
 * The handler's switch: the rules that name codes, then every other documented code grouped by the
 * class its status maps to, so that the class follows the code even where the API was seen sending
 * another status. Codes a status rule handles (5xx) are left to it.
 */
export function codeCases(spec: ProviderSpec): CodeCase[] {
  if (!spec.codePath) return [];
  const cases: CodeCase[] = spec.rules
    .filter((r) => codesOf(r.when).length > 0)
    .map((r) => ({ codes: codesOf(r.when), reaction: r.reaction, why: r.why }));
  const claimed = new Set(cases.flatMap((c) => c.codes));
  const byClass = new Map<string, string[]>();
  for (const [code, status] of Object.entries(spec.codes)) {
    if (claimed.has(code) || spec.rules.some((r) => matchesStatus(r.when, status))) continue;
    const id = classIdForStatus(spec, status);
    byClass.set(id, [...(byClass.get(id) ?? []), code]);
  }
  for (const cls of spec.errors) {
    const codes = byClass.get(cls.id);
    if (codes) cases.push({ codes, reaction: { kind: 'fail', error: cls.id } });
  }
  return cases;
}

/** The rules that do not name codes, in order: they follow the switch as `if`s. */
export function conditionRules(spec: ProviderSpec) {
  return spec.rules.filter((r) => codesOf(r.when).length === 0);
}

export function errorClass(spec: ProviderSpec, id: string): ErrorClass {
  const cls = spec.errors.find((e) => e.id === id);
  if (!cls) throw new Error(`${spec.id}: no error class '${id}'`);
  return cls;
}

export function baseClass(spec: ProviderSpec): ErrorClass {
  const base = spec.errors[0];
  if (!base) throw new Error(`${spec.id}: no error classes`);
  return base;
}

/** A class's name in a language; Go names its types as TypeScript names its classes. */
function nameIn(cls: ErrorClass, language: SnippetLanguage): string | undefined {
  return language === 'python' ? cls.python : cls.typescript;
}

/** The class a language names for an id: the provider's base class where its SDK has none. */
export function className(spec: ProviderSpec, id: string, language: SnippetLanguage): string {
  return (
    nameIn(errorClass(spec, id), language) ?? nameIn(baseClass(spec), language) ?? typePrefix(spec) + 'Error'
  );
}

/** The classes a language declares, base first. */
export function declaredClasses(spec: ProviderSpec, language: SnippetLanguage): ErrorClass[] {
  return spec.errors.filter((cls) => nameIn(cls, language) !== undefined);
}

/** Status → class, by status, for the statuses a language maps to more than its base class (5xx apart). */
export function statusClasses(
  spec: ProviderSpec,
  language: SnippetLanguage,
): { status: number; name: string }[] {
  const base = className(spec, 'base', language);
  return Object.entries(spec.statusErrors)
    .map(([status, id]) => ({ status: Number(status), name: className(spec, id, language) }))
    .filter((row) => row.name !== base)
    .sort((a, b) => a.status - b.status);
}

/** `POST /v1/agents/{id}/certify` → method and the path relative to a base URL that ends in /v1. */
export function splitEndpoint(endpoint: string): { method: string; path: string } {
  const [method = 'GET', path = '/'] = endpoint.trim().split(/\s+/);
  return { method: method.toUpperCase(), path: path.replace(/^\/v1(?=\/)/, '') };
}

const RETRY_LABEL = { yes: 'retryable', no: 'not retryable', conditional: 'retry with care', unknown: 'retryable: unknown' } as const;

/** One line on what a branch handles, with the catalog's facts where given: `Kynasmith rate_limited (429 Too Many Requests, retryable): Back off…` */
export function describeTarget(spec: ProviderSpec, target: BranchTarget): string {
  const facts = target.facts;
  const isStatus = target.code === String(target.status);
  const name = isStatus ? `HTTP ${target.status}` : target.on === 'status' ? `"${target.code}"` : target.code;
  const details = [
    isStatus ? facts?.reason : `${target.status} ${facts?.reason ?? ''}`.trim(),
    facts?.retryable ? RETRY_LABEL[facts.retryable] : undefined,
    facts?.endpoint,
  ].filter((d) => d !== undefined && d !== '');
  const action = facts?.action?.replace(/\s+/g, ' ').trim();
  return `${spec.displayName} ${name}${details.length > 0 ? ` (${details.join(', ')})` : ''}${action ? `: ${action}` : '.'}`;
}
