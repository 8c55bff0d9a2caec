import { type JSONVisitor, type ParseOptions, visit } from 'jsonc-parser';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** How far back to look for the object around a key; error bodies open well within this. */
const MAX_BACKWARD = 16 * 1024;
/** Largest object we parse around a candidate. */
export const MAX_OBJECT = 1024 * 1024;

/**
 * The keys that mark an error body: `error` (all five providers, AIP-193, Stripe), `errors` (JSON:API),
 * `title` (RFC 9457 problem details). Finding them with a regex is what keeps detection faster than
 * parsing the whole document. `"error": null`, the commonest non-error (success bodies of envelopes
 * that always carry the key), is passed over inside the regex: the search stays in native code
 * instead of coming back to JavaScript for each one.
 */
export const ANCHOR = /"(?:errors?|title)"\s*:(?! ?null)/g;

function isEscaped(text: string, quoteAt: number): boolean {
  let n = 0;
  for (let i = quoteAt - 1; i >= 0 && text.charCodeAt(i) === BACKSLASH; i--) n++;
  return n % 2 === 1;
}

/** Offset of the opening quote of the string whose closing quote is at `closeAt`, or -1. */
function stringStart(text: string, closeAt: number, limit: number): number {
  for (let i = closeAt - 1; i >= limit; i--) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) return -1; // JSON strings never span lines: we are misaligned
    if (c === QUOTE && !isEscaped(text, i)) return i;
  }
  return -1;
}

/**
 * The offset of the `{` (or `[`) that encloses `pos`, scanning backwards and skipping strings and
 * balanced brackets; -1 when none is found within `limit`.
 */
