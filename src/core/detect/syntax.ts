import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import { hostOf } from './context';
import type { Segment } from './readers/reader';
import type { Decoded } from './strings';
import { KeptSegment, keptShift } from './kept';
import type { DetectOptions, RequestContext, SourceLanguage, TreeChange } from './types';

/** Grammars whose trees are read alike: TypeScript, TSX and JavaScript share node names. */
export type SourceDialect = 'script' | 'python' | 'go';

const BY_LANGUAGE_ID: Record<string, SourceLanguage> = { typescript: 'typescript', typescriptreact: 'tsx', javascript: 'javascript', javascriptreact: 'tsx', python: 'python', go: 'go' };
const BY_EXTENSION: Record<string, SourceLanguage> = { ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'tsx', js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'tsx', py: 'python', go: 'go' };

/** The grammar for a source document, from its language id, else its file name, else `fallback`. */
export function sourceLanguageOf(options: DetectOptions, fallback: SourceLanguage): SourceLanguage {
  const byId = options.languageId ? BY_LANGUAGE_ID[options.languageId] : undefined;
  if (byId) return byId;
  const byName = BY_EXTENSION[(/\.([A-Za-z0-9]+)$/.exec(options.fileName ?? '')?.[1] ?? '').toLowerCase()];
  return byName ?? fallback;
}

export function dialectOf(language: SourceLanguage): SourceDialect {
  return language === 'python' || language === 'go' ? language : 'script';
}

/**
 * Keys that make an object or dict literal an error body (`{ error: {…} }`, `{'error': …}`,
 * `{ "title": … }`), found in the text first: the tree then says which hits are keys of a literal.
 * (A query over every pair of the file marshalled each pair out of the wasm heap: most of the time.)
 */
