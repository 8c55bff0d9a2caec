/**
 * What the snippet generator knows about a provider: how its errors look, which error classes the
 * generated code declares, and how each documented code or status is handled. The language
 * emitters (typescript.ts, python.ts, go.ts) turn one `ProviderSpec` into idiomatic code; the specs
 * themselves (providers/*.ts) are plain data.
 */

export type SnippetLanguage = 'typescript' | 'javascript' | 'python' | 'go';

export const SNIPPET_LANGUAGES: readonly SnippetLanguage[] = ['typescript', 'javascript', 'python', 'go'];

export interface GeneratedSnippet {
  /** Plain code, ready to paste or print. */
  text: string;
  /**
   * The same code as a VS Code SnippetString body: tab stops ${1:functionName}, ${2:baseUrl},
   * ${3:apiKeyVariable} (and $0), with `$`, `}` and `\` escaped everywhere else.
   */
  snippet: string;
  provider: string;
  language: SnippetLanguage;
  /** The code (or status, or documented message) a branch handles; absent for a full handler. */
  code?: string;
}

/** An unknown provider, code or language: the message is one line, fit for a CLI error. */
export class SnippetError extends Error {
  override readonly name = 'SnippetError';
}

/**
 * What a branch needs to know about one code. A catalog entry (`CatalogEntry`) fits as it is;
 * without one the generator falls back on the codes and statuses it knows from the providers' pages.
 */
export interface CodeFacts {
  code: string;
  status: number;
  /** `status`: a row of the provider's status table; `message`: a documented message (Kakunin). */
  kind?: 'code' | 'status' | 'message';
  reason?: string;
  retryable?: 'yes' | 'no' | 'conditional' | 'unknown';
  action?: string;
  /** For endpoint-specific messages: `POST /v1/agents/{id}/certify`. */
  endpoint?: string;
  /** For `conditional` entries: when a retry is safe; for `unknown` ones: that no rule is documented. */
  retryCondition?: string;
  /** Body fields this code's responses carry (`required`, `error.details.quota_limit`): the standalone branch reports them. */
  fields?: readonly { path: string; format?: string }[];
}

/** Where a value of the error body lives, as a dotted path (`error.details.quota_limit`). */
export type BodyPath = string;

export type ValueType = 'string' | 'number' | 'boolean' | 'unknown';

export interface BodyField {
  path: BodyPath;
  type: ValueType;
}

/** A property an error class copies from the failed response. */
export interface ErrorField {
  /** camelCase, for TypeScript and JavaScript. */
  name: string;
  /** snake_case, for Python. */
  python: string;
  /** A path of the body, or `retryAfter`: the wait the server asked for, in seconds. */
  from: BodyPath | 'retryAfter';
  type: ValueType;
}

export interface ErrorClass {
  /** How rules refer to the class. */
  id: string;
  /** Class name in TypeScript/JavaScript; absent: the provider's SDK has none, the base class serves. */
  typescript?: string;
  /** Class name in Python; absent: the base class serves. */
  python?: string;
  /** One sentence: when it is raised and what fixes it. */
  doc: string;
  fields?: ErrorField[];
}

/** An error class with the same name in every language. */
export function named(id: string, name: string, doc: string, fields?: ErrorField[]): ErrorClass {
  return { id, typescript: name, python: name, doc, ...(fields ? { fields } : {}) };
}

/** `byStatus`: the class the response's status maps to (see `ProviderSpec.statusErrors`). */
export type ErrorRef = string;

export type Reaction =
  /** Permanent: raise. */
  | { kind: 'fail'; error: ErrorRef }
  /**
   * Wait as long as Retry-After (or the body) says, then retry; bounded. Without either: the page's
   * own default wait (`defaultWaitMs`), else exponential backoff.
   */
  | { kind: 'retryAfter'; error: ErrorRef; defaultWaitMs?: number }
  /** Retry after exponential backoff with jitter, or a random wait in `waitMs`; bounded. */
  | { kind: 'backoff'; error: ErrorRef; waitMs?: readonly [number, number]; idempotentOnly?: boolean }
  /** Refresh the access token once and retry (Kynasmith). */
  | { kind: 'refreshOnce'; error: ErrorRef }
  /** Send the request again with `async: true`; its 202 is then polled (Overten). */
  | { kind: 'resubmitAsync'; error: ErrorRef }
  /** The resource is not ready yet: ask again later; bounded by its own count (Kakunin 425). */
  | { kind: 'pollLater'; error: ErrorRef }
  /** Raise, and refuse later calls made with the same key until a bounded re-check (Kayle ORGANIZATION_FROZEN). */
  | { kind: 'halt'; error: ErrorRef };

