import {
  type Node,
  type ParseError,
  findNodeAtLocation,
  getNodeValue,
  parseTree,
  printParseErrorCode,
} from 'jsonc-parser';
import type { ProviderCatalog } from '../catalog/types';
import validateCatalog, { type GeneratedValidationError } from '../catalog/validateCatalog.generated';
import schema from '../../../schemas/api-errors-catalog.schema.json';

/**
 * One thing wrong with a catalog file, placed on the exact spot of the text (offsets into it), so
 * the editor can put a diagnostic there and the CLI can print `file:line:col: path: message`.
 */
export interface CatalogProblem {
  /** Where in the catalog, readable: `entries[3].status`, `provider.docs`; '' for the file as a whole. */
  path: string;
  /** The reason alone, in words: "must be an integer between 100 and 599". */
  message: string;
  offset: number;
  length: number;
  /** Errors make the catalog unusable; warnings leave it in use. */
  severity: 'error' | 'warning';
}

export interface CatalogValidation {
  /** Set when the file is a usable catalog (no errors; there may be warnings). */
  catalog?: ProviderCatalog;
  problems: CatalogProblem[];
}

/** `entries[3].status: must be …`, or the message alone for problems of the whole file. */
export function problemText(problem: Pick<CatalogProblem, 'path' | 'message'>): string {
  return problem.path ? `${problem.path}: ${problem.message}` : problem.message;
}

const syntaxMessages: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: "':' is expected",
  CommaExpected: "',' is expected",
  CloseBraceExpected: "'}' is expected",
  CloseBracketExpected: "']' is expected",
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string (control characters must be escaped)',
};

/**
 * Parses a catalog file (JSON; comments and trailing commas are tolerated), validates it against
 * the shipped schema with the generated validator (no `eval`: it runs in the web-worker host too)
 * and a few checks the schema cannot express, and places every problem on its node in the text.
 */
export function validateCatalogText(text: string, fileName?: string): CatalogValidation {
  if (!text.trim()) {
    const what = fileName ? `${fileName} is empty` : 'the file is empty';
    return {
      problems: [
        {
          path: '',
          message: `${what}: a catalog is a JSON object with "provider" and "entries"`,
          offset: 0,
          length: 0,
          severity: 'error',
        },
      ],
    };
  }
  const syntax: ParseError[] = [];
  const root = parseTree(text, syntax, { allowTrailingComma: true, disallowComments: false });
  if (syntax.length > 0 || !root) {
    const problems = syntax.map((e) => ({
      path: '',
      message: `syntax error: ${syntaxMessages[printParseErrorCode(e.error)] ?? printParseErrorCode(e.error)}`,
      offset: e.offset,
      length: Math.max(1, e.length),
      severity: 'error' as const,
    }));
    if (problems.length === 0)
      problems.push({ path: '', message: 'not a JSON value', offset: 0, length: 1, severity: 'error' });
    return { problems };
  }
  // getNodeValue builds objects without a prototype: make them plain data.
  const value = JSON.parse(JSON.stringify(getNodeValue(root))) as unknown;
  const problems = schemaProblems(value, root);
  if (problems.length === 0) problems.push(...semanticProblems(value as ProviderCatalog, root));
  problems.sort((a, b) => a.offset - b.offset);
  const usable = !problems.some((p) => p.severity === 'error');
  return usable ? { catalog: value as ProviderCatalog, problems } : { problems };
}

/** Validates an already parsed value (no offsets): for catalogs that did not come from a text. */
export function isValidCatalog(value: unknown): value is ProviderCatalog {
  return validateCatalog(value) && semanticProblems(value, undefined).every((p) => p.severity !== 'error');
}

