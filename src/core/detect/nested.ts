import { hostOf, lineEnd, lineStart, logLineContext } from './context';
import { type JsonNode, type ParsedObject, childAt, enclosingOpen, parseValueAt } from './jsonScan';
import type { Segment } from './readers/reader';
import { type Decoded, MAX_DECODED, decodeJsonString, decodedToken, openingQuoteBefore } from './strings';
import type { RequestContext } from './types';

/** How many strings deep a body is looked for (`"{\"body\":\"{\\\"error\\\"…"` is two). */
export const MAX_STRING_DEPTH = 3;

/**
 * An error key inside a JSON string: `\"error\":` (or `\\\"error\\\":` one level deeper), the escaped
 * form of ANCHOR. `"error": null` is passed over as ANCHOR passes it.
 */
const ESCAPED_ANCHOR = /\\"(?:errors?|title)\\+"\s*:(?! ?null)/g;

/**
 * The strings of a segment that hold an error body (JSON written as a string value, as structured
 * loggers write a response body), each decoded into a segment of its own, with an offset map to the
 * document and the context the record around the string gives: its sibling fields' status, URL, host,
 * method and headers, then the log line's text before the record.
 */
export function* stringSegments(segment: Segment, escapes: EscapedAnchors): Generator<Segment, void, undefined> {
  const depth = segment.depth ?? 0;
  if (depth >= MAX_STRING_DEPTH) return;
  const { text, start, end } = segment;
  for (let at = escapes.next(text, start); at >= 0 && at < end; at = escapes.next(text, at + 1)) {
    const limit = Math.max(segment.lines ? lineStart(text, at) : start, at - MAX_DECODED);
    const quote = openingQuoteBefore(text, at, limit);
    if (quote < 0) continue;
    // The record holding the string is parsed for its context anyway: the string's value comes
    // from that parse when it read the whole token, instead of scanning the string a second time.
    const record = recordAround(text, quote, quote, segment);
    const decoded = (record && decodedIn(record, text, quote, segment)) ?? decodeJsonString(text, quote, segment.offsets);
    if (!decoded) continue;
    // Later keys of the same string are read with it.
    const stringEnd = Math.max(at + 1, stringEndAfter(text, at, end));
    const body = decoded.text.indexOf('{');
    if (body >= 0) {
      // Made as they are read (a generator): each decoded text and its offset map die young, instead of
      // every string of a big log waiting, decoded, for the first to be scanned.
      yield {
        text: decoded.text,
        start: body,
        end: decoded.text.length,
        lines: false,
        offsets: decoded.offsets,
        context: merged(recordContext(text, quote, segment, record), segment.context),
        evidenceText: segment.lines ? text.slice(lineStart(text, quote), Math.min(lineEnd(text, quote), quote + 4096)) : segment.evidenceText,
        depth: depth + 1,
      };
    }
    at = stringEnd - 1;
  }
}

/**
 * The next escaped error key (ESCAPED_ANCHOR) at or after an offset, with the last search
 * remembered: a .http file is thousands of segments of one text, and a search from each that found
 * nothing inside it would run on to the end of the text every time.
 */
export class EscapedAnchors {
  private text: string | undefined;
  private from = 0;
  private found = -1;

  next(text: string, at: number): number {
    // Nothing matches in [from, found) (after `from`, when found is -1): the answer for `at` is the same.
    if (text === this.text && at >= this.from && (this.found < 0 || at <= this.found)) return this.found;
    this.text = text;
    this.from = at;
    ESCAPED_ANCHOR.lastIndex = at;
    this.found = ESCAPED_ANCHOR.exec(text)?.index ?? -1;
    return this.found;
  }
}

/** The offset after the closing quote of the string holding `at`: the next unescaped quote. */
function stringEndAfter(text: string, at: number, end: number): number {
  for (let i = text.indexOf('"', at); i >= 0 && i < end; i = text.indexOf('"', i + 1)) {
    let n = 0;
    for (let k = i - 1; text.charCodeAt(k) === 0x5c; k--) n++;
    if (n % 2 === 0) return i + 1;
  }
  return end;
}

/** Sibling fields read for a body's status, most specific first. */
// Besides the obvious names: Elastic Common Schema and OpenTelemetry's (`http.response.status_code`,
// `url.full`, `http.request.method`), pino's `res`/`req`, axios errors' `config`.
const STATUS_PATHS = split([
  'status', 'status_code', 'statusCode', 'http_status', 'http.status_code', 'http.status', 'http.response.status_code',
  'response.status', 'response.status_code', 'response.statusCode', 'res.statusCode', 'res.status',
]);
const URL_PATHS = split(['url', 'uri', 'request_url', 'http.url', 'url.full', 'url.original', 'request.url', 'req.url', 'config.url', 'response.url']);
const HOST_PATHS = split(['host', 'http.host', 'request.host', 'url.domain', 'server.address']);
const METHOD_PATHS = split(['method', 'http.method', 'http.request.method', 'request.method', 'req.method', 'config.method']);
const HEADER_PATHS = split(['headers', 'response_headers', 'response.headers', 'http.response_headers']);

/** Paths split into their keys once: every record around an escaped body is read for all of them. */
function split(paths: string[]): FieldPath[] {
  return paths.map((path) => {
    const keys = path.split('.');
    // names[from][k]: the keys from `from` to `from + k` written as one (`url.full`), made once.
    return { keys, names: keys.map((_, from) => keys.slice(from).map((__, k) => keys.slice(from, from + k + 1).join('.'))) };
  });
}

/**
 * What the record around a string tells of its exchange: the object holding the string, or failing
 * that its parent (`{"http": {...}, "response": {"body": "…"}}`), read for STATUS_PATHS and the rest.
 */
