import type { Catalog, ResolvedEntry } from '../catalog';
import { type Classification, type ShapeMatch, classify } from './classify';
import { NO_EVIDENCE, contextEvidence, isSpace, lineEnd, lineStart, logLineContext, relevantHeaders, responseHeadBefore } from './context';
import { type LazyHttpResponse, type HttpResponseReference, parseHttp, readHttp } from './http';
import { ANCHOR, type JsonNode, MAX_OBJECT, NO_ERRORS, type ParsedObject, childOf, enclosingOpen, nodeAt, numberAt, parseValueAt, plainValue } from './jsonScan';
import { codeComparisons, stringLiterals } from './source';
import type { BodyFieldValue, Candidate, DetectOptions, Evidence, Finding, OffsetRange, RequestContext } from './types';

export type * from './types';
export { parseHttp, referencedPaths } from './http';
export { type TextChange, updateFindings } from './incremental';

export type Container = 'document' | 'lines' | 'http' | 'markdown' | 'source' | 'python';

const LANGUAGE_CONTAINERS: Record<string, Container> = {
  json: 'document',
  jsonc: 'document',
  jsonl: 'lines',
  ndjson: 'lines',
  log: 'lines',
  plaintext: 'lines',
  http: 'http',
  rest: 'http',
  markdown: 'markdown',
  typescript: 'source',
  typescriptreact: 'source',
  javascript: 'source',
  javascriptreact: 'source',
  python: 'python',
};

const EXTENSION_CONTAINERS: Record<string, Container> = {
  json: 'document',
  jsonc: 'document',
  json5: 'document',
  har: 'document',
  jsonl: 'lines',
  ndjson: 'lines',
  log: 'lines',
  txt: 'lines',
  http: 'http',
  rest: 'http',
  md: 'markdown',
  markdown: 'markdown',
  ts: 'source',
  tsx: 'source',
  mts: 'source',
  cts: 'source',
  js: 'source',
  jsx: 'source',
  mjs: 'source',
  cjs: 'source',
  py: 'python',
};

/** Which reader a document needs, from its language id, then its file name, then its first character. */
export function containerOf(text: string, options: DetectOptions = {}): Container {
  const byName = options.fileName ? EXTENSION_CONTAINERS[(/\.([A-Za-z0-9]+)$/.exec(options.fileName)?.[1] ?? '').toLowerCase()] : undefined;
  // Plain text and unknown ids say little: a `.http` file shown as plaintext is still a .http file.
  const byLanguage = options.languageId ? LANGUAGE_CONTAINERS[options.languageId] : undefined;
  if (byLanguage && !(byLanguage === 'lines' && byName && options.languageId === 'plaintext')) return byLanguage;
  if (byName) return byName;
  const first = /\S/.exec(text.slice(0, 4096))?.[0];
  return first === '{' || first === '[' ? 'document' : 'lines';
}

/** A region to scan: a slice of the text, or escape-resolved literal content mapped back to it. */
interface Segment {
  text: string;
  start: number;
  end: number;
  /** Line mode: each record sits on a line (logs, JSON Lines); bodies end at the line's end. */
  lines: boolean;
  context?: RequestContext;
  /** For escape-resolved literals: segment offset → document offset. */
  offsets?: Int32Array;
}

