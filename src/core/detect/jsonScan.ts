import { type JSONVisitor, type Node, type ParseOptions, visit } from 'jsonc-parser';

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
 * parsing the whole document.
 */
export const ANCHOR = /"(errors?|title)"\s*:/g;

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

export interface ParsedObject {
  node: Node;
  /** Absolute offsets of the object (for truncated objects, up to where the text stopped). */
  start: number;
  end: number;
  /** Whether the object was cut short (a truncated log line). */
  truncated: boolean;
}

/** jsonc-parser's `Node`, writable: the tree below is built here rather than by parseTree. */
type TreeNode = { -readonly [K in keyof Node]: Node[K] } & { children?: TreeNode[] };

const PARSE_OPTIONS: ParseOptions = { allowTrailingComma: true, disallowComments: false };

/**
 * Builds nodes from jsonc-parser's visitor events exactly as its parseTree does, except that offsets
 * come out absolute (`base` added as each node is made, instead of a second pass over the tree) and
 * nodes keep no `parent` link (parseTree deletes the root's, which leaves the root a slow
 * dictionary-mode object that every later lookup pays for). One builder is reused for every parse.
 */
class TreeBuilder {
  private base = 0;
  /** The open containers and properties, innermost last; [0] is the artificial root array. */
  private readonly stack: TreeNode[] = [];
  private current: TreeNode = { type: 'array', offset: -1, length: -1, children: [] };
  /** Offsets (relative to the parsed slice) of the parse errors, in order. */
  readonly errorOffsets: number[] = [];

  private readonly visitor: JSONVisitor = {
    onObjectBegin: (offset) => this.open({ type: 'object', offset: this.base + offset, length: -1, children: [] }),
    onObjectProperty: (name, offset, length) => {
      const property: TreeNode = { type: 'property', offset: this.base + offset, length: -1, children: [] };
      this.open(property);
      property.children!.push({ type: 'string', value: name, offset: this.base + offset, length });
    },
    onObjectEnd: (offset, length) => {
      // A property whose value is missing (`{"a":}`) ends with its object.
      this.completeProperty(offset + length);
      this.close(offset + length);
    },
    onArrayBegin: (offset) => this.open({ type: 'array', offset: this.base + offset, length: -1, children: [] }),
    onArrayEnd: (offset, length) => this.close(offset + length),
    onLiteralValue: (value: unknown, offset, length) => {
      this.current.children!.push({ type: literalType(value), offset: this.base + offset, length, value });
      this.completeProperty(offset + length);
    },
    onSeparator: (separator, offset) => {
      if (this.current.type !== 'property') return;
      if (separator === ':') this.current.colonOffset = this.base + offset;
      else if (separator === ',') this.completeProperty(offset);
    },
    onError: (_error, offset) => {
      this.errorOffsets.push(offset);
    },
  };

  /** Parses `slice` (which starts at `base` in the document): the first value, or undefined. */
  parse(slice: string, base: number): TreeNode | undefined {
    this.base = base;
    this.stack.length = 0;
    this.errorOffsets.length = 0;
    this.current = { type: 'array', offset: -1, length: -1, children: [] };
    visit(slice, this.visitor, PARSE_OPTIONS);
    const root = this.stack.length > 0 ? this.stack[0]! : this.current;
    const value = root.children![0];
    // Drop references so a parse's nodes do not outlive it through the reused builder.
    this.stack.length = 0;
    this.current = root;
    root.children = [];
    return value;
  }

  private open(node: TreeNode): void {
    this.current.children!.push(node);
    this.stack.push(this.current);
    this.current = node;
  }

  /** Closes the innermost container at `end` (relative), and its property if it was a value. */
  private close(end: number): void {
    this.current.length = this.base + end - this.current.offset;
    this.current = this.stack.pop()!;
    this.completeProperty(end);
  }

  private completeProperty(end: number): void {
    if (this.current.type !== 'property') return;
    this.current.length = this.base + end - this.current.offset;
    this.current = this.stack.pop()!;
  }
}

/** jsonc-parser's getNodeType. */
function literalType(value: unknown): Node['type'] {
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

/**
 * Parses the value that starts at `start`, reading at most up to `end`. jsonc-parser stops after the
 * first value and keeps what it could read of a truncated one, which is what a cut-off log line needs.
 */
export function parseValueAt(text: string, start: number, end: number): ParsedObject | undefined {
  const slice = text.slice(start, Math.min(end, start + MAX_OBJECT));
  const node = builder.parse(slice, start);
  if (!node || (node.type !== 'object' && node.type !== 'array')) return undefined;
  // An error before the value ends means it was cut short; one after it is just trailing text.
  const truncated = builder.errorOffsets.some((offset) => offset < node.offset - start + node.length || offset >= slice.length - 1);
  return { node, start, end: node.offset + node.length, truncated };
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
export function nodeAt(node: Node | undefined, path: string): Node | undefined {
  return nodeAtKeys(node, keysOfPath(path));
}

/** nodeAt with the path already split into its keys. */
export function nodeAtKeys(node: Node | undefined, keys: readonly string[]): Node | undefined {
  let current = node;
  for (let i = 0; i < keys.length && current; i++) current = childAt(current, keys[i] as string);
  return current;
}

/** The value of an object's first property named `key`. */
export function childAt(node: Node, key: string): Node | undefined {
  if (node.type !== 'object' || !node.children) return undefined;
  for (const property of node.children) {
    const keyNode = property.children?.[0];
    if (keyNode && keyNode.value === key) return property.children?.[1];
  }
  return undefined;
}

export function stringAt(node: Node | undefined, path: string): string | undefined {
  const n = nodeAt(node, path);
  return n?.type === 'string' ? (n.value as string) : undefined;
}

export function numberAt(node: Node | undefined, path: string): number | undefined {
  const n = nodeAt(node, path);
  if (n?.type === 'number') return n.value as number;
  if (n?.type === 'string' && /^\d{3}$/.test(n.value as string)) return Number(n.value);
  return undefined;
}

/** A node's plain value, bounded so a huge nested value never gets copied into a hover. */
export function plainValue(node: Node | undefined, depth = 0): unknown {
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
      for (const p of (node.children ?? []).slice(0, 50)) {
        const key = p.children?.[0]?.value;
        if (typeof key === 'string') out[key] = plainValue(p.children?.[1], depth + 1);
      }
      return out;
    }
    default:
      return undefined;
  }
}
