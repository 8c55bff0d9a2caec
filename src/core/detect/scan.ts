import type { Catalog } from '../catalog';
import type { Anchors } from './anchors';
import { classify } from './classify';
import { contextEvidence, lineEnd, lineStart, logLineContext, responseHeadBefore } from './context';
import { toFinding } from './findings';
import { type JsonNode, MAX_OBJECT, NO_ERRORS, type ParsedObject, childOf, enclosingOpen, numberAt, parseValueAt } from './jsonScan';
import { contextOfRecord, merged } from './nested';
import type { Segment } from './readers/reader';
import type { DetectOptions, Finding, RequestContext } from './types';

/**
 * When detection pauses: after so many candidates (each may be parsed) or so much text passed over,
 * whichever comes first, counted across segments (a big .http file is thousands of small ones).
 */
export class Pacer {
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

/** Adds the segment's findings to `findings`, pausing (yielding) when the pacer says. */
export function* scanSegment(segment: Segment, catalog: Catalog, options: DetectOptions, anchors: Anchors, pacer: Pacer, findings: Finding[]): Generator<void> {
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
    const around = segment.context ?? (segment.lines ? lineContext(segment, open, linePrefix) : undefined);
    // The record's own URL (`{"url": …, "body": {…}}`) names the host when nothing around it did.
    const context = wrapper?.request && !around?.host ? merged(around, wrapper.request) : around;
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
      contextEvidence(catalog, context, segment.lines ? linePrefix : (segment.evidenceText ?? '')),
    );
    if (finding) findings.push(finding);
  }
  if (pacer.tick(0, end - counted)) yield;
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

type Wrapper = { status?: number; headers?: Record<string, string>; request?: RequestContext };

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
  const record = contextOfRecord(parent);
  const request = record?.host ? { method: record.method, url: record.url, host: record.host, requestHeaders: {}, responseHeaders: {} } : undefined;
  return status === undefined && Object.keys(headers).length === 0 && !request ? undefined : { status, headers, request };
}

/** `prefix`: the text on the body's line before it. */
function lineContext(segment: Segment, open: number, prefix: string): RequestContext | undefined {
  if (segment.offsets) return undefined;
  // /\S/ is `prefix.trim() !== ''` without the trimmed copy.
  return (NOT_BLANK.test(prefix) ? logLineContext(prefix) : undefined) ?? responseHeadBefore(segment.text, open, segment.start);
}

const NOT_BLANK = /\S/;