/** Finds every error response and code reference in a document. Never throws on any input. */
export function detect(text: string, catalog: Catalog, options: DetectOptions = {}): Finding[] {
  // Run to the end in one go: no pauses, so no resumptions of the steps (each resumed step starts
  // its hot loop over, before it is optimised again).
  const steps = guarded(text, catalog, options, new Pacer(false));
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/**
 * Detection as resumable steps: it pauses (yields) every few hundred candidates or few hundred KB
 * of text, so the editor can spread a big document over several event-loop turns instead of
 * blocking the extension host.
 * Returns the findings. Never throws on any input.
 */
export function detectSteps(text: string, catalog: Catalog, options: DetectOptions = {}): Generator<void, Finding[]> {
  return guarded(text, catalog, options, new Pacer(true));
}

function* guarded(text: string, catalog: Catalog, options: DetectOptions, pacer: Pacer): Generator<void, Finding[]> {
  try {
    return yield* detectUnsafe(text, catalog, options, pacer);
  } catch {
    // Detection is best effort: a bug on strange input must never take the editor down with it.
    return [];
  }
}

/**
 * When detection pauses: after so many candidates (each may be parsed) or so much text passed over,
 * whichever comes first, counted across segments (a big .http file is thousands of small ones).
 */
class Pacer {
  private static readonly ANCHORS = 256;
  private static readonly CHARS = 256 * 1024;
  private anchors = 0;
  private chars = 0;

  /** `pauses`: false for a run that goes to the end in one go. */
  constructor(private readonly pauses: boolean) {}

  /** Counts work done; true when a pause is due (counting starts afresh). */
  tick(anchors: number, chars: number): boolean {
    if (!this.pauses) return false;
    this.anchors += anchors;
    this.chars += chars;
    if (this.anchors < Pacer.ANCHORS && this.chars < Pacer.CHARS) return false;
    this.anchors = 0;
    this.chars = 0;
    return true;
  }
}

function* detectUnsafe(text: string, catalog: Catalog, options: DetectOptions, pacer: Pacer): Generator<void, Finding[]> {
  const container = containerOf(text, options);
  const findings: Finding[] = [];
  const fileName = options.fileName ?? '';
  const nameStatus = /\.([1-5]\d\d)\.json$/i.exec(fileName);
  const documentContext: RequestContext | undefined =
    options.requestContext ??
    (nameStatus ? { requestHeaders: {}, responseHeaders: {}, status: Number(nameStatus[1]), statusSource: 'file-name' } : undefined);

  // A .http file is searched twice (for the blocks worth reading, then for each body's anchors): the
  // matches of the first search are kept for the second.
  const anchors = new Anchors(catalog, container === 'http');
  // A .http response's request context is built only for bodies that hold an anchor.
  const http =
    container === 'http'
      ? readHttp(
          text,
          0,
          text.length,
          (bodyStart, bodyEnd) => {
            const at = anchors.first(text, bodyStart);
            return at >= 0 && at < bodyEnd;
          },
          (at) => anchors.first(text, at),
        )
      : undefined;
  for (const segment of segmentsOf(text, container, documentContext, http)) {
    // Most segments of a big .http file hold no anchor: skip them before starting a scan.
    const first = anchors.first(segment.text, segment.start);
    if (first < 0 || first >= segment.end) {
      if (pacer.tick(0, segment.end - segment.start)) yield;
      continue;
    }
    yield* scanSegment(segment, catalog, options, anchors, pacer, findings);
  }
  if (http) findings.push(...referencedResponses(http, catalog, options));
  if (container === 'source' || container === 'python') findings.push(...codeReferences(text, catalog, options, findings));
  // Usually already in order (one segment, or segments in order): a stable sort would change nothing.
  if (!inCodeOrder(findings)) findings.sort((a, b) => a.codeRange.start - b.codeRange.start);
  return rerankByNeighbours(findings, catalog);
}

function inCodeOrder(findings: Finding[]): boolean {
  for (let i = 1; i < findings.length; i++) if ((findings[i - 1] as Finding).codeRange.start > (findings[i] as Finding).codeRange.start) return false;
  return true;
}

function segmentsOf(text: string, container: Container, documentContext?: RequestContext, http?: { responses: LazyHttpResponse[] }): Segment[] {
  const whole = (lines: boolean, start = 0, end = text.length, context?: RequestContext): Segment => ({ text, start, end, lines, context });
  switch (container) {
    case 'document':
      return [whole(false, 0, text.length, documentContext)];
    case 'lines':
      return [whole(true)];
    case 'http':
      return (http ?? parseHttp(text)).responses.map((r) => whole(false, r.bodyStart, r.bodyEnd, r.context));
    case 'markdown':
      return markdownSegments(text);
    case 'source':
    case 'python':
      return stringLiterals(text, container === 'python').map((literal) =>
        literal.unescaped
          ? { text: literal.unescaped.text, start: 0, end: literal.unescaped.text.length, lines: false, offsets: literal.unescaped.offsets }
          : whole(false, literal.start, literal.end),
      );
  }
}

/** Fenced code blocks: `http`/`rest` fences are read as .http files, JSON fences as documents, others as lines. */
function markdownSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  const fence = /^( {0,3})(`{3,}|~{3,})[ \t]*([^\s`]*)[^\n]*\n/gm;
  let m: RegExpExecArray | null;
  while ((m = fence.exec(text))) {
    const marker = m[2] as string;
    const language = (m[3] as string).toLowerCase();
    const bodyStart = m.index + m[0].length;
    const closer = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`, 'm');
    closer.lastIndex = 0;
    const rest = text.slice(bodyStart);
    const close = closer.exec(rest);
    const bodyEnd = close ? bodyStart + close.index : text.length;
    if (language === 'http' || language === 'rest' || /^HTTP\/\d/.test(rest.trimStart())) {
      for (const r of parseHttp(text, bodyStart, bodyEnd).responses) {
        segments.push({ text, start: r.bodyStart, end: r.bodyEnd, lines: false, context: r.context });
      }
      // A fence holding only a response (no request line) is read from its status line.
      if (segments.length === 0 || segments[segments.length - 1]!.start < bodyStart) {
        segments.push({ text, start: bodyStart, end: bodyEnd, lines: false });
      }
    } else {
      const lines = language === 'log' || language === 'jsonl' || language === 'text' || language === 'console' || language === 'shell' || language === 'sh' || language === '';
      segments.push({ text, start: bodyStart, end: bodyEnd, lines });
    }
    fence.lastIndex = close ? bodyStart + close.index + close[0].length : text.length;
  }
  return segments;
}

/**
 * The anchor matcher of one detection run (lastIndex is state: never shared between runs), with the
 * last look-ahead remembered: a search from a segment's start runs on past its end to the next
 * match, and the next segment starts from that match instead of scanning the same text again.
 * Matches are offsets (their ends in `end`), not match objects: a big file has tens of thousands.
 */
class Anchors {
  readonly re: RegExp;
  /** The end of the match first() or next() returned last. */
  end = -1;
  /** No key holds a quote: a match's start can be found back from its end (see search). */
  private readonly plainKeys: boolean;
  private text: string | undefined;
  private from = 0;
  private found = -1;
  private foundEnd = -1;
  /**
   * With `remember`: the matches (starts and ends) of one scan from the text's start (each search
   * resuming where the last match ended), found so far, up to `scannedTo` (Infinity once the scan
   * reached the end).
   */
  private readonly starts: number[] | undefined;
  private readonly ends: number[] = [];
  private scannedTo = 0;

  constructor(catalog: Catalog, remember = false) {
    this.re = new RegExp(anchorSource(catalog), 'g');
    this.plainKeys = catalog.extraAnchorKeys.every((key) => !key.includes('"'));
    if (remember) this.starts = [];
  }

  /** The first match at or after `at` (as a search from `at` finds it), leaving lastIndex after it; -1 for none. */
  first(text: string, at: number): number {
    if (this.starts) return this.recall(text, at);
    // Nothing matches in [from, found): the first match at or after `at` is the same one.
    if (this.text === text && this.from <= at && (this.found < 0 || this.found >= at)) {
      if (this.found >= 0) this.re.lastIndex = this.end = this.foundEnd;
      return this.found;
    }
    this.re.lastIndex = at;
    return this.next(text);
  }

  /** The next match from the current lastIndex; -1 for none. */
  next(text: string): number {
    if (this.starts) return this.recall(text, this.re.lastIndex);
    this.text = text;
    this.from = this.re.lastIndex;
    this.found = this.search(text);
    this.foundEnd = this.end;
    return this.found;
  }

  /**
   * The regex's next match from lastIndex: its start, with its end in `end` (and lastIndex); -1 for
   * none. A match is `"<key>"\s*:`, so with plain keys its start is the quote before the one that
   * precedes the spaces before its colon: test() finds it without making a match object.
   */
  private search(text: string): number {
    if (this.plainKeys) {
      if (!this.re.test(text)) return -1;
      this.end = this.re.lastIndex;
      let q = this.end - 2;
      while (isSpace(text.charCodeAt(q))) q--;
      return text.lastIndexOf('"', q - 1);
    }
    const m = this.re.exec(text);
    if (!m) return -1;
    this.end = m.index + m[0].length;
    return m.index;
  }

  /**
   * first() from the remembered scan. Between two consecutive matches of a scan nothing matches, and
   * whether a match starts at an offset does not depend on where the search began: so a search from
   * `at` finds the first remembered match at or after `at`, unless `at` falls inside a match.
   */
  private recall(text: string, at: number): number {
    const starts = this.starts as number[];
    const ends = this.ends;
    if (this.text !== text) {
      this.text = text;
      starts.length = 0;
      ends.length = 0;
      this.scannedTo = 0;
    }
    while (this.scannedTo !== Infinity && (starts.length === 0 || (starts[starts.length - 1] as number) < at)) {
      this.re.lastIndex = this.scannedTo;
      const start = this.search(text);
      if (start >= 0) {
        starts.push(start);
        ends.push(this.end);
      }
      this.scannedTo = start >= 0 ? this.end : Infinity;
    }
    // The first remembered match at or after `at`.
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((starts[mid] as number) < at) low = mid + 1;
      else high = mid;
    }
    let found: number;
    let foundEnd = -1;
    if (low > 0 && (ends[low - 1] as number) > at) {
      this.re.lastIndex = at;
      found = this.search(text);
      foundEnd = this.end;
    } else {
      found = low < starts.length ? (starts[low] as number) : -1;
      if (found >= 0) foundEnd = ends[low] as number;
    }
    if (found >= 0) this.re.lastIndex = this.end = foundEnd;
    return found;
  }
}

/** Adds the segment's findings to `findings`, pausing (yielding) when the pacer says. */
function* scanSegment(segment: Segment, catalog: Catalog, options: DetectOptions, anchors: Anchors, pacer: Pacer, findings: Finding[]): Generator<void> {
  const { text, start, end } = segment;
  const anchor = anchors.re;
  let coveredUntil = -1;
  let counted = start;
  const parents = new Parents();
  for (let keyAt = anchors.first(text, start); keyAt >= 0 && keyAt < end; keyAt = anchors.next(text)) {
    if (pacer.tick(1, keyAt - counted)) {
      const resumeAt = anchor.lastIndex;
      yield;
      anchor.lastIndex = resumeAt;
    }
    counted = keyAt;
    if (keyAt < coveredUntil || (keyAt > 0 && text.charCodeAt(keyAt - 1) === 0x5c)) continue;
    const open = enclosingOpen(text, keyAt, Math.max(start, keyAt - 16 * 1024));
    if (open < 0 || text.charCodeAt(open) !== 0x7b) continue;
    // The unclosed `{` of a record cut short encloses every later key too: it was reported once.
    if (open < coveredUntil) continue;
    // `"title"` is common in ordinary data: parse only objects that also have a problem-details key.
    if (text.startsWith('title"', keyAt + 1) && !hasProblemKey(text, open, closeAfter(text, keyAt, end))) continue;
    const windowEnd = segment.lines ? recordEnd(text, open, end) : end;
    // In line mode the text before the body on its line is the record's prefix (time, URL, status).
    const lineFrom = segment.lines ? lineStart(text, open) : start;
    const linePrefix = segment.lines ? text.slice(lineFrom, open) : '';
    // A log record's wrapper is on its own line; a document's may start lines above.
    // A log line whose prefix has no bracket has no wrapper around its body: skip the backward scan.
    const parent = segment.lines && lineFrom >= start && !hasBracket(linePrefix) ? undefined : parents.around(text, open, segment.lines ? Math.max(start, lineFrom) : start);
    // A body read in its wrapper's parse is not parsed again.
    const parsed = (parent && bodyIn(parent, text, open, windowEnd)) ?? parseValueAt(text, open, windowEnd);
    if (!parsed) continue;
    const classification = classify(parsed.node, catalog, options.providers);
    if (!classification) continue;

    const wrapper = parent && parents.wrapperOfLast();
    const context = segment.context ?? (segment.lines ? lineContext(segment, open, linePrefix) : undefined);
    coveredUntil = parsed.end;
    anchor.lastIndex = Math.max(anchor.lastIndex, parsed.end);
    const finding = toFinding(
      catalog,
      classification,
      parsed.node,
      parsed.start,
      parsed.end,
      context,
      wrapper?.status ?? numberAt(parsed.node, 'status') ?? numberAt(parsed.node, 'statusCode'),
      wrapper?.headers,
      segment.offsets,
      contextEvidence(catalog, context, linePrefix),
    );
    if (finding) findings.push(finding);
  }
  if (pacer.tick(0, end - counted)) yield;
}

const anchorSources = new WeakMap<Catalog, string>();

/** ANCHOR, plus the top-level keys of custom catalogs' envelopes that have none of its keys. */
function anchorSource(catalog: Catalog): string {
  if (catalog.extraAnchorKeys.length === 0) return ANCHOR.source;
  let source = anchorSources.get(catalog);
  if (!source) {
    const extra = catalog.extraAnchorKeys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    source = ANCHOR.source.replace('(?:errors?|title)', `(?:errors?|title|${extra.join('|')})`);
    anchorSources.set(catalog, source);
  }
  return source;
}

/** A problem-details key (`"type"`, `"status"`, `"detail"`) starting exactly at lastIndex. */
const PROBLEM_KEY_AT = /"(?:type|status|detail)"\s*:/y;

/**
 * Whether [from, to) holds a problem-details key, as `/"(?:type|status|detail)"\s*:/` on that slice
 * would say, without the copy: each quote of the window (a flat object's few keys) that starts one of
 * the names is tried in place. The window is short, so nothing beyond it is ever searched.
 */
function hasProblemKey(text: string, from: number, to: number): boolean {
  for (let q = text.indexOf('"', from); q >= 0 && q < to; q = text.indexOf('"', q + 1)) {
    const first = text.charCodeAt(q + 1);
    if (first !== 0x74 && first !== 0x73 && first !== 0x64) continue; // t, s, d
    PROBLEM_KEY_AT.lastIndex = q;
    if (PROBLEM_KEY_AT.test(text) && PROBLEM_KEY_AT.lastIndex <= to) return true;
  }
  return false;
}

/** Up to the first `}` after `from` (bounded): enough to see a flat object's keys without parsing it. */
function closeAfter(text: string, from: number, end: number): number {
  const close = text.indexOf('}', from);
  return close < 0 || close > end ? Math.min(end, from + 4096) : Math.min(close, from + 4096);
}

/** In a log, a record ends with its line, unless the next line continues a pretty-printed body. */
function recordEnd(text: string, open: number, end: number): number {
  let at = lineEnd(text, open);
  while (at < end) {
    const next = text.slice(at + 1, Math.min(end, at + 2));
    if (next !== ' ' && next !== '\t' && next !== '}' && next !== ']' && next !== '"') break;
    at = lineEnd(text, at + 1);
  }
  return Math.min(at, end);
}

function hasBracket(s: string): boolean {
  return s.includes('{') || s.includes('[');
}

/**
 * The objects around bodies (`{"status": 429, "headers": {...}, "body": {<error>}}`), parsed once
 * for all the bodies they hold: sibling bodies share one.
 */
class Parents {
  private open = -1;
  private parsed: ParsedObject | undefined;
  /** wrapperOf the record, worked out for its first classified body (null: not yet). */
  private wrapper: Wrapper | undefined | null = null;

  /** The object whose `{` opens within 4 KB before the body's `{` at `open` (and after `limit`) and encloses it. */
  around(text: string, open: number, limit: number): ParsedObject | undefined {
    const parentOpen = enclosingOpen(text, open, Math.max(limit, open - 4096));
    if (parentOpen < 0 || text.charCodeAt(parentOpen) !== 0x7b) return undefined;
    if (parentOpen !== this.open) {
      this.open = parentOpen;
      this.parsed = parseValueAt(text, parentOpen, Math.min(text.length, parentOpen + 64 * 1024));
      this.wrapper = null;
    }
    return this.parsed;
  }

  /** The status and headers the record last returned by around() gives its bodies. */
  wrapperOfLast(): Wrapper | undefined {
    if (this.wrapper === null) this.wrapper = this.parsed && wrapperOf(this.parsed.node);
    return this.wrapper;
  }
}

/**
 * The body at `open` exactly as `parseValueAt(text, open, windowEnd)` reads it, taken from its
 * parent's tree; undefined when the two could differ. They cannot when the body is one of the
 * parent's values, closed by its `}`, inside the window, with no parse error in it: the parser then
 * read the same tokens from the same state.
 */
function bodyIn(parent: ParsedObject, text: string, open: number, windowEnd: number): ParsedObject | undefined {
  const values = parent.node.children ?? [];
  let body: JsonNode | undefined;
  for (const value of values) {
    if (value?.offset === open) {
      body = value;
      break;
    }
  }
  if (body?.type !== 'object') return undefined;
  const end = body.offset + body.length;
  if (end > windowEnd || end > open + MAX_OBJECT || text.charCodeAt(end - 1) !== 0x7d) return undefined;
  for (const offset of parent.errors) if (offset >= open && offset < end) return undefined;
  return { node: body, start: open, end, errors: NO_ERRORS };
}

type Wrapper = { status?: number; headers?: Record<string, string> };

/** The status and headers a record around a body gives it, if any. */
function wrapperOf(parent: JsonNode): Wrapper | undefined {
  const status = numberAt(parent, 'status') ?? numberAt(parent, 'statusCode') ?? numberAt(parent, 'status_code');
  const headersNode = childOf(parent, 'headers');
  const headers: Record<string, string> = {};
  if (headersNode?.type === 'object') {
    const keys = headersNode.keys ?? [];
    const values = headersNode.children ?? [];
    for (let i = 0; i < keys.length; i++) {
      const value = values[i]?.value;
      if (typeof value === 'string' || typeof value === 'number') headers[keys[i] as string] = String(value);
    }
  }
  return status === undefined && Object.keys(headers).length === 0 ? undefined : { status, headers };
}

/** `prefix`: the text on the body's line before it. */
function lineContext(segment: Segment, open: number, prefix: string): RequestContext | undefined {
  if (segment.offsets) return undefined;
  // /\S/ is `prefix.trim() !== ''` without the trimmed copy.
  return (NOT_BLANK.test(prefix) ? logLineContext(prefix) : undefined) ?? responseHeadBefore(segment.text, open, segment.start);
}

const NOT_BLANK = /\S/;

/**
 * The finding for a classified body (`bodyStart`, `bodyEnd` in the segment's text; `offsets` maps an
 * escape-resolved literal back to the document), or undefined when the evidence is too weak.
 * `evidence` comes from the body's surroundings (log line, request).
 */
function toFinding(
  catalog: Catalog,
  classification: Classification,
  body: JsonNode,
  bodyStart: number,
  bodyEnd: number,
  context: RequestContext | undefined,
  siblingStatus: number | undefined,
  wrapperHeaders: Record<string, string> | undefined,
  offsets: Int32Array | undefined,
  evidence: readonly Evidence[],
): Finding | undefined {
  const headers = relevantHeaders(wrapperHeaders, context?.responseHeaders);
  const status = context?.status ?? siblingStatus ?? classification.statusInBody;
  const statusSource = context?.status !== undefined ? context.statusSource : siblingStatus !== undefined ? 'sibling' : classification.statusInBody !== undefined ? 'body' : undefined;

  if (classification.generic) {
    const node = classification.codeNode;
    return {
      kind: 'response',
      provider: null,
      candidates: NO_CANDIDATES,
      code: classification.code,
      known: false,
      generic: classification.generic,
      status,
      statusSource,
      codeRange: documentRange(offsets, node.offset, node.offset + node.length),
      bodyRange: documentRange(offsets, bodyStart, bodyEnd),
      statusRange: context?.statusLine,
      headers,
      message: classification.messageNode?.value as string | undefined,
      fields: NO_FIELDS,
      evidence: NO_EVIDENCE,
    };
  }

  const candidates = rankCandidates(classification.matches, context, evidence, catalog, status);
  const best = candidates[0];
  // A shape shared by many APIs (`{"error": "…"}`) needs a known code or other evidence to count.
  if (!best || best.score < 80) return undefined;
  const decided = candidates.length === 1 || best.score > (candidates[1]?.score ?? 0);
  let match = classification.matches[0] as ShapeMatch;
  for (const m of classification.matches) {
    if (m.provider === best.provider) {
      match = m;
      break;
    }
  }
  const node = match.codeNode;
  const code = node.value as string;
  const entry = decided ? best.entry : undefined;
  return {
    kind: 'response',
    provider: decided ? best.provider : null,
    candidates,
    code,
    known: decided ? Boolean(entry) && entry?.kind !== 'status' : false,
    entry,
    status: status ?? entry?.status,
    statusSource: status !== undefined ? statusSource : entry ? 'catalog' : undefined,
    codeRange: documentRange(offsets, node.offset, node.offset + node.length),
    bodyRange: documentRange(offsets, bodyStart, bodyEnd),
    statusRange: context?.statusLine,
    headers,
    message: match.messageNode?.value as string | undefined,
    fields: fieldValues(body, entry),
    // An undecided finding has no single provider's evidence to show: its candidates carry theirs.
    evidence: decided ? best.evidence : NO_EVIDENCE,
  };
}

/** [start, end) in the document: through an escape-resolved literal's offset map when there is one. */
function documentRange(offsets: Int32Array | undefined, start: number, end: number): OffsetRange {
  return offsets ? { start: offsets[start] ?? start, end: offsets[end] ?? end } : { start, end };
}

/** "an Overten", "a Kynasmith": evidence reads as a sentence. */
function withArticle(name: string): string {
  return `${STARTS_WITH_VOWEL.test(name) ? 'an' : 'a'} ${name}`;
}

const STARTS_WITH_VOWEL = /^[aeiou]/i;

/**
 * "rate_limited is a Kynasmith code", made once per catalog entry (and shared like the shape's). An
 * entry belongs to one catalog (the catalog copies its entries), so its provider's name is fixed.
 */
const codeEvidence = new WeakMap<ResolvedEntry, Evidence>();

function codeEvidenceOf(catalog: Catalog, entry: ResolvedEntry, code: string): Evidence {
  // A case-insensitive match names the code as the body wrote it, and weighs less.
  if (code !== entry.code) return newCodeEvidence(catalog, entry, code, 30);
  let evidence = codeEvidence.get(entry);
  if (!evidence) {
    // The catalog's own string, not the body's equal one: a string cut from a document keeps the
    // whole document alive, and this cache lives as long as the catalog.
    evidence = newCodeEvidence(catalog, entry, entry.code, 50);
    codeEvidence.set(entry, evidence);
  }
  return evidence;
}

function newCodeEvidence(catalog: Catalog, entry: ResolvedEntry, code: string, weight: number): Evidence {
  const detail = `${code} is ${withArticle(catalog.displayName(entry.provider))} ${entry.kind === 'message' ? 'message' : 'code'}`;
  return { kind: 'code', provider: entry.provider, detail, weight };
}

/** Scores every provider whose envelope the body matches, by shape, code, request and key evidence. */
function rankCandidates(matches: ShapeMatch[], context: RequestContext | undefined, around: readonly Evidence[], catalog: Catalog, status: number | undefined): Candidate[] {
  // Envelopes that share a code path (`error.code`) share the code node: look its entries up once.
  let lastCode: string | undefined;
  let entries: readonly ResolvedEntry[] = [];
  const candidates = matches.map((match): Candidate => {
    const shape = match.evidence;
    const code = match.codeNode.value as string;
    if (code !== lastCode) {
      lastCode = code;
      entries = catalog.byCode(code);
    }
    let entry = findEntry(entries, match.provider, code, context);
    const codeEvidence = entry ? codeEvidenceOf(catalog, entry, code) : undefined;
    // Kakunin-style bodies carry only a message: the status entry explains them.
    if (!entry && status !== undefined) entry = statusEntry(catalog, match.provider, status);
    // Findings are kept until the document changes: their arrays are made at their final size
    // (an array grown by push keeps room for 16 more).
    let size = codeEvidence ? 2 : 1;
    for (const e of around) if (e.provider === match.provider) size++;
    const evidence = new Array<Evidence>(size);
    evidence[0] = shape;
    let score = shape.weight;
    let n = 1;
    if (codeEvidence) {
      evidence[n++] = codeEvidence;
      score += codeEvidence.weight;
    }
    for (const e of around) {
      if (e.provider !== match.provider) continue;
      evidence[n++] = e;
      score += e.weight;
    }
    return { provider: match.provider, score, entry, evidence };
  });
  return byScore(candidates);
}

/**
 * catalog.statusEntry, remembered per catalog, provider and status (a catalog never changes once
 * built): the lookup filters the provider's entries for the status on every call.
 */
const statusEntries = new WeakMap<Catalog, Map<string, Map<number, ResolvedEntry | undefined>>>();

function statusEntry(catalog: Catalog, provider: string, status: number): ResolvedEntry | undefined {
  let byProvider = statusEntries.get(catalog);
  if (!byProvider) statusEntries.set(catalog, (byProvider = new Map()));
  let byStatus = byProvider.get(provider);
  if (!byStatus) byProvider.set(provider, (byStatus = new Map()));
  if (byStatus.has(status)) return byStatus.get(status);
  const entry = catalog.statusEntry(provider, status);
  // Statuses are three-digit numbers, but the bound keeps odd input from growing the map.
  if (byStatus.size < 1024) byStatus.set(status, entry);
  return entry;
}

/** Best first, ties in their order: Array.prototype.sort's result, without its cost on 1–5 items. */
function byScore(candidates: Candidate[]): Candidate[] {
  for (let i = 1; i < candidates.length; i++) {
    const c = candidates[i] as Candidate;
    let j = i - 1;
    for (; j >= 0 && (candidates[j] as Candidate).score < c.score; j--) candidates[j + 1] = candidates[j] as Candidate;
    candidates[j + 1] = c;
  }
  return candidates;
}

/** The provider's entry for `code` among `byCode` (the catalog's entries for that code, in any case). */
function findEntry(byCode: readonly ResolvedEntry[], provider: string, code: string, context?: RequestContext): ResolvedEntry | undefined {
  // Most codes have one entry per provider: pick it without building the filtered list.
  let count = 0;
  let first: ResolvedEntry | undefined;
  let exact: ResolvedEntry | undefined;
  for (const e of byCode) {
    if (e.provider !== provider || e.kind === 'status') continue;
    count++;
    first ??= e;
    if (!exact && e.code === code) exact = e;
  }
  if (count <= 1 || !context?.url) return exact ?? first;
  const all = byCode.filter((e) => e.provider === provider && e.kind !== 'status');
  // Kakunin documents the same message on several endpoints: the request's path tells which.
  const path = context.url.replace(/^[a-z]+:\/\/[^/]+/i, '').split('?')[0] ?? '';
  return (
    all.find((e) => e.endpoint && endpointMatches(e.endpoint, context.method, path)) ?? all.find((e) => e.code === code) ?? all[0]
  );
}

const endpointPatterns = new Map<string, { method?: string; path: RegExp }>();

/** `POST /v1/agents/{id}/certify` as a method and a path pattern, compiled once per endpoint. */
function endpointPattern(endpoint: string): { method?: string; path: RegExp } {
  let compiled = endpointPatterns.get(endpoint);
  if (!compiled) {
    const [method, pattern] = endpoint.includes(' ') ? endpoint.split(' ', 2) : [undefined, endpoint];
    const source = (pattern ?? '')
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'))
      .join('[^/]+');
    compiled = { method: method?.toUpperCase(), path: new RegExp(`${source}$`) };
    if (endpointPatterns.size < 1024) endpointPatterns.set(endpoint, compiled);
  }
  return compiled;
}

function endpointMatches(endpoint: string, method: string | undefined, path: string): boolean {
  const pattern = endpointPattern(endpoint);
  if (pattern.method && method && pattern.method !== method.toUpperCase()) return false;
  return pattern.path.test(path);
}

function fieldValues(body: JsonNode, entry: ResolvedEntry | undefined): BodyFieldValue[] {
  const fields = entry?.fields;
  if (!fields || fields.length === 0) return NO_FIELDS;
  let found: BodyFieldValue[] | undefined;
  for (const field of fields) {
    const node = nodeAt(body, field.path);
    if (node) (found ??= []).push({ path: field.path, value: plainValue(node), meaning: field.meaning, format: field.format });
  }
  // Kept with the finding: copied at its final size (an array grown by push keeps room for 16 more).
  return found ? found.slice() : NO_FIELDS;
}

/** Empty lists findings share (read-only: frozen) rather than each keeping its own. */
const NO_FIELDS = Object.freeze([]) as unknown as BodyFieldValue[];
const NO_CANDIDATES = Object.freeze([]) as unknown as Candidate[];

/** `<> ./response.json`: the referenced file's body, reported at the reference in the .http file. */
function referencedResponses(http: { references: HttpResponseReference[] }, catalog: Catalog, options: DetectOptions): Finding[] {
  const out: Finding[] = [];
  for (const reference of http.references) {
    const content = options.references?.get(reference.path);
    if (content === undefined) continue;
    // The request's host, auth header, key and the status in the file's name weigh as they would inline.
    const inner = detect(content, catalog, { ...options, fileName: reference.path, languageId: undefined, references: undefined, requestContext: reference.context });
    const first = inner.find((f) => f.kind === 'response');
    if (!first) continue;
    out.push({ ...first, codeRange: reference.range, bodyRange: reference.range, referencedFile: reference.path });
  }
  return out;
}

/** `err.code === 'grant_exhausted'`, `case "SCOPE_DENIED":` — references to known codes in source. */
function codeReferences(text: string, catalog: Catalog, options: DetectOptions, responses: Finding[]): Finding[] {
  const comparisons = codeComparisons(text);
  if (comparisons.length === 0) return [];
  const inResponse = (at: number) => responses.some((f) => at >= f.bodyRange.start && at < f.bodyRange.end);
  const fileEvidence = [...contextEvidence(catalog, undefined, text), ...importEvidence(text, catalog)];
  const out: Finding[] = [];
  for (const comparison of comparisons) {
    if (inResponse(comparison.start)) continue;
    // Source compares case-sensitively: 'conflict' is never Kayle's CONFLICT.
    const entries = catalog
      .byCode(comparison.code)
      .filter((e) => e.kind === 'code' && e.code === comparison.code && (!options.providers || options.providers.includes(e.provider)));
    if (entries.length === 0) continue;
    const candidates: Candidate[] = [];
    for (const entry of entries) {
      if (candidates.some((c) => c.provider === entry.provider)) continue;
      const evidence: Evidence[] = [
        codeEvidenceOf(catalog, entry, entry.code),
        ...fileEvidence.filter((e) => e.provider === entry.provider),
      ];
      candidates.push({ provider: entry.provider, score: evidence.reduce((s, e) => s + e.weight, 0), entry, evidence });
    }
    candidates.sort((a, b) => b.score - a.score);
    const best = candidates[0] as Candidate;
    const decided = candidates.length === 1 || best.score > (candidates[1]?.score ?? 0);
    const range = { start: comparison.start, end: comparison.end };
    out.push({
      kind: 'reference',
      provider: decided ? best.provider : null,
      candidates,
      code: comparison.code,
      known: decided,
      entry: decided ? best.entry : undefined,
      status: decided ? best.entry?.status : undefined,
      statusSource: decided ? 'catalog' : undefined,
      codeRange: range,
      bodyRange: range,
      headers: {},
      fields: [],
      evidence: decided ? best.evidence : [],
    });
  }
  return out;
}

/** SDK packages and provider names in imports or identifiers (`@kakunin/sdk`, `KnoudsClient`). */
function importEvidence(text: string, catalog: Catalog): Evidence[] {
  const evidence: Evidence[] = [];
  const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
  for (const provider of catalog.providers) {
    const names = [provider.id, provider.displayName.split(' ')[0] as string];
    const re = new RegExp(`(?:${names.map((n) => n.replace(/[^A-Za-z0-9]/g, '')).join('|')})`, 'i');
    if (re.test(sample)) evidence.push({ kind: 'import', provider: provider.id, detail: `the file mentions ${provider.displayName}`, weight: 25 });
  }
  return evidence;
}

/**
 * "The other codes nearby": an ambiguous finding leans towards providers that other findings of the
 * same document were attributed to with confidence.
 */
function rerankByNeighbours(findings: Finding[], catalog: Catalog): Finding[] {
  const confident = new Map<string, number>();
  for (const f of findings) if (f.provider) confident.set(f.provider, (confident.get(f.provider) ?? 0) + 1);
  if (confident.size === 0) return findings;
  return findings.map((f) => {
    if (f.provider || f.generic || f.candidates.length < 2) return f;
    const candidates = f.candidates
      .map((c) =>
        confident.has(c.provider)
          ? { ...c, score: c.score + 20, evidence: [...c.evidence, { kind: 'nearby' as const, provider: c.provider, detail: `other ${catalog.displayName(c.provider)} errors in this file`, weight: 20 }] }
          : c,
      )
      .sort((a, b) => b.score - a.score);
    const best = candidates[0] as Candidate;
    if (best.score <= (candidates[1]?.score ?? 0)) return { ...f, candidates };
    return {
      ...f,
      candidates,
      provider: best.provider,
      entry: best.entry,
      known: Boolean(best.entry) && best.entry?.kind !== 'status',
      status: f.status ?? best.entry?.status,
      statusSource: f.statusSource ?? (best.entry ? 'catalog' : undefined),
      evidence: best.evidence,
    };
  });
}
