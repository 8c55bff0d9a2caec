import type { OffsetRange, RequestContext } from './types';
import { STATUS_LINE, hostOf, isSpace } from './context';

/** An inline response in a .http file: its body region and what the request and status line say. */
export interface HttpResponse {
  bodyStart: number;
  bodyEnd: number;
  /** Request facts plus the status line (`context.statusLine`) and response headers. */
  context: RequestContext;
}

/** A `<> ./file.json` response reference (JetBrains and httpYac). */
export interface HttpResponseReference {
  path: string;
  range: OffsetRange;
  context: RequestContext;
}

export interface HttpFile {
  responses: HttpResponse[];
  references: HttpResponseReference[];
}

const METHOD = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT|GRAPHQL)\s+(\S+)/i;
const BARE_URL = /^(https?:\/\/\S+)/i;
const VARIABLE = /^@([A-Za-z_][\w.-]*)\s*=\s*(.*)$/;
const REFERENCE = /^<>\s*(\S+)/;
/** JetBrains names saved responses `<request>-<timestamp>.<status>.json`. */
const STATUS_IN_NAME = /\.([1-5]\d\d)\.(?:json|txt|xml|html)$/i;

type State = 'preamble' | 'request-headers' | 'request-body' | 'response-headers' | 'response-body' | 'script';

function substitute(value: string, variables: Map<string, string>, cache?: Map<string, string>): string {
  // Most values have no `{{`: skip the regex (and its fresh string) for them.
  if (!value.includes('{{')) return value;
  // The same header (`Authorization: Bearer {{token}}`) repeats on every request: substitute it once
  // per set of variables.
  const known = cache?.get(value);
  if (known !== undefined) return known;
  const result = value.replace(/\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g, (whole, name: string) => variables.get(name) ?? whole);
  if (cache && cache.size < 1024) cache.set(value, result);
  return result;
}

/** What a request says, without a response: the part of a context a request's responses share. */
type RequestFacts = Pick<RequestContext, 'method' | 'url' | 'host' | 'requestHeaders'>;

/**
 * `{ ...request, requestHeaders: { ...request.requestHeaders }, responseHeaders: {} }` with the same
 * keys in the same order, written out: spreading a request per response was the parser's hottest line.
 */
function requestCopy(request: RequestFacts): RequestContext {
  const requestHeaders = { ...request.requestHeaders };
  return 'method' in request
    ? { method: request.method, url: request.url, host: request.host, requestHeaders, responseHeaders: {} }
    : { requestHeaders, responseHeaders: {} };
}

/** The characters of a header name: a header line is `/^([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*:\s*(.*)$/`. */
const TOKEN = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+.^_`|~-") TOKEN[c.charCodeAt(0)] = 1;

/** The end of the header name that starts the trimmed line [ts, te). */
function nameEnd(text: string, ts: number, te: number): number {
  let i = ts;
  while (i < te && TOKEN[text.charCodeAt(i)] === 1) i++;
  return i;
}

/**
 * Where the value of the header line [ts, te) (trimmed; its name ends at `ne`) starts, or -1 if it is
 * not one: what the regex above says of text.slice(ts, te), without the copy and the match (`\s` is
 * what isSpace accepts). The value is then [start, te), already trimmed.
 */
function headerValue(text: string, ts: number, ne: number, te: number): number {
  if (ne === ts) return -1;
  let i = ne;
  while (i < te && isSpace(text.charCodeAt(i))) i++;
  if (i >= te || text.charCodeAt(i) !== 0x3a /* : */) return -1;
  i++;
  while (i < te && isSpace(text.charCodeAt(i))) i++;
  const value = i;
  // `(.*)$` fails on a line terminator (`\s*` took any before the value).
  for (; i < te; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0d || c === 0x2028 || c === 0x2029) return -1;
  }
  return value;
}

/** Whether the trimmed line [ts, te) starts with `s`. */
function opens(text: string, ts: number, te: number, s: string): boolean {
  return te - ts >= s.length && text.startsWith(s, ts);
}

const HASH = 0x23;
const GT = 0x3e;
const LT = 0x3c;

/**
 * Reads the request blocks of a .http/.rest file between `start` and `end`: requests (method, URL,
 * headers, body), inline responses (`HTTP/1.1 409 Conflict`, headers, body) and `<>` references.
 * Variables (`@host = …`, `{{host}}`), comments, `# @name`, `> {% %}` handler scripts, `>>` redirects
 * and `< ./file` bodies are recognised so they never read as responses.
 */