export type Condition =
  | { codes: readonly string[] }
  /**
   * `messages`: only responses whose message is one of these documented messages (Kakunin, whose
   * page lists one 503 that no retry fixes); an exact match, never a parse.
   */
  | { statuses: readonly number[]; messages?: readonly string[] }
  /** Any 5xx. */
  | { serverErrors: true }
  /** The body's own `retryable` flag (Kynasmith), for codes no other rule names. */
  | { retryableFlag: true };

export interface Rule {
  when: Condition;
  reaction: Reaction;
  /** Why the reaction is right, when the code alone does not say: becomes a comment. */
  why?: string;
}

/** A documented fix for one endpoint and status (Kakunin), found without reading the message. */
export interface EndpointFix {
  /** `POST /v1/agents/{id}/certify` */
  endpoint: string;
  status: number;
  fix: string;
}

export interface ProviderSpec {
  id: string;
  displayName: string;
  docs: string;
  /** Default base URL; request paths are appended to it. */
  baseUrl: string;
  /** An example request, for the usage line of the handler's doc comment (GET when no method). */
  examplePath: string;
  exampleMethod?: string;
  credential: {
    /** The option that carries it: `apiKey`, or `accessToken` for short-lived tokens. */
    option: 'apiKey' | 'accessToken';
    /** Environment variable read when the option is not given. */
    env: string;
    header: string;
    scheme?: 'Bearer';
  };
  requestIdHeader: string;
  /** One line describing the error body, for the body type's doc comment. */
  envelope: string;
  body: readonly BodyField[];
  /** Body path of the code; absent: the provider has no codes and handling goes by status only. */
  codePath?: BodyPath;
  messagePath: BodyPath;
  retryAfterPath?: BodyPath;
  retryablePath?: BodyPath;
  /**
   * Advice beside the message, put into every error: a body field (Kayle `error.hint`), or the fix the
   * errors page documents for the endpoint and status (Kakunin `fix`, see `features.endpointFixes`).
   */
  hint?: { name: string; from: BodyPath | 'endpointFixes' };
  /** Body fields worth logging with every failure (Overten run_id, task_id). */
  logFields?: readonly { name: string; python: string; path: BodyPath }[];
  /** Documented codes (or messages, for a provider without codes) and their HTTP status. */
  codes: Readonly<Record<string, number>>;
  /** Rows of the provider's HTTP status table. */
  statuses: readonly number[];
  /** The base class comes first; every other class extends it. */
  errors: readonly ErrorClass[];
  /** The class a status maps to when no rule claims the code; 5xx map to `serverError`. */
  statusErrors: Readonly<Record<number, string>>;
  serverError: string;
  /** In order: code rules become the handler's switch, the others `if`s after it. */
  rules: readonly Rule[];
  backoff: { baseMs: number; maxMs: number };
  maxAttempts: number;
  /** How long one request may take before the client gives up (the caller may pass another). */
  timeoutSeconds: number;
  /** Why that timeout, when it is not a plain default (Overten: above the 300 s sync ceiling). */
  timeoutWhy?: string;
  /**
   * Transport failures (no response: refused, reset, timed out). `idempotent`: retried with backoff
   * on idempotent calls only, as the provider's page allows; `never`: raised at once, as the
   * provider's network error. `why` quotes or names the source.
   */
  networkRetry: { when: 'idempotent' | 'never'; why: string };
  features?: {
    /** `refreshAccessToken` option, used once per call on `access_token_expired`. */
    refreshToken?: true;
    /**
     * Frozen keys: a halt reaction refuses later calls with that key (and only that key) until
     * `recheckMs` later, when one call is sent again; a success clears it.
     */
    keyState?: { recheckMs: number };
    /** Which calls may be repeated: GET, HEAD, OPTIONS, DELETE, and POST to paths ending so. */
    idempotentPostSuffix?: string;
    /** 202 `{task_id}` and async resubmission, polled at `GET /tasks/{id}` (Overten). */
    asyncTasks?: { firstWaitMs: readonly [number, number]; maxIntervalMs: number; timeoutMs: number };
    /** Polls of a 425 before giving up, and the wait between them. */
    reportPolls?: { max: number; intervalMs: number };
    endpointFixes?: readonly EndpointFix[];
  };
}

export function codesOf(condition: Condition): readonly string[] {
  return 'codes' in condition ? condition.codes : [];
}

/** What a branch is about: a code of the provider, or a status (statuses and Kakunin's messages). */
export interface BranchTarget {
  /** The code as documented (the canonical spelling), the status as a string, or the message. */
  code: string;
  status: number;
  /** Branch on `failure.code` (`code`) or on the HTTP status (`status`). */
  on: 'code' | 'status';
  facts?: CodeFacts;
}