function schemaProblems(value: unknown, root: Node): CatalogProblem[] {
  if (validateCatalog(value)) return [];
  const seen = new Set<string>();
  const problems: CatalogProblem[] = [];
  for (const error of validateCatalog.errors ?? []) {
    const problem = toProblem(error, root);
    if (!problem) continue;
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function pointerSegments(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `["entries", "3", "status"]` → `entries[3].status`. */
export function readablePath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number' || /^\d+$/.test(s)) out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

function nodeAtPointer(root: Node, segments: readonly string[]): Node | undefined {
  let node: Node | undefined = root;
  for (const s of segments) {
    if (!node) return undefined;
    node =
      node.type === 'array' && /^\d+$/.test(s)
        ? findNodeAtLocation(node, [Number(s)])
        : findNodeAtLocation(node, [s]);
  }
  return node;
}

/** The key of the property whose value is `node`, if it is one. */
function keyOf(node: Node): Node | undefined {
  const parent = node.parent;
  return parent?.type === 'property' ? parent.children?.[0] : undefined;
}

/** Where to show a problem about a whole object or array: its key, else its opening bracket. */
function containerRange(node: Node): { offset: number; length: number } {
  const key = keyOf(node);
  if (key) return { offset: key.offset, length: key.length };
  return { offset: node.offset, length: 1 };
}

type SchemaNode = Record<string, unknown>;
const definitions = (schema as unknown as { definitions: Record<string, SchemaNode> }).definitions;

function deref(node: SchemaNode | undefined): SchemaNode | undefined {
  const ref = node?.$ref;
  return typeof ref === 'string' && ref.startsWith('#/definitions/')
    ? definitions[ref.slice('#/definitions/'.length)]
    : node;
}

/** The (sub)schema that applies at an instance path: followed through properties, items and $refs. */
function schemaForInstance(segments: readonly string[]): SchemaNode | undefined {
  let node = deref(schema as unknown as SchemaNode);
  for (const s of segments) {
    const properties = node?.properties as Record<string, SchemaNode> | undefined;
    node = deref(properties?.[s] ?? (/^\d+$/.test(s) ? (node?.items as SchemaNode | undefined) : undefined));
    if (!node) return undefined;
  }
  return node;
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        previous + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length] as number;
}

const typeNames: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  null: 'null',
};

function toProblem(error: GeneratedValidationError, root: Node): CatalogProblem | undefined {
  // `if` only says "must match then"; the `required` error under `then` is the useful one.
  if (error.keyword === 'if') return undefined;
  const segments = pointerSegments(error.instancePath);
  const node = nodeAtPointer(root, segments) ?? root;
  const path = readablePath(segments);
  const params = error.params;
  let range: { offset: number; length: number } = { offset: node.offset, length: node.length };
  let message: string;
  const at = schemaForInstance(segments);
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const sibling = (key: string): unknown => findNodeAtLocation(node, [key])?.value;
      message =
        missing === 'retryCondition'
          ? sibling('retryable') === 'unknown'
            ? 'needs "retryCondition" (why no retry rule is known), because retryable is "unknown"'
            : 'needs "retryCondition" (when a retry is safe), because retryable is "conditional"'
          : missing === 'quotes'
            ? `needs "quotes" (the source's exact words), because from is ${JSON.stringify(sibling('from'))}`
            : missing === 'reason' && sibling('from') === 'inferred'
              ? 'needs "reason" (why the statement holds, in one line), because from is "inferred"'
              : `missing required property "${missing}"`;
      range = containerRange(node);
      break;
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const allowed = Object.keys((at?.properties as Record<string, unknown> | undefined) ?? {});
      const suggestion = closest(extra, allowed);
      message = suggestion
        ? `unknown property "${extra}" (did you mean "${suggestion}"?)`
        : `unknown property "${extra}" (allowed: ${allowed.join(', ')})`;
      const property = node.children?.find((p) => p.children?.[0]?.value === extra);
      const key = property?.children?.[0];
      if (key) range = { offset: key.offset, length: key.length };
      break;
    }
    case 'type':
    case 'minimum':
    case 'maximum':
      if (at === definitions.status) message = 'must be an integer between 100 and 599 (an HTTP status)';
      else if (error.keyword === 'type')
        message = `must be ${typeNames[String(params.type)] ?? String(params.type)}`;
      else
        message = `must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params.limit)}`;
      break;
    case 'pattern':
      if (at === definitions.url) {
        const value = node.type === 'string' ? String(node.value) : '';
        const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
        message =
          scheme && scheme.toLowerCase() !== 'https'
            ? `must be an https:// URL, not a ${scheme}: link (a catalog is data: it cannot run commands or scripts)`
            : 'must be an https:// URL';
      } else if (path === 'provider.id') {
        message =
          'must be a lowercase id: letters, digits and hyphens, starting with a letter (e.g. "acme-pay")';
      } else message = `must match ${String(params.pattern)}`;
      break;
    case 'minLength':
      message = 'must not be empty';
      break;
    case 'minItems':
      message =
        path === 'provider.envelopes'
          ? 'needs at least one envelope (the JSON shape of the provider\u2019s error bodies)'
          : `must have at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`;
      range = containerRange(node);
      break;
    case 'enum':
      message = `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    default:
      message = error.message ?? error.keyword;
  }
  return { path, message, ...range, severity: 'error' };
}

/**
 * URLs a catalog may carry: https, and nothing that could break out of a Markdown link (quotes,
 * brackets, parentheses, spaces). The schema only checks the scheme.
 */
export const SAFE_URL = /^https:\/\/[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][^\s"'<>()[\]\\`{}|^]*)?$/;

/** Checks the schema cannot express. Runs on a catalog the schema accepted. */
function semanticProblems(catalog: ProviderCatalog, root: Node | undefined): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const at = (
    segments: (string | number)[],
    message: string,
    severity: CatalogProblem['severity'],
    whole = false,
  ): void => {
    const node = root ? findNodeAtLocation(root, segments) : undefined;
    const range = !node
      ? { offset: 0, length: 0 }
      : whole || node.type === 'object' || node.type === 'array'
        ? containerRange(node)
        : { offset: node.offset, length: node.length };
    problems.push({ path: readablePath(segments), message, ...range, severity });
  };
  const unsafeUrl = 'must be a plain https:// URL (no spaces, quotes, brackets or parentheses)';
  if (!SAFE_URL.test(catalog.provider.docs)) at(['provider', 'docs'], unsafeUrl, 'error');
  catalog.provider.envelopes.forEach((envelope, i) => {
    if (!envelope.codePath && !envelope.messagePath) {
      at(
        ['provider', 'envelopes', i],
        'has neither "codePath" nor "messagePath": no response can be matched to it',
        'warning',
        true,
      );
    }
  });
  const seen = new Map<string, number>();
  catalog.entries.forEach((entry, i) => {
    if (!SAFE_URL.test(entry.docs)) at(['entries', i, 'docs'], unsafeUrl, 'error');
    const key = `${entry.code}\u0000${entry.endpoint ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined) {
      at(
        ['entries', i, 'code'],
        `"${entry.code}"${entry.endpoint ? ` on ${entry.endpoint}` : ''} is already entries[${first}]: only the first one is used`,
        'warning',
      );
    } else seen.set(key, i);
  });
  return problems;
}