const ERROR_KEYS = { script: /(?<![\w$])(["'`]?)(?:error|errors|title)\1\s*:/g, python: /(["'])(?:error|errors|title)\1\s*:/g };

const NO_VALUE = new Set(['null', 'undefined', 'none']);

/**
 * The object or dict literal whose pair has the key starting at `at`, if the tree has one there, and
 * the characters that answer depends on (besides the ancestors of `at`): from the key to the pair's end.
 */
function literalWithKeyAt(tree: Tree, at: number, python: boolean): { literal?: Node; to: number } {
  let node: Node | null = tree.rootNode.descendantForIndex(at);
  // Up from the token at `at` to the key itself (a string key's first token is its quote). Each
  // `parent` is a walk down from the root in tree-sitter: asked once a level.
  let pair = node?.parent ?? null;
  while (node && pair && pair.type !== 'pair' && pair.startIndex === at) {
    node = pair;
    pair = node.parent;
  }
  if (!node || !pair || pair.type !== 'pair' || pair.childForFieldName('key')?.startIndex !== at) return { to: Math.max(at + 1, node?.endIndex ?? 0) };
  // `{ data: {…}, error: null }` is a success (Kayle's envelope): nothing to read.
  const value = pair.childForFieldName('value');
  const literal = pair.parent;
  if (!value || NO_VALUE.has(value.type) || !literal || literal.type !== (python ? 'dictionary' : 'object')) return { to: pair.endIndex };
  return { literal, to: pair.endIndex };
}

/** Literals deeper than this are not read further (`{…}` becomes null): a mock body is shallow. */
const MAX_LITERAL_DEPTH = 16;
/** Bodies converted per document, at most: a generated file full of fixtures does not stall detection. */
const MAX_LITERALS = 2000;
/** Error keys looked up in the tree per document, at most (`error: null` in every record of a generated file). */
const MAX_KEY_HITS = 20_000;

/**
 * What literalSegments read of one text, kept for the next: each body with the characters it was
 * read from (the literal and the calls around it whose arguments gave its context), and each key
 * that led to no body.
 */
export interface LiteralReading {
  text: string;
  bodies: { start: number; end: number; from: number; to: number; segment: Segment }[];
  misses: { at: number; to: number }[];
}

/**
 * Error bodies written as object or dict literals (test mocks, fixtures), each as JSON text with an
 * offset map to the source, and the status, URL and headers of the call around it: msw
 * `HttpResponse.json(body, { status, headers })`, nock `.reply(403, body)`, express
 * `res.status(410).json(body)`, `new Response(JSON.stringify(body), { status })`,
 * `mockResolvedValue({ status, json: async () => body })`, httpx `Response(429, json=body)`, respx
 * `.mock(return_value=…)`, responses `add(method, url, json=body, status=402)`.
 * With the previous text's reading and the change from it, what the change cannot have touched is
 * kept rather than read again (most of a big test file after a keystroke).
 */
export function literalSegments(tree: Tree, text: string, python: boolean, previous?: { reading: LiteralReading; change: TreeChange }): { segments: Segment[]; reading: LiteralReading } {
  const reading: LiteralReading = { text, bodies: [], misses: [] };
  // The previous bodies and misses the change leaves alone, moved to this text.
  const keptBodies: LiteralReading['bodies'] = [];
  const keptMisses = new Map<number, number>();
  if (previous && previous.change.previousText === previous.reading.text) {
    const { change } = previous;
    for (const body of previous.reading.bodies) {
      const by = keptShift(change, body.from, body.to);
      if (by === undefined) continue;
      const segment = by === 0 ? body.segment : new KeptSegment(body.segment, by);
      keptBodies.push({ start: body.start + by, end: body.end + by, from: body.from + by, to: body.to + by, segment });
    }
    for (const miss of previous.reading.misses) {
      const by = keptShift(change, miss.at, miss.to);
      if (by !== undefined) keptMisses.set(miss.at + by, miss.to + by);
    }
  }
  const literals = new Map<number, Node>();
  const keys = python ? ERROR_KEYS.python : ERROR_KEYS.script;
  keys.lastIndex = 0;
  let kept = 0;
  let examined = 0;
  for (let match = keys.exec(text); match && examined++ < MAX_KEY_HITS; match = keys.exec(text)) {
    const at = match.index;
    // A key inside a kept body: the body holds it (kept bodies are outermost, in order).
    while (kept < keptBodies.length && (keptBodies[kept] as LiteralReading['bodies'][number]).end <= at) kept++;
    const around = keptBodies[kept];
    if (around && around.start <= at) continue;
    const keptMiss = keptMisses.get(at);
    if (keptMiss !== undefined) {
      reading.misses.push({ at, to: keptMiss });
      continue;
    }
    const { literal, to } = literalWithKeyAt(tree, at, python);
    if (!literal) reading.misses.push({ at, to });
    else if (!literals.has(literal.startIndex)) literals.set(literal.startIndex, literal);
  }
  const fresh = [...literals.values()].map((node) => ({ start: node.startIndex, end: node.endIndex, node }));
  const all: { start: number; end: number; node?: Node; body?: LiteralReading['bodies'][number] }[] = [...fresh, ...keptBodies.map((body) => ({ start: body.start, end: body.end, body }))];
  all.sort((a, b) => a.start - b.start);
  const segments: Segment[] = [];
  let coveredUntil = -1;
  for (const { start, end, node, body } of all) {
    // The outermost literal with an error key holds the others: it is read once, whole.
    if (start < coveredUntil) continue;
    coveredUntil = end;
    if (body) {
      reading.bodies.push(body);
      segments.push(body.segment);
    } else if (node) {
      const json = new JsonWriter(text);
      json.value(node, python, 0);
      const decoded = json.done(node.endIndex);
      const { context, from, to } = callContext(node, text);
      const segment: Segment = { text: decoded.text, start: 0, end: decoded.text.length, lines: false, offsets: decoded.offsets, context, depth: 1, keepable: true };
      reading.bodies.push({ start, end, from, to, segment });
      segments.push(segment);
    }
    if (segments.length >= MAX_LITERALS) break;
  }
  return { segments, reading };
}

/** The status, URL and headers the calls and objects around a literal (or a string) give it. */
export function contextAt(tree: Tree, text: string, offset: number): RequestContext | undefined {
  const node = tree.rootNode.namedDescendantForIndex(offset);
  return node ? callContext(node, text).context : undefined;
}

/** Writes a literal as JSON text, each character mapped to the source character it stands for. */
class JsonWriter {
  private out = '';
  private readonly offsets: number[] = [];

  constructor(private readonly source: string) {}

  private put(s: string, from: number): void {
    this.out += s;
    for (let k = 0; k < s.length; k++) this.offsets.push(from);
  }

  done(end: number): Decoded {
    this.offsets.push(end);
    return { text: this.out, offsets: Int32Array.from(this.offsets) };
  }

  value(node: Node, python: boolean, depth: number): void {
    if (depth > MAX_LITERAL_DEPTH) return this.put('null', node.startIndex);
    switch (node.type) {
      case 'object':
      case 'dictionary':
        return this.object(node, python, depth);
      case 'array':
      case 'list':
      case 'tuple':
        return this.array(node, python, depth);
      case 'string':
      case 'template_string':
        return this.string(node, python);
      case 'number':
      case 'integer':
      case 'float':
        return this.copy(node);
      case 'true':
      case 'false':
        return this.put(node.type, node.startIndex);
      case 'null':
      case 'none':
      case 'undefined':
        return this.put('null', node.startIndex);
      case 'unary_expression': {
        const operand = node.namedChild(0);
        if (operand?.type === 'number' && this.source[node.startIndex] === '-') return this.copy(node);
        return this.put('null', node.startIndex);
      }
      case 'parenthesized_expression':
      case 'as_expression':
      case 'satisfies_expression':
      case 'non_null_expression': {
        const inner = node.namedChild(0);
        return inner ? this.value(inner, python, depth + 1) : this.put('null', node.startIndex);
      }
      default:
        // A variable, a call, an f-string: no value to read, but the key stays.
        return this.put('null', node.startIndex);
    }
  }

  private copy(node: Node): void {
    const raw = this.source.slice(node.startIndex, node.endIndex).replace(/_/g, '');
    if (/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(raw)) {
      for (let i = 0; i < raw.length; i++) this.put(raw[i] as string, node.startIndex + i);
    } else this.put('0', node.startIndex);
  }

  /**
   * Separators and closers are mapped to the end of the token before them: a value's range then
   * ends on its own last character (a code's closing quote), not on the next key.
   */
  private object(node: Node, python: boolean, depth: number): void {
    this.put('{', node.startIndex);
    let lastEnd = node.startIndex + 1;
    for (const pair of node.namedChildren) {
      if (pair?.type !== 'pair') continue;
      const key = pair.childForFieldName('key');
      const value = pair.childForFieldName('value');
      if (!key || !value) continue;
      if (lastEnd > node.startIndex + 1) this.put(',', lastEnd);
      if (key.type === 'string') this.string(key, python);
      else {
        this.put('"', key.startIndex);
        for (let i = key.startIndex; i < key.endIndex; i++) this.put(jsonChar(this.source[i] as string), i);
        this.put('"', key.endIndex - 1);
      }
      this.put(':', key.endIndex);
      this.value(value, python, depth + 1);
      lastEnd = value.endIndex;
    }
    this.put('}', lastEnd);
  }

  private array(node: Node, python: boolean, depth: number): void {
    this.put('[', node.startIndex);
    let lastEnd = node.startIndex + 1;
    for (const item of node.namedChildren) {
      if (!item || item.type === 'comment') continue;
      if (lastEnd > node.startIndex + 1) this.put(',', lastEnd);
      this.value(item, python, depth + 1);
      lastEnd = item.endIndex;
    }
    this.put(']', lastEnd);
  }

  /** A string literal's content as a JSON string: quotes and escapes rewritten, positions kept. */
  private string(node: Node, python: boolean): void {
    const raw = this.source.slice(node.startIndex, node.endIndex);
    const quote = /^[A-Za-z]*("""|'''|"|'|`)/.exec(raw);
    const interpolated = node.type === 'template_string' ? node.namedChildren.some((c) => c?.type === 'template_substitution') : python && /^[A-Za-z]*[fF]/.test(raw);
    if (!quote || interpolated) return this.put('null', node.startIndex);
    const from = node.startIndex + (quote.index ?? 0) + quote[0].length;
    const to = Math.max(from, node.endIndex - (quote[1] as string).length);
    const rawString = /^[A-Za-z]*[rR]/.test(raw) && python;
    this.put('"', from - 1);
    for (let i = from; i < to; i++) {
      const c = this.source[i] as string;
      if (c === '\\' && !rawString && i + 1 < to) {
        const next = this.source[i + 1] as string;
        if ('"\\/bfnrt'.includes(next)) this.put(`\\${next}`, i);
        else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(this.source.slice(i + 2, i + 6))) {
          this.put(this.source.slice(i, i + 6), i);
          i += 4;
        } else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(this.source.slice(i + 2, i + 4))) {
          this.put(`\\u00${this.source.slice(i + 2, i + 4)}`, i);
          i += 2;
        } else if (next === '\n') {
          // A line continuation: nothing in the value.
        } else this.put(jsonChar(next), i);
        i++;
        continue;
      }
      this.put(jsonChar(c), i);
    }
    this.put('"', to);
  }
}

/** A character as it must be written inside a JSON string. */
function jsonChar(c: string): string {
  if (c === '"') return '\\"';
  if (c === '\\') return '\\\\';
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return c < ' ' ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c;
}

/** Calls whose positional number is a response status (`.reply(403, …)`, `Response(429, …)`, `.status(410)`). */
const STATUS_CALLEES = /^(?:reply|replyWithError|status|sendStatus|Response|HttpResponse|HTTPError|HTTPStatusError|respond|json|text|mock\w*|add|upsert|replace)$/;
const STATUS_KEYS = /^(?:status|statusCode|status_code)$/;
const HEADER_KEYS = /^(?:headers|header)$/;
/** How far up a literal the surrounding calls are read: a mock is a few calls deep. */
const MAX_ANCESTORS = 12;

interface Facts {
  status?: number;
  url?: string;
  /** `nock(host).post('/v1/certify')`: a path the URL is completed with. */
  path?: string;
  method?: string;
  headers?: Record<string, string>;
}

/**
 * The context of a literal, and the characters it was read from: the literal and the outermost call
 * or object around it whose arguments or keys were read (the other ancestors only by their type).
 */
function callContext(start: Node, text: string): { context: RequestContext | undefined; from: number; to: number } {
  const facts: Facts = {};
  let node: Node | null = start;
  let child: Node = start;
  let from = start.startIndex;
  let to = start.endIndex;
  for (let level = 0; node && level < MAX_ANCESTORS; level++) {
    const call = node.type === 'call_expression' || node.type === 'new_expression' || node.type === 'call';
    if (call) readCall(node, text, facts, child);
    else if ((node.type === 'object' || node.type === 'dictionary') && node !== start) readObject(node, text, facts);
    if (call || node.type === 'object' || node.type === 'dictionary') {
      from = Math.min(from, node.startIndex);
      to = Math.max(to, node.endIndex);
    }
    if (isStatement(node.type) && facts.url) break;
    child = node;
    node = node.parent;
  }
  return { context: contextOf(facts), from, to };
}

function contextOf(facts: Facts): RequestContext | undefined {
  if (facts.status === undefined && !facts.url && !facts.headers) return undefined;
  const url = facts.url && facts.path && /^https?:\/\/[^/]+\/?$/i.test(facts.url) ? facts.url.replace(/\/$/, '') + facts.path : facts.url;
  return {
    method: facts.method,
    url,
    host: hostOf(facts.url),
    requestHeaders: {},
    status: facts.status,
    statusSource: facts.status !== undefined ? 'sibling' : undefined,
    responseHeaders: facts.headers ?? {},
  };
}

function isStatement(type: string): boolean {
  return type === 'expression_statement' || type === 'lexical_declaration' || type === 'variable_declaration' || type === 'return_statement' || type === 'assignment';
}

/** A call around the literal, then the calls it is chained on (`nock(host).post(path).reply(…)`). */
function readCall(call: Node, text: string, facts: Facts, from: Node): void {
  let current: Node | null = call;
  for (let chain = 0; current && chain < 8; chain++) {
    const callee = current.childForFieldName(current.type === 'new_expression' ? 'constructor' : 'function');
    const name = calleeName(callee);
    const args = (current.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => a !== null && a.type !== 'comment');
    for (const arg of args) {
      if (arg === from) continue;
      readArgument(arg, name, text, facts);
    }
    readHeaderCall(name, args, text, facts);
    // nock's and axios-mock-adapter's `.reply(status, body, headers)`.
    const headers = name === 'reply' ? args[2] : undefined;
    if (headers && headers !== from && (headers.type === 'object' || headers.type === 'dictionary')) readKeyed('headers', headers, text, facts);
    // `http.post(url)`, `nock(host).post(path)`, axios-mock-adapter's `mock.onPost(url)`.
    const method = name ? /^(?:on)?(get|post|put|patch|delete|head|options)$/i.exec(name) : null;
    if (method && !facts.method) facts.method = (method[1] as string).toUpperCase();
    const path = method && args[0] && isStringType(args[0].type) ? stringValue(args[0], text) : undefined;
    if (path?.startsWith('/') && !facts.path) facts.path = path;
    // Down the chain: `a.b(x).c(y)`: the callee's object is the next call.
    const object = callee?.childForFieldName('object');
    current = object && (object.type === 'call_expression' || object.type === 'call') ? object : null;
  }
}

/** Calls that set one response header: express `res.set(name, value)`, msw 1's `ctx.set(name, value)`. */
const HEADER_CALLEES = /^(?:set|header|setHeader|append)$/;

function readHeaderCall(name: string | undefined, args: Node[], text: string, facts: Facts): void {
  if (!name || !HEADER_CALLEES.test(name) || args.length !== 2) return;
  const [key, value] = args as [Node, Node];
  const headerName = isStringType(key.type) ? stringValue(key, text) : undefined;
  const headerValue = isStringType(value.type) ? stringValue(value, text) : value.type === 'number' || value.type === 'integer' ? text.slice(value.startIndex, value.endIndex) : undefined;
  // The header set nearest the literal was read first: it wins, as in readKeyed.
  if (headerName && headerValue !== undefined && /^[A-Za-z][\w-]*$/.test(headerName)) facts.headers = { [headerName]: headerValue, ...facts.headers };
}

function isStringType(type: string): boolean {
  return type === 'string' || type === 'template_string';
}

function readArgument(arg: Node, callee: string | undefined, text: string, facts: Facts): void {
  switch (arg.type) {
    case 'call_expression':
    case 'call': {
      // msw 1: `res(ctx.status(429), ctx.set('Retry-After', '2'), ctx.json(body))`.
      const name = calleeName(arg.childForFieldName('function'));
      const args = (arg.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => a !== null && a.type !== 'comment');
      if (name === 'status' && args.length === 1) readArgument(args[0] as Node, name, text, facts);
      else readHeaderCall(name, args, text, facts);
      return;
    }
    case 'number':
    case 'integer': {
      const n = Number(text.slice(arg.startIndex, arg.endIndex));
      if (facts.status === undefined && callee && STATUS_CALLEES.test(callee) && n >= 100 && n <= 599) facts.status = n;
      return;
    }
    case 'attribute':
    case 'member_expression': {
      // responses' `add(responses.POST, url, …)`.
      const name = calleeName(arg);
      if (name && /^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(name) && !facts.method) facts.method = name;
      return;
    }
    case 'string':
    case 'template_string': {
      const value = stringValue(arg, text);
      if (!facts.url && value && /^https?:\/\//i.test(value)) facts.url = value;
      return;
    }
    case 'object':
    case 'dictionary':
      return readObject(arg, text, facts);
    case 'keyword_argument': {
      const name = arg.childForFieldName('name');
      const value = arg.childForFieldName('value');
      if (!name || !value) return;
      const key = text.slice(name.startIndex, name.endIndex);
      readKeyed(key, value, text, facts);
      if (key === 'url' && value.type === 'string') {
        const url = stringValue(value, text);
        if (!facts.url && url && /^https?:\/\//i.test(url)) facts.url = url;
      }
      // `request=httpx.Request("POST", url)`: the request the mocked response answers.
      if (value.type === 'call') readCall(value, text, facts, arg);
      return;
    }
    default:
  }
}

function readObject(object: Node, text: string, facts: Facts): void {
  for (const pair of object.namedChildren) {
    if (pair?.type !== 'pair') continue;
    const key = pair.childForFieldName('key');
    const value = pair.childForFieldName('value');
    if (!key || !value) continue;
    const name = key.type === 'string' ? stringValue(key, text) : text.slice(key.startIndex, key.endIndex);
    if (name) readKeyed(name, value, text, facts);
  }
}

function readKeyed(key: string, value: Node, text: string, facts: Facts): void {
  if (STATUS_KEYS.test(key) && (value.type === 'number' || value.type === 'integer') && facts.status === undefined) {
    const n = Number(text.slice(value.startIndex, value.endIndex));
    if (n >= 100 && n <= 599) facts.status = n;
  } else if (HEADER_KEYS.test(key) && (value.type === 'object' || value.type === 'dictionary')) {
    const headers: Record<string, string> = {};
    for (const pair of value.namedChildren) {
      if (pair?.type !== 'pair') continue;
      const k = pair.childForFieldName('key');
      const v = pair.childForFieldName('value');
      if (!k || !v) continue;
      const name = k.type === 'string' ? stringValue(k, text) : text.slice(k.startIndex, k.endIndex);
      const headerValue = v.type === 'string' ? stringValue(v, text) : v.type === 'number' || v.type === 'integer' ? text.slice(v.startIndex, v.endIndex) : undefined;
      if (name && headerValue !== undefined) headers[name] = headerValue;
    }
    // The headers nearest the literal were read first: they win.
    facts.headers = { ...headers, ...facts.headers };
  } else if (key === 'url' && value.type === 'string' && !facts.url) {
    const url = stringValue(value, text);
    if (url && /^https?:\/\//i.test(url)) facts.url = url;
  }
}

/** The last name of a callee: `reply` of `scope.reply`, `Response` of `httpx.Response`. */
function calleeName(callee: Node | null): string | undefined {
  if (!callee) return undefined;
  if (callee.type === 'identifier') return callee.text;
  const property = callee.childForFieldName(callee.type === 'attribute' ? 'attribute' : 'property');
  return property?.text;
}

/** A plain string literal's value (no interpolation), escapes left as written. */
function stringValue(node: Node, text: string): string | undefined {
  const raw = text.slice(node.startIndex, node.endIndex);
  const m = /^[A-Za-z]*("""|'''|"|'|`)([^]*)\1$/.exec(raw);
  return m ? (m[2] as string) : undefined;
}