export function parseHttp(text: string, start = 0, end = text.length): HttpFile {
  return readHttp(text, start, end) as HttpFile;
}

/**
 * For readHttp: from the start of a block (just after its `###` line), the start of the last `###`
 * line before the next offset that matters to detection, or `from` when that is in this block.
 * Each kind of offset is searched for once per text: searches only move forward.
 */
function blockSkipper(text: string, start: number, end: number, nextAnchor: (at: number) => number): (from: number) => number {
  const notFound = (at: number) => (at < 0 ? Infinity : at);
  let script = -1;
  let reference = -1;
  let variable = -1;
  // The last answer's search: no `\n###` lies in (separator, limit]. The block read after a skip
  // asks again from just past its `###` line, and gets `from` back without a second search.
  let separator = -1;
  let limit = -1;
  return (from: number): number => {
    if (separator < from && from <= limit) return from;
    if (script !== Infinity && script < from) script = notFound(scriptOpen(text, from));
    if (reference !== Infinity && reference < from) reference = notFound(text.indexOf('<>', from));
    if (variable !== Infinity && variable < from) variable = nextVariableLine(text, start, from);
    const matters = Math.min(notFound(nextAnchor(from)), script, reference, variable, end);
    // `###` must lie wholly before `end` to be read as a block line.
    limit = Math.min(matters, end - 4);
    separator = text.lastIndexOf('\n###', limit);
    return separator + 1 > from ? separator + 1 : from;
  };
}

/**
 * text.indexOf('{%', from), found through the `%`: `{` is on every JSON body's line and stops a
 * search for `{%` at each, while `%` is rare.
 */
function scriptOpen(text: string, from: number): number {
  for (let at = text.indexOf('%', from + 1); at >= 0; at = text.indexOf('%', at + 1)) if (text.charCodeAt(at - 1) === 0x7b) return at - 1;
  return -1;
}

/** The first `@` at or after `from` that starts a line once trimmed (a possible variable), or Infinity. */
function nextVariableLine(text: string, start: number, from: number): number {
  for (let at = text.indexOf('@', from); at >= 0; at = text.indexOf('@', at + 1)) {
    let i = at - 1;
    while (i >= start && text.charCodeAt(i) !== 0x0a && isSpace(text.charCodeAt(i))) i--;
    if (i < start || text.charCodeAt(i) === 0x0a) return at;
  }
  return Infinity;
}

/**
 * The paths of `<> ./file` response references, so that the files can be read before detection:
 * every line that starts with `<>` once trimmed, found without reading the requests. A superset of
 * parseHttp's references (it also counts a `<>` line before the first request, which parseHttp
 * ignores): a caller may read a file that detection then leaves unused, and never misses one.
 */
export function referencedPaths(text: string): string[] {
  const paths: string[] = [];
  for (let at = text.indexOf('<>'); at >= 0; at = text.indexOf('<>', at + 2)) {
    let i = at - 1;
    while (i >= 0 && text.charCodeAt(i) !== 0x0a && isSpace(text.charCodeAt(i))) i--;
    if (i >= 0 && text.charCodeAt(i) !== 0x0a) continue;
    const lineEnd = text.indexOf('\n', at);
    const m = REFERENCE.exec(text.slice(at, lineEnd < 0 ? text.length : lineEnd));
    if (m) paths.push(m[1] as string);
  }
  return paths;
}

/** A response whose context was not asked for (see readHttp). */
export interface LazyHttpResponse {
  bodyStart: number;
  bodyEnd: number;
  context: RequestContext | undefined;
}