export function enclosingOpen(text: string, pos: number, limit = Math.max(0, pos - MAX_BACKWARD)): number {
  let depth = 0;
  for (let i = pos - 1; i >= limit; i--) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringStart(text, i, limit);
      if (i < 0) return -1;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth++;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/**
 * A JSON value as detection reads it. Objects keep their property names in `keys` beside their
 * values in `children` (same index; a property written without a value has `undefined` there), so a
 * property costs no node of its own. Every node has every field, so lookups see one shape.
 */
export interface JsonNode {
  type: 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';
  offset: number;
  length: number;
  /** Literals: the value. */
  value: unknown;
  /** Objects: the property names, in order. */
  keys: string[] | undefined;
  /** Objects: the property values (parallel to keys); arrays: the items. */
  children: (JsonNode | undefined)[] | undefined;
}

export interface ParsedObject {
  node: JsonNode;
  /** Absolute offsets of the object (for truncated objects, up to where the text stopped). */
  start: number;
  end: number;
  /** Absolute offsets of the parse errors inside the value (none for a well-formed one). */
  errors: readonly number[];
}

const PARSE_OPTIONS: ParseOptions = { allowTrailingComma: true, disallowComments: false };

/**
 * Builds JsonNodes from jsonc-parser's visitor events, reading them as its parseTree does (a value
 * after a property name is that property's value; a property may have none), but with absolute
 * offsets (`base` added as each node is made) and without parseTree's property and key nodes, parent
 * links and arrays grown by push: the values of the open containers wait on one shared stack, and
 * each container gets its children in one exact-size copy when it closes. One builder is reused for
 * every parse.
 */
class TreeBuilder {
  private base = 0;
  /** The open containers, innermost last (`depth` of them). */
  private readonly open: JsonNode[] = [];
  private depth = 0;
  /** For each open container, where its values (and, for an object, its keys) start on the stacks. */
  private readonly valuesFrom: number[] = [];
  private readonly keysFrom: number[] = [];
  /**
   * Values and keys of the open containers, in document order, `valueCount` and `keyCount` of them:
   * counts rather than `length`, whose every change is a call into the runtime.
   */
  private readonly values: (JsonNode | undefined)[] = [];
  private valueCount = 0;
  private readonly keys: string[] = [];
  private keyCount = 0;
  /** The first value at the top level (outside any container): the result. */
  private first: JsonNode | undefined;
  /** Offsets (relative to the parsed slice) of the parse errors, in order. */
  readonly errorOffsets: number[] = [];

  private readonly visitor: JSONVisitor = {
    onObjectBegin: (offset) => this.begin('object', offset),
    onObjectProperty: (name) => {
      // The slot its value will fill, if one comes.
      this.keys[this.keyCount++] = name;
      this.values[this.valueCount++] = undefined;
    },
    onObjectEnd: (offset, length) => this.end(offset + length),
    onArrayBegin: (offset) => this.begin('array', offset),
    onArrayEnd: (offset, length) => this.end(offset + length),
    onLiteralValue: (value: unknown, offset, length) => {
      this.add({ type: literalType(value), offset: this.base + offset, length, value, keys: undefined, children: undefined });
    },
    onError: (_error, offset) => {
      this.errorOffsets.push(offset);
    },
  };

  /** Parses `slice` (which starts at `base` in the document): the first value, or undefined. */
  parse(slice: string, base: number): JsonNode | undefined {
    this.base = base;
    this.depth = 0;
    this.valueCount = 0;
    this.keyCount = 0;
    this.first = undefined;
    if (this.errorOffsets.length > 0) this.errorOffsets.length = 0;
    visit(slice, this.visitor, PARSE_OPTIONS);
    const value = this.first;
    // Drop references so a parse's nodes (and the document their strings are cut from) do not
    // outlive it through the reused builder: what a truncated value left open, and the value itself.
    for (let i = 0; i < this.depth; i++) this.open[i] = EMPTY_NODE;
    for (let i = 0; i < this.valueCount; i++) this.values[i] = undefined;
    for (let i = 0; i < this.keyCount; i++) this.keys[i] = '';
    this.first = undefined;
    return value;
  }

  /**
   * A value in the innermost container: an array's item, the value of an object's last property, or
   * a top-level value. In an object, jsonc-parser reports a value only right after its property's
   * name and colon (after anything else it reports an error and skips to the next `,` or `}`), so the
   * last slot is always the one waiting.
   */
  private add(node: JsonNode): void {
    if (this.depth === 0) {
      this.first ??= node;
    } else if ((this.open[this.depth - 1] as JsonNode).type === 'array') {
      this.values[this.valueCount++] = node;
    } else if (this.valueCount > (this.valuesFrom[this.depth - 1] as number)) {
      this.values[this.valueCount - 1] = node;
    }
  }

  private begin(type: 'object' | 'array', offset: number): void {
    const node: JsonNode = { type, offset: this.base + offset, length: -1, value: undefined, keys: undefined, children: undefined };
    this.add(node);
    this.open[this.depth] = node;
    this.valuesFrom[this.depth] = this.valueCount;
    this.keysFrom[this.depth] = this.keyCount;
    this.depth++;
  }

  /** Closes the innermost container at `end` (relative to the slice). */
  private end(end: number): void {
    const depth = --this.depth;
    const node = this.open[depth] as JsonNode;
    this.open[depth] = EMPTY_NODE;
    const valuesFrom = this.valuesFrom[depth] as number;
    const keysFrom = this.keysFrom[depth] as number;
    node.length = this.base + end - node.offset;
    node.children = this.values.slice(valuesFrom, this.valueCount);
    for (let i = valuesFrom; i < this.valueCount; i++) this.values[i] = undefined;
    this.valueCount = valuesFrom;
    if (node.type === 'object') {
      node.keys = this.keys.slice(keysFrom, this.keyCount);
      // Names are slices of the document: a stack slot left holding one would keep it alive.
      for (let i = keysFrom; i < this.keyCount; i++) this.keys[i] = '';
    }
    this.keyCount = keysFrom;
  }
}

/** A placeholder for released stack slots, so the stacks keep one element kind. */
const EMPTY_NODE: JsonNode = { type: 'null', offset: 0, length: 0, value: null, keys: undefined, children: undefined };

/** jsonc-parser's getNodeType. */
function literalType(value: unknown): JsonNode['type'] {
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'object':
      return value === null ? 'null' : Array.isArray(value) ? 'array' : 'object';
    default:
      return 'null';
  }
}

const builder = new TreeBuilder();
export const NO_ERRORS: readonly number[] = [];

/**
 * Parses the value that starts at `start`, reading at most up to `end`. jsonc-parser stops after the
 * first value and keeps what it could read of a truncated one, which is what a cut-off log line needs.
 */