function recordContext(text: string, quote: number, segment: Segment, first: Enclosing | undefined): RequestContext | undefined {
  let context: RequestContext | undefined;
  let at = quote;
  for (let level = 0; level < 2; level++) {
    const around = level === 0 ? first : recordAround(text, at, quote, segment);
    if (!around) break;
    if (around.parsed) context = merged(context, contextOfRecord(around.parsed.node));
    if (context?.status !== undefined && context.url !== undefined) break;
    at = around.open;
  }
  if (segment.lines) {
    const from = lineStart(text, quote);
    const recordOpen = text.indexOf('{', from);
    const prefix = recordOpen > from ? text.slice(from, recordOpen) : '';
    if (/\S/.test(prefix)) context = merged(context, logLineContext(prefix));
  }
  return context;
}

/** An object around a string, and its parse (read up to `end`: the slice parsed ends there). */
interface Enclosing {
  open: number;
  end: number;
  parsed: ParsedObject | undefined;
}

/** The object enclosing `at` (within the line of `quote` in line mode, within 64 KB), parsed. */
function recordAround(text: string, at: number, quote: number, segment: Segment): Enclosing | undefined {
  const limit = segment.lines ? lineStart(text, quote) : segment.start;
  const open = enclosingOpen(text, at, Math.max(limit, at - 64 * 1024));
  if (open < 0 || text.charCodeAt(open) !== 0x7b) return undefined;
  const end = Math.min(text.length, segment.end, open + MAX_DECODED);
  return { open, end, parsed: parseValueAt(text, open, end) };
}

/**
 * The string at `quote` decoded from the record's parse: its value as the parser's scanner read it,
 * which is decodeJsonString's own reading when the token ended inside the parsed slice (a token cut
 * by the slice's end could read on in the document). Undefined when the parse has no such string.
 */
function decodedIn(record: Enclosing, text: string, quote: number, segment: Segment): Decoded | undefined {
  let node = record.parsed?.node;
  while (node && node.offset !== quote) {
    const children = node.children;
    node = undefined;
    if (!children) break;
    for (const child of children) {
      if (child && child.offset <= quote && quote < child.offset + child.length) {
        node = child;
        break;
      }
    }
  }
  if (node?.type !== 'string' || node.offset + node.length >= record.end) return undefined;
  return decodedToken(text, quote, node.value as string, node.offset + node.length, segment.offsets);
}

/**
 * The field at a path, nested (`{"url": {"full": …}}`), flat (`{"url.full": …}`, as ECS loggers
 * write) or a mix of both.
 */
function fieldAt(node: JsonNode | undefined, path: FieldPath, from = 0): JsonNode | undefined {
  if (!node || from === path.keys.length) return node;
  if (node.type !== 'object') return undefined;
  const names = path.names[from] as string[];
  for (let k = 0; k < names.length; k++) {
    const child = childAt(node, names[k] as string);
    const found = child && fieldAt(child, path, from + k + 1);
    if (found) return found;
  }
  return undefined;
}

/** A field's path: its keys, and each run of them joined as a flat key would be. */
interface FieldPath {
  keys: readonly string[];
  names: readonly (readonly string[])[];
}

function firstString(node: JsonNode, paths: readonly FieldPath[]): string | undefined {
  for (const path of paths) {
    const value = fieldAt(node, path);
    if (value?.type === 'string' && value.value) return value.value as string;
  }
  return undefined;
}

function firstStatus(node: JsonNode, paths: readonly FieldPath[]): number | undefined {
  for (const path of paths) {
    const value = fieldAt(node, path);
    const n = value?.type === 'number' ? (value.value as number) : value?.type === 'string' && /^\d{3}$/.test(value.value as string) ? Number(value.value) : undefined;
    if (n !== undefined && n >= 100 && n <= 599) return n;
  }
  return undefined;
}

function headersOf(node: JsonNode): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const path of HEADER_PATHS) {
    const object = fieldAt(node, path);
    if (object?.type !== 'object') continue;
    const keys = object.keys ?? [];
    const values = object.children ?? [];
    for (let i = 0; i < keys.length; i++) {
      const value = values[i]?.value;
      if (typeof value === 'string' || typeof value === 'number') headers[keys[i] as string] = String(value);
    }
  }
  return headers;
}

/** A record's request context; undefined when it names none of the fields. */
export function contextOfRecord(node: JsonNode): RequestContext | undefined {
  const status = firstStatus(node, STATUS_PATHS);
  const url = firstString(node, URL_PATHS);
  const hostField = firstString(node, HOST_PATHS);
  const method = firstString(node, METHOD_PATHS);
  const responseHeaders = headersOf(node);
  const host = hostOf(url) ?? hostOf(hostField);
  if (status === undefined && !url && !host && !method && Object.keys(responseHeaders).length === 0) return undefined;
  return { method: method?.toUpperCase(), url, host, requestHeaders: {}, status, statusSource: status !== undefined ? 'sibling' : undefined, responseHeaders };
}

/** `first`'s facts, with `second`'s where `first` has none. */
export function merged(first: RequestContext | undefined, second: RequestContext | undefined): RequestContext | undefined {
  if (!first) return second;
  if (!second) return first;
  return {
    method: first.method ?? second.method,
    url: first.url ?? second.url,
    host: first.host ?? second.host,
    requestHeaders: { ...second.requestHeaders, ...first.requestHeaders },
    status: first.status ?? second.status,
    statusSource: first.status !== undefined ? first.statusSource : second.statusSource,
    statusLine: first.status !== undefined ? first.statusLine : second.statusLine,
    responseHeaders: { ...second.responseHeaders, ...first.responseHeaders },
  };
}