/** A request as read so far: the lines its context is built from, and the context once built. */
interface PendingRequest {
  /** The request line's method as written (undefined for a bare URL) and URL before substitution; no URL: no request line. */
  method: string | undefined;
  url: string | undefined;
  /** Its trimmed header lines, as start, end pairs in readHttp's `lines`: [headersFrom, headersTo). */
  headersFrom: number;
  headersTo: number;
  context?: RequestFacts;
}

/**
 * parseHttp, building a response's request context only if `wanted(bodyStart, bodyEnd)` says so:
 * detection needs it only for bodies that hold an error's key, a few in a big file. A request's
 * context is built from its lines when first needed; the variables it uses cannot change before
 * then (they are set only between blocks, and a block's responses close before the next block).
 *
 * With `nextAnchor` (the offset of the first error key at or after an offset, or -1), whole request
 * blocks are skipped when nothing in them can matter to detection: no error key (so no finding), no
 * variable (later requests may use it), no `{%` (a handler script runs past `###` lines) and no `<>`
 * reference. Their responses are then left out, so the result is for detection only.
 */
export function readHttp(
  text: string,
  start = 0,
  end = text.length,
  wanted?: (bodyStart: number, bodyEnd: number) => boolean,
  nextAnchor?: (at: number) => number,
): { responses: LazyHttpResponse[]; references: HttpResponseReference[] } {
  const responses: LazyHttpResponse[] = [];
  const references: HttpResponseReference[] = [];
  const variables = new Map<string, string>();
  const substituted = new Map<string, string>();
  let state: State = 'preamble';
  let stateBeforeScript: State = 'preamble';
  // Until a block's request line: no request, shared by every block (nothing is added to it; its
  // context, once made, holds no request facts).
  const noRequest: PendingRequest = { method: undefined, url: undefined, headersFrom: 0, headersTo: 0 };
  let request = noRequest;
  // The offsets of the block's header lines, read only if a context is wanted: the request's, then
  // each response's (start, name end, value start, end) in [headersFrom, headersTo). Reused from
  // block to block (written up to `lineCount`): a block's contexts are made before the next starts.
  const lines: number[] = [];
  let lineCount = 0;
  let response: { request: PendingRequest; status: number; statusStart: number; lineEnd: number; headersFrom: number; headersTo: number; bodyStart: number } | undefined;
  let lastContentEnd = 0;
  // Where the next line starting with `#`, `>` or `<` is (its `\n`; -1: none; -2: not searched
  // yet): body lines are skipped up to it without visiting each line.
  const marker = /\n[#<>]/g;
  let nextMarker = -2;

  /** The request's part of its responses' contexts (each gets a copy), key order included. */
  const contextOf = (pending: PendingRequest): RequestFacts => {
    if (pending.context) return pending.context;
    let context: RequestFacts;
    if (pending.url !== undefined) {
      const url = substitute(pending.url, variables, substituted);
      context = { method: pending.method?.toUpperCase() ?? 'GET', url, host: hostOf(url), requestHeaders: {} };
    } else {
      context = { requestHeaders: {} };
    }
    for (let i = pending.headersFrom; i < pending.headersTo; i += 2) {
      const ts = lines[i] as number;
      const te = lines[i + 1] as number;
      const ne = nameEnd(text, ts, te);
      const vs = headerValue(text, ts, ne, te);
      if (vs < 0) continue;
      context.requestHeaders[text.slice(ts, ne)] = substitute(text.slice(vs, te), variables, substituted);
    }
    pending.context = context;
    return context;
  };
  const closeResponse = (at: number) => {
    if (response && response.bodyStart >= 0) {
      const bodyEnd = Math.max(response.bodyStart, at);
      let context: RequestContext | undefined;
      if (!wanted || wanted(response.bodyStart, bodyEnd)) {
        context = requestCopy(contextOf(response.request));
        context.status = response.status;
        context.statusSource = 'response-line';
        context.statusLine = { start: response.statusStart, end: response.lineEnd };
        for (let i = response.headersFrom; i < response.headersTo; i += 4) {
          context.responseHeaders[text.slice(lines[i], lines[i + 1])] = text.slice(lines[i + 2], lines[i + 3]);
        }
      }
      responses.push({ bodyStart: response.bodyStart, bodyEnd, context });
    }
    response = undefined;
  };
  const newBlock = () => {
    state = 'preamble';
    request = noRequest;
    lineCount = 0;
  };
  /** The end of the last line in [from, lastEnd] that is neither empty nor a lone `\r`, else `fallback`. */
  const lastContent = (from: number, lastEnd: number, fallback: number): number => {
    // Only the last one or two characters of each line decide, so blank lines are walked back over
    // here: finding each line's start (lastIndexOf, a runtime call) cost more than the bodies' jump.
    for (let le = lastEnd; le > from; le--) {
      let c = text.charCodeAt(le - 1);
      if (c === 0x0d && le - 1 > from) {
        // A lone `\r` is blank; `x\r` is content.
        c = text.charCodeAt(le - 2);
        if (c !== 0x0a) return le;
        le--;
      } else if (c !== 0x0a && c !== 0x0d) {
        return le;
      }
    }
    return fallback;
  };

  const skip = nextAnchor ? blockSkipper(text, start, end, nextAnchor) : undefined;

  let pos = start;
  while (pos < end) {
    if (state === 'response-body') {
      const c = text.charCodeAt(pos);
      if (c !== HASH && c !== GT && c !== LT) {
        // Only a line starting with `#`, `>` or `<` can end a body: jump to the next one.
        if (nextMarker !== -1 && nextMarker < pos) {
          marker.lastIndex = pos;
          // test, not exec: no match array; a match is two characters long.
          nextMarker = marker.test(text) ? marker.lastIndex - 2 : -1;
        }
        const lineAt = nextMarker < 0 ? Infinity : nextMarker + 1;
        if (lineAt >= end) {
          // The rest is body: its last line ends at `end`, or before a final newline.
          lastContentEnd = lastContent(pos, end > pos && text.charCodeAt(end - 1) === 0x0a ? end - 1 : end, lastContentEnd);
          break;
        }
        lastContentEnd = lastContent(pos, lineAt - 1, lastContentEnd);
        pos = lineAt;
      }
    }
    const nl = text.indexOf('\n', pos);
    const lineEndAt = nl < 0 || nl > end ? end : nl;
    const lineStartAt = pos;
    const first = text.charCodeAt(pos);
    pos = lineEndAt + 1;
    // A request body line matters only if it starts (trimmed) with `#`, `>`, `<` or `HTTP/`.
    if (state === 'request-body' && first > 0x20 && first < 0x7f && first !== HASH && first !== GT && first !== LT && first !== 0x48 /* H */) continue;
    // The line without a trailing `\r` is [lineStartAt, lineEnd); trimmed, [ts, te).
    const cut = Math.min(lineEndAt, text.length);
    const lineEnd = cut > lineStartAt && text.charCodeAt(cut - 1) === 0x0d ? cut - 1 : cut;
    let ts = lineStartAt;
    let te = lineEnd;
    while (ts < te && isSpace(text.charCodeAt(ts))) ts++;
    while (te > ts && isSpace(text.charCodeAt(te - 1))) te--;
    const lead = ts < te ? text.charCodeAt(ts) : -1;

    if (state === 'script') {
      if (te - ts >= 2 && text.startsWith('%}', te - 2)) state = stateBeforeScript;
      continue;
    }
    if (lead === HASH && opens(text, ts, te, '###')) {
      closeResponse(lastContentEnd);
      newBlock();
      // A `###` line resets everything but the variables: the blocks up to the last `###` line
      // before anything that matters can be passed over. That line is read as usual.
      if (skip) pos = skip(pos);
      continue;
    }
    if (lead === GT && /^>\s*\{%/.test(text.slice(ts, te))) {
      if (state === 'response-body') closeResponse(lastContentEnd);
      stateBeforeScript = state === 'response-body' ? 'request-body' : state;
      const trimmed = text.slice(ts, te);
      if (!trimmed.slice(trimmed.indexOf('{%') + 2).includes('%}')) state = 'script';
      continue;
    }
    const reference = lead === LT && opens(text, ts, te, '<>') ? REFERENCE.exec(text.slice(ts, te)) : null;
    if (reference && state !== 'preamble') {
      if (state === 'response-body') closeResponse(lastContentEnd);
      const path = reference[1] as string;
      const pathStart = text.indexOf(path, lineStartAt);
      const named = STATUS_IN_NAME.exec(path);
      references.push({
        path,
        range: { start: pathStart, end: pathStart + path.length },
        context: Object.assign(requestCopy(contextOf(request)), {
          status: named ? Number(named[1]) : undefined,
          statusSource: named ? ('file-name' as const) : undefined,
        }),
      });
      state = 'request-body';
      continue;
    }
    if (lead === GT) {
      const trimmed = text.slice(ts, te);
      if (/^>>!?\s/.test(trimmed) || (/^>\s/.test(trimmed) && state !== 'response-body')) continue;
    }

    const status = lead === 0x48 && opens(text, ts, te, 'HTTP/') ? STATUS_LINE.exec(text.slice(ts, te)) : null;
    if (status && state !== 'response-body' && state !== 'response-headers') {
      closeResponse(lastContentEnd);
      response = { request, status: Number(status[1]), statusStart: ts, lineEnd, headersFrom: lineCount, headersTo: lineCount, bodyStart: -1 };
      state = 'response-headers';
      continue;
    }

    switch (state) {
      case 'preamble': {
        if (ts === te || lead === HASH || opens(text, ts, te, '//')) continue;
        if (lead === 0x40 /* @ */) {
          const variable = VARIABLE.exec(text.slice(ts, te));
          if (variable) {
            variables.set(variable[1] as string, substitute((variable[2] as string).trim(), variables));
            substituted.clear();
            continue;
          }
        }
        // A method or a bare URL starts with a letter.
        if (!((lead >= 0x41 && lead <= 0x5a) || (lead >= 0x61 && lead <= 0x7a))) continue;
        const trimmed = text.slice(ts, te);
        const method = METHOD.exec(trimmed);
        const url = method ? method[2] : BARE_URL.exec(trimmed)?.[1];
        if (url !== undefined) {
          request = { method: method?.[1], url, headersFrom: lineCount, headersTo: lineCount };
          state = 'request-headers';
        }
        continue;
      }
      case 'request-headers': {
        if (ts === te) {
          state = 'request-body';
          continue;
        }
        if (lead === 0x3f /* ? */ || lead === 0x26 /* & */ || lead === HASH || opens(text, ts, te, '//')) continue;
        // Read when the context is built; a line that is not a header is skipped then.
        lines[lineCount++] = ts;
        lines[lineCount++] = te;
        request.headersTo = lineCount;
        request.context = undefined;
        continue;
      }
      case 'request-body':
        continue;
      case 'response-headers': {
        if (!response) continue;
        if (ts === te) {
          state = 'response-body';
          response.bodyStart = pos > end ? end : pos;
          lastContentEnd = response.bodyStart;
          continue;
        }
        const ne = nameEnd(text, ts, te);
        const vs = headerValue(text, ts, ne, te);
        if (vs >= 0) {
          lines[lineCount++] = ts;
          lines[lineCount++] = ne;
          lines[lineCount++] = vs;
          lines[lineCount++] = te;
          response.headersTo = lineCount;
          continue;
        }
        // A body right after the headers without a blank line: be lenient.
        state = 'response-body';
        response.bodyStart = lineStartAt;
        lastContentEnd = lineEndAt;
        continue;
      }
      case 'response-body':
        if (ts !== te) lastContentEnd = lineEndAt;
        continue;
    }
  }
  if (state === 'response-headers' && response) response.bodyStart = end;
  closeResponse(state === 'response-body' ? lastContentEnd : end);
  return { responses, references };
}