export function parseValueAt(text: string, start: number, end: number): ParsedObject | undefined {
  const slice = text.slice(start, Math.min(end, start + MAX_OBJECT));
  const node = builder.parse(slice, start);
  if (!node || (node.type !== 'object' && node.type !== 'array')) return undefined;
  const valueEnd = node.offset + node.length;
  // Errors after the value are only the text that follows it.
  let errors: number[] | undefined;
  for (const offset of builder.errorOffsets) if (start + offset < valueEnd) (errors ??= []).push(start + offset);
  return { node, start, end: valueEnd, errors: errors ?? NO_ERRORS };
}

const splitPaths = new Map<string, readonly string[]>();

export function keysOfPath(path: string): readonly string[] {
  let keys = splitPaths.get(path);
  if (!keys) {
    keys = path.split('.');
    // Paths come from catalogs and code: a small, fixed set. The bound only guards against misuse.
    if (splitPaths.size < 4096) splitPaths.set(path, keys);
  }
  return keys;
}

/** The child node of an object at a dotted path (`error.details.resets_at`). */
export function nodeAt(node: JsonNode | undefined, path: string): JsonNode | undefined {
  return nodeAtKeys(node, keysOfPath(path));
}

/** nodeAt with the path already split into its keys. */
export function nodeAtKeys(node: JsonNode | undefined, keys: readonly string[]): JsonNode | undefined {
  let current = node;
  for (let i = 0; i < keys.length && current; i++) current = childAt(current, keys[i] as string);
  return current;
}

/** The value of an object's first property named `key` (one key: no path to split). */
export function childOf(node: JsonNode | undefined, key: string): JsonNode | undefined {
  return node ? childAt(node, key) : undefined;
}

/** The value of an object's first property named `key`. */
export function childAt(node: JsonNode, key: string): JsonNode | undefined {
  const keys = node.keys;
  if (!keys) return undefined;
  for (let i = 0; i < keys.length; i++) if (keys[i] === key) return (node.children as (JsonNode | undefined)[])[i];
  return undefined;
}

/** The number (or three-digit string) at a top-level key. */
export function numberAt(node: JsonNode | undefined, key: string): number | undefined {
  const n = childOf(node, key);
  if (n?.type === 'number') return n.value as number;
  if (n?.type === 'string' && /^\d{3}$/.test(n.value as string)) return Number(n.value);
  return undefined;
}

/** A node's plain value, bounded so a huge nested value never gets copied into a hover. */
export function plainValue(node: JsonNode | undefined, depth = 0): unknown {
  if (!node) return undefined;
  switch (node.type) {
    case 'string':
    case 'number':
    case 'boolean':
      return node.value;
    case 'null':
      return null;
    case 'array':
      return depth > 3 ? '[…]' : (node.children ?? []).slice(0, 50).map((c) => plainValue(c, depth + 1));
    case 'object': {
      if (depth > 3) return '{…}';
      const out: Record<string, unknown> = {};
      const keys = node.keys ?? [];
      const values = node.children ?? [];
      for (let i = 0; i < keys.length && i < 50; i++) out[keys[i] as string] = plainValue(values[i], depth + 1);
      return out;
    }
    default:
      return undefined;
  }
}

/** A whole document's value tree (HAR, Postman exports): no size bound, the caller decides. */
export function parseDocument(text: string): JsonNode | undefined {
  return builder.parse(text, 0);
}

/** The string at a dotted path, or undefined. */
export function stringAt(node: JsonNode | undefined, path: string): string | undefined {
  const value = nodeAt(node, path);
  return value?.type === 'string' ? (value.value as string) : undefined;
}

/** `[{"name": "Retry-After", "value": "2"}]` (HAR; Postman says `key`) as a record. */
export function nameValueList(node: JsonNode | undefined, nameKey = 'name'): Record<string, string> {
  const out: Record<string, string> = {};
  if (node?.type !== 'array') return out;
  for (const item of node.children ?? []) {
    const name = stringAt(item, nameKey);
    const value = childOf(item, 'value')?.value;
    if (name && (typeof value === 'string' || typeof value === 'number')) out[name] = String(value);
  }
  return out;
}
