import type { ResolvedEntry } from '../catalog';
import type { Tree } from '@vscode/tree-sitter-wasm';

/** Half-open character offsets into the scanned text. */
export interface OffsetRange {
  start: number;
  end: number;
}

/** Why a provider was chosen, kept with the finding so the editor can say it. */
export interface Evidence {
  kind: 'shape' | 'code' | 'host' | 'auth-header' | 'key-prefix' | 'nearby' | 'import';
  provider: string;
  detail: string;
  weight: number;
}

export interface Candidate {
  provider: string;
  score: number;
  entry?: ResolvedEntry;
  evidence: Evidence[];
}

/** Error formats of other APIs, recognised so they are never attributed to a catalog provider. */
export type GenericFormat = 'problem+json' | 'aip-193' | 'json-api' | 'stripe';

export type StatusSource = 'response-line' | 'sibling' | 'body' | 'log-line' | 'file-name' | 'catalog';

export interface BodyFieldValue {
  path: string;
  value: unknown;
  meaning?: string;
  format?: string;
}

export interface Finding {
  kind: 'response' | 'reference';
  /** The provider the evidence points to, or null (generic format, or ambiguous: see candidates). */
  provider: string | null;
  /** Every provider the finding could belong to, best first. */
  candidates: Candidate[];
  /** The code as written (Kakunin: its message; generic formats: their code or status name). */
  code: string;
  /** Whether the catalog knows this code for the provider. */
  known: boolean;
  entry?: ResolvedEntry;
  generic?: GenericFormat;
  status?: number;
  statusSource?: StatusSource;
  /** The code's string token, quotes included (Kakunin: the message string). */
  codeRange: OffsetRange;
  /** The whole error body (for references: the literal). */
  bodyRange: OffsetRange;
  /** The response's status line in a .http file or transcript: hovering it explains the finding too. */
  statusRange?: OffsetRange;
  /** Response headers that matter for handling: Retry-After, RateLimit-*, X-RateLimit-*, X-Request-ID. */
  headers: Record<string, string>;
  /** The body's message, and the context fields the catalog documents for this code. */
  message?: string;
  fields: BodyFieldValue[];
  evidence: Evidence[];
  /** The request the response answers, when its container names it (HAR, Postman, .http, a log record). */
  request?: { method?: string; url: string };
  /** For `<> ./file.json` references in .http files: the file the body came from. */
  referencedFile?: string;
}

/** What the request around a response tells: its host, headers and any status line. */
export interface RequestContext {
  method?: string;
  url?: string;
  host?: string;
  requestHeaders: Record<string, string>;
  status?: number;
  statusSource?: StatusSource;
  /** The `HTTP/1.1 409 Conflict` line the status came from, when there is one. */
  statusLine?: OffsetRange;
  responseHeaders: Record<string, string>;
}

export interface DetectOptions {
  /** VS Code language id (json, jsonc, jsonl, log, plaintext, http, markdown, typescript, …). */
  languageId?: string;
  /** Used to guess the container when no language id is given, and to resolve `<>` references. */
  fileName?: string;
  /** Contents of files referenced by `<> ./file.json` in .http files, keyed by the path as written. */
  references?: ReadonlyMap<string, string>;
  /** Only these providers (the `apiErrors.providers` setting). */
  providers?: readonly string[];
  /**
   * The request a whole document answers (a `<> ./file.json` response of a .http request): its host,
   * headers and status are evidence for every body in the document.
   */
  requestContext?: RequestContext;
  /**
   * Syntax trees for TypeScript, JavaScript and Python (tree-sitter, loaded by the adapter): object
   * and dict literals in mocks are then read as bodies. Without it, source is read for JSON in
   * string literals and code comparisons only.
   */
  syntax?: SourceSyntax;
}

/** The grammars source detection uses (tree-sitter's TypeScript, TSX, JavaScript, Python and Go). */
export type SourceLanguage = 'typescript' | 'tsx' | 'javascript' | 'python' | 'go';

/**
 * Syntax trees for source documents, given by the adapter (editor or CLI) that loaded tree-sitter's
 * wasm: the core never loads anything itself. `withTree` answers undefined while the grammar is not
 * loaded yet; detection then reads the source as before, without trees.
 */
export interface SourceSyntax {
  /**
   * Calls `use` with the text's tree, which stays the syntax's own (`use` keeps no node of it);
   * undefined when there is none yet. `change` says how the tree differs from the previous one of
   * this language, when the syntax parsed it from that one: what was read of the previous text
   * outside the change can be kept.
   */
  withTree<T>(text: string, language: SourceLanguage, use: (tree: Tree, change?: TreeChange) => T): T | undefined;
}

/**
 * How a tree differs from the previous one of its language. Outside `start`…`newEnd` the two texts
 * are equal (shifted by `newEnd - oldEnd` after it), and outside `changedRanges` every character has
 * the same ancestor nodes in both trees (tree-sitter's promise for `getChangedRanges`).
 */
export interface TreeChange {
  previousText: string;
  start: number;
  oldEnd: number;
  newEnd: number;
  /** In the new text's offsets. */
  changedRanges: readonly OffsetRange[];
}
