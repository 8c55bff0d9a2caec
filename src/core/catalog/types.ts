/**
 * The catalog's data model. Catalog files (one per provider, `*.json` beside this file) follow
 * `schemas/api-errors-catalog.schema.json`; these types mirror that schema.
 */

export type ProviderId = string;

/**
 * `conditional` always comes with `retryCondition` saying when a retry is safe; `unknown` (the
 * sources give no rule) with `retryCondition` saying so.
 */
export type Retryable = 'yes' | 'no' | 'conditional' | 'unknown';

/**
 * Where a statement comes from: `seed` (the provider's errors page in the shared seeds) or
 * `providers.md` (its other public docs and source), with the exact words it rests on; or
 * `inferred`, with a one-line reason.
 */
export type ProvenanceKind = 'seed' | 'providers.md' | 'inferred';

export interface Provenance {
  from: ProvenanceKind;
  /** `seed` / `providers.md`: the source's exact words (compared with whitespace collapsed). */
  quotes?: string[];
  /** `inferred`: why the statement holds, in one line. */
  reason?: string;
}

/**
 * The provenance of an entry's statements, one item per source a statement rests on (every
 * built-in entry has all three).
 */
export interface EntryProvenance {
  meaning?: Provenance[];
  action?: Provenance[];
  retry?: Provenance[];
}

/**
 * - `code`: a machine-readable code from the provider's error table.
 * - `status`: a row of the provider's HTTP status table (code is the status as a string, "429").
 * - `message`: a documented message of a provider without codes (Kakunin), or a code-less row.
 */
export type EntryKind = 'code' | 'status' | 'message';

export interface BodyField {
  /** Dotted path inside the error body, e.g. `error.details.resets_at` or `required`. */
  path: string;
  meaning: string;
  /** How the editor should render the value: a timestamp, a duration, a count… */
  format?: 'iso-date' | 'epoch-seconds' | 'epoch-millis' | 'seconds' | 'number' | 'text' | 'url';
  provenance?: Provenance[];
}

export interface RelatedCode {
  code: string;
  /** How to tell the two apart and why the reaction differs. */
  difference: string;
}

/** A documented value contradicted by what the API was seen doing (kept, never replacing the doc). */
export interface ObservedDifference {
  status?: number;
  note: string;
  source: string;
}

export interface CatalogEntry {
  code: string;
  kind: EntryKind;
  status: number;
  /** The status's reason phrase, e.g. "Too Many Requests". */
  reason: string;
  retryable: Retryable;
  retryCondition?: string;
  /** What the error means, in the provider's words. */
  meaning: string;
  /** What to do about it, in the provider's words where it gives any. */
  action: string;
  /**
   * The recommended action in a few words, for one-line diagnostics (the Problems panel, CI
   * annotations): 2–6 words, at most 40 characters, no final period, e.g. "start a new session".
   * Every built-in entry has one; users' catalogs may leave it out.
   */
  brief?: string;
  docs: string;
  /** Section of the provider's page, e.g. "Billing and quota errors". */
  category?: string;
  /** For endpoint-specific messages (Kakunin): `POST /v1/agents/{id}/certify`. */
  endpoint?: string;
  fields?: BodyField[];
  related?: RelatedCode[];
  observed?: ObservedDifference[];
  /** Where the entry comes from: the seed page, or a public source named in providers.md. */
  source: string;
  provenance?: EntryProvenance;
}

export interface EnvelopeShape {
  name: string;
  /** Dotted path of the field holding the code (absent: the provider has no codes). */
  codePath?: string;
  messagePath?: string;
  /** Paths that must exist for a body to have this shape (besides codePath). */
  requiredPaths?: string[];
  example: unknown;
  description?: string;
}

export interface RateLimitHeader {
  name: string;
  meaning: string;
  unit?: 'seconds' | 'epoch-seconds' | 'epoch-millis' | 'count' | 'http-date-or-seconds';
}

export interface SdkErrorClass {
  name: string;
  sdk: string;
  when: string;
}

export interface ProviderInfo {
  id: ProviderId;
  displayName: string;
  docs: string;
  envelopes: EnvelopeShape[];
  auth: { header: string; scheme?: string; description: string };
  hosts: string[];
  keyPrefixes: string[];
  rateLimitHeaders: RateLimitHeader[];
  retryGuidance: string;
  sdkErrorClasses: SdkErrorClass[];
  /** Extra facts worth surfacing (rate-limit tiers, async ceilings…), each with its source. */
  notes?: { text: string; source: string }[];
  sources: string[];
}

export interface ProviderCatalog {
  $schema?: string;
  provider: ProviderInfo;
  entries: CatalogEntry[];
}
