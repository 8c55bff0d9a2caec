import { type Node, type ParseError, parseTree } from 'jsonc-parser';

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

/**
 * Parses the value that starts at `start`, reading at most up to `end`. jsonc-parser stops after the
 * first value and keeps what it could read of a truncated one, which is what a cut-off log line needs.
 */
export function parseValueAt(text: string, start: number, end: number): ParsedObject | undefined {
  const errors: ParseError[] = [];
  const slice = text.slice(start, Math.min(end, start + MAX_OBJECT));
  const node = parseTree(slice, errors, { allowTrailingComma: true, disallowComments: false });
  if (!node || (node.type !== 'object' && node.type !== 'array')) return undefined;
  shift(node, start);
  // An error before the value ends means it was cut short; one after it is just trailing text.
  const truncated = errors.some((e) => e.offset < node.offset - start + node.length || e.offset >= slice.length - 1);
  return { node, start, end: node.offset + node.length, truncated };
}

/** Makes node offsets absolute (they are relative to the parsed slice). */
function shift(node: Node, by: number): void {
  if (by === 0) return;
  // jsonc-parser types nodes as read-only; these are our own fresh nodes, so moving them is safe.
  type Mutable = { -readonly [K in keyof Node]: Node[K] };
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Mutable;
    n.offset += by;
    if (n.colonOffset !== undefined) n.colonOffset += by;
    if (n.children) for (const c of n.children) stack.push(c);
  }
}

const splitPaths = new Map<string, readonly string[]>();

function keysOfPath(path: string): readonly string[] {
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
  let current = node;
  for (const key of keysOfPath(path)) {
    if (!current || current.type !== 'object' || !current.children) return undefined;
    let next: Node | undefined;
    for (const property of current.children) {
      const keyNode = property.children?.[0];
      if (keyNode && keyNode.value === key) {
        next = property.children?.[1];
        break;
      }
    }
    current = next;
  }
  return current;
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

/** The keys of an object node. */
export function keysOf(node: Node | undefined): string[] {
  if (!node || node.type !== 'object' || !node.children) return [];
  return node.children.map((p) => p.children?.[0]?.value as string).filter((k) => typeof k === 'string');
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
