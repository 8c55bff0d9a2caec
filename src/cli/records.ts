import { createScanner } from 'jsonc-parser';
import type { Container, Finding } from '../core/detect';

/**
 * A stream's text cut into pieces that detection can read one at a time, never inside a record:
 * the pending text is cut only where no error body can be open, so a pretty-printed JSON body in a
 * log, one response of a .http file or one element of a big JSON array is always read whole.
 *
 * - logs (lines): after a line end when the next line starts a new record (it does not start with
 *   a space, a tab, `}`, `]` or `"`, which continue a pretty-printed body), or, at the end of what
 *   has arrived, when the last record's brackets are closed — so `tail -f` output is explained as
 *   each line arrives;
 * - JSON documents: after a `,` between two elements of an array at most 3 levels deep (a top-level
 *   array, a HAR's `log.entries`), the shallowest such array first, found with jsonc-parser's
 *   scanner;
 * - .http files: before a `###` line; each piece starts with the file's variables seen so far;
 * - Markdown and source files: read whole.
 *
 * A record longer than `maxRecord` characters is cut anyway (at its last line end, if any): memory
 * stays bounded on any input, and the caller is told so.
 */
export interface RecordCutterOptions {
  /** The longest record kept whole, in characters. */
  maxRecord: number;
  /** JSON documents and .http files are detected in pieces of about this many characters. */
  pieceSize: number;
  /** Log lines: how much of the text already read comes again before a piece (a status line before a body). */
  contextSize: number;
}

export const DEFAULT_CUTTER: RecordCutterOptions = { maxRecord: 16 * 1024 * 1024, pieceSize: 4 * 1024 * 1024, contextSize: 4096 };

/** Text to detect in, and where it sits in the whole stream. */
export interface Piece {
  /** Context (text read before, already detected) and then the new text. */
  text: string;
  /** Where the new text starts in `text`: bodies starting before it were reported with an earlier piece. */
  fresh: number;
  /** 1-based line and 0-based column of `text`'s first character in the stream. */
  line: number;
  column: number;
  /** The piece was cut inside a record longer than maxRecord. */
  forced: boolean;
}

export class RecordCutter {
  /** Log lines: the text not yet detected. Other containers: set only while a piece is taken. */
  private pending = '';
  private parts: string[] = [];
  private partsLength = 0;
  private lastHttpCut = 0;
  private line = 1;
  private column = 0;
  /** Log lines: the end of the text already detected, from a line start. .http: its variable lines. */
  private context = '';
  private readonly json: JsonCuts | undefined;

  constructor(
    private readonly container: Container,
    private readonly options: RecordCutterOptions = DEFAULT_CUTTER,
  ) {
    // HAR and Postman exports are JSON documents: cut between the elements of their arrays too.
    if (container === 'document' || container === 'har' || container === 'postman') this.json = new JsonCuts();
  }

  /** Adds text as it arrives; returns the pieces that can be detected now. */
  push(text: string): Piece[] {
    if (this.container === 'lines') {
      // Appending to an empty string would only wrap the new text.
      this.pending = this.pending.length === 0 ? text : this.pending + text;
      const cut = lineCut(this.pending);
      if (cut > 0) return [this.take(cut, false)];
      if (this.pending.length > this.options.maxRecord) return [this.take(forcedCut(this.pending, this.options.maxRecord), true)];
      return [];
    }
    // Other containers wait for whole pieces: their text is kept as a list of parts and joined once
    // per piece, as joining it on every arrival would copy it over and over.
    this.parts.push(text);
    this.partsLength += text.length;
    const cut = this.json ? this.json.feed(text, this.partsLength, this.options.pieceSize) : this.container === 'http' ? this.httpCut(text) : 0;
    if (cut === 0 && this.partsLength <= this.options.maxRecord) return [];
    this.joinParts();
    const piece = cut > 0 ? this.take(cut, false) : this.take(forcedCut(this.pending, this.options.maxRecord), true);
    if (this.pending.length > 0) {
      this.parts.push(this.pending);
      this.partsLength = this.pending.length;
      this.pending = '';
    }
    return [piece];
  }

  /** The end of the stream: whatever is left. */
  end(): Piece[] {
    this.joinParts();
    return this.pending.length > 0 ? [this.take(this.pending.length, false)] : [];
  }

  private joinParts(): void {
    if (this.parts.length === 0) return;
    this.pending = this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join('');
    this.parts = [];
    this.partsLength = 0;
  }

  /** .http: the start of the last `###` line once a piece's worth is pending (0: wait). */
  private httpCut(text: string): number {
    const from = this.partsLength - text.length;
    // A `\n###` may straddle the previous part: look at its last three characters too.
    const previous = this.parts.length > 1 ? (this.parts[this.parts.length - 2] as string).slice(-3) : '';
    const at = (previous + text).lastIndexOf('\n###', previous.length + text.length - 1);
    if (at >= 0 && from - previous.length + at > 0) this.lastHttpCut = from - previous.length + at + 1;
    return this.partsLength >= this.options.pieceSize ? this.lastHttpCut : 0;
  }

  private take(cut: number, forced: boolean): Piece {
    const fresh = this.pending.slice(0, cut);
    this.pending = this.pending.slice(cut);
    this.json?.consumed(cut);
    this.lastHttpCut = this.lastHttpCut > cut ? this.lastHttpCut - cut : 0;
    // The context ends with a line end, and the new text starts a line: positions run on across both.
    const withContext = this.context.length > 0 && this.column === 0;
    const piece: Piece = withContext
      ? { text: this.context + fresh, fresh: this.context.length, line: this.line - countLines(this.context), column: 0, forced }
      : { text: fresh, fresh: 0, line: this.line, column: this.column, forced };
    const lines = countLines(fresh);
    const lastNewline = fresh.lastIndexOf('\n', fresh.length - 1);
    this.line += lines;
    this.column = lastNewline < 0 ? this.column + fresh.length : fresh.length - lastNewline - 1;
    this.context = this.column !== 0 ? '' : this.container === 'lines' ? lastLines(piece.text, this.options.contextSize) : this.container === 'http' ? httpVariables(this.context + variableLines(fresh)) : '';
    return piece;
  }
}

/** The last whole lines of `text` (which ends with a line end) within `size` characters. */
function lastLines(text: string, size: number): string {
  if (text.length <= size) return text;
  const from = text.indexOf('\n', text.length - size - 1) + 1;
  return from > 0 ? text.slice(from) : '';
}

/** A .http file's variable lines, the latest 64 KB of them. */
function httpVariables(lines: string): string {
  return lines.length <= 65536 ? lines : lines.slice(lines.indexOf('\n', lines.length - 65536 - 1) + 1);
}

function countLines(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

/** Continues a pretty-printed body on the line before (see recordEnd in the detector). */
function continues(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x7d || code === 0x5d || code === 0x22;
}

/** The end of the last complete log record in `text` (0: none yet). */
export function lineCut(text: string): number {
  // With its position given, V8 searches back from it; without, it reads the whole string first.
  let at = text.lastIndexOf('\n', text.length - 1);
  if (at < 0) return 0;
  if (at === text.length - 1) {
    // Nothing after the last line end yet: cut there only if its record's brackets are all closed.
    const start = recordStart(text, at);
    if (bracketsClosed(text, start, at)) return at + 1;
    at = text.lastIndexOf('\n', start - 1);
  }
  while (at >= 0 && continues(text.charCodeAt(at + 1))) at = text.lastIndexOf('\n', at - 1);
  return at + 1;
}

/** The start of the line that begins the record holding the line ending at `end`. */
function recordStart(text: string, end: number): number {
  let start = text.lastIndexOf('\n', end - 1) + 1;
  while (start > 0 && continues(text.charCodeAt(start))) start = text.lastIndexOf('\n', start - 2) + 1;
  return start;
}

/** Whether every `{` and `[` from the first one in [start, end) is closed by `end`, strings read as JSON strings. */
function bracketsClosed(text: string, start: number, end: number): boolean {
  let open = start;
  while (open < end) {
    const c = text.charCodeAt(open);
    if (c === 0x7b || c === 0x5b) break;
    open++;
  }
  if (open >= end) return true;
  const scanner = createScanner(text.slice(open, end), true);
  let depth = 0;
  // SyntaxKind is a const enum that isolatedModules cannot read: see the numbers' names beside them.
  for (let kind = scanner.scan(); kind !== 17 /* EOF */; kind = scanner.scan()) {
    if (kind === 1 /* { */ || kind === 3 /* [ */) depth++;
    else if (kind === 2 /* } */ || kind === 4 /* ] */) depth--;
    else if (kind === 10 /* string */ && scanner.getTokenError() === 2 /* UnexpectedEndOfString */) return false;
  }
  return depth <= 0;
}

const VARIABLE_LINE = /^[ \t]*@[A-Za-z_][\w.-]*[ \t]*=.*\n/gm;

function variableLines(text: string): string {
  if (text.indexOf('@') < 0) return '';
  let lines = '';
  for (const m of text.matchAll(VARIABLE_LINE)) lines += m[0];
  return lines;
}

/** Cut a record too long to keep whole: at its last line end if it has one, never inside a surrogate pair. */
function forcedCut(text: string, maxRecord: number): number {
  const newline = text.lastIndexOf('\n', maxRecord - 1);
  if (newline > 0) return newline + 1;
  const high = text.charCodeAt(maxRecord - 1);
  return high >= 0xd800 && high <= 0xdbff ? maxRecord - 1 : maxRecord;
}

/**
 * Where a JSON document can be cut: after a comma between elements of an array at most MAX_DEPTH
 * levels deep, found by jsonc-parser's scanner. Each part is scanned once as it arrives, with the
 * stack of open brackets kept; a token cut at the end of a part is scanned again with the next one.
 */
class JsonCuts {
  private static readonly MAX_DEPTH = 3;
  /** Open brackets, outermost first: true for an array. */
  private readonly stack: boolean[] = [];
  /** The unfinished token at the end of what was scanned, and where it starts in the pending text. */
  private carry = '';
  private carryStart = 0;
  /** The latest cut after an element of an array at each depth (index depth - 1); 0: none. */
  private readonly cuts: number[] = [0, 0, 0];

  /** Scans a new part (the pending text is now `length` long); the best cut once `pieceSize` characters are pending (0: wait). */
  feed(text: string, length: number, pieceSize: number): number {
    const scanned = this.carry.length === 0 ? text : this.carry + text;
    const scanner = createScanner(scanned, false);
    let resumeAt = scanned.length;
    for (let kind = scanner.scan(); kind !== 17 /* EOF */; kind = scanner.scan()) {
      const end = scanner.getTokenOffset() + scanner.getTokenLength();
      // A token that reaches the end of what has arrived may go on in the next part: read it again then.
      if (end >= scanned.length && kind !== 1 && kind !== 2 && kind !== 3 && kind !== 4 && kind !== 5) {
        resumeAt = scanner.getTokenOffset();
        break;
      }
      if (kind === 1 /* { */ || kind === 3 /* [ */) this.stack.push(kind === 3);
      else if (kind === 2 /* } */ || kind === 4 /* ] */) this.stack.pop();
      else if (kind === 5 /* , */ && this.stack.length <= JsonCuts.MAX_DEPTH && this.stack[this.stack.length - 1] === true) {
        this.cuts[this.stack.length - 1] = this.carryStart + end;
      }
    }
    this.carry = scanned.slice(resumeAt);
    this.carryStart += resumeAt;
    if (length < pieceSize) return 0;
    for (const cut of this.cuts) if (cut > 0) return cut;
    return 0;
  }

  /** The first `cut` characters went to detection: offsets move back by as much. */
  consumed(cut: number): void {
    this.carryStart -= cut;
    for (let i = 0; i < this.cuts.length; i++) this.cuts[i] = (this.cuts[i] as number) > cut ? (this.cuts[i] as number) - cut : 0;
  }
}

/** A whole text as one piece. */
export function wholeText(text: string): Piece {
  return { text, fresh: 0, line: 1, column: 0, forced: false };
}

/** A finding with its 1-based line and column in the stream (at the code's string token). */
export interface Located {
  finding: Finding;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** The piece's findings that are new (bodies in its context were reported with the piece before), located in the stream. */
export function locate(piece: Piece, findings: readonly Finding[]): Located[] {
  const lines = new LineCursor(piece.text, piece.line, piece.column);
  const located: Located[] = [];
  for (const finding of findings) {
    if (finding.bodyRange.start < piece.fresh) continue;
    const start = lines.position(finding.codeRange.start);
    const end = lines.position(finding.codeRange.end);
    located.push({ finding, line: start.line, column: start.column, endLine: end.line, endColumn: end.column });
  }
  return located;
}

/**
 * 1-based line and column of offsets asked for mostly in increasing order (findings come sorted):
 * one pass over the newlines up to the last finding instead of indexing every line of a big file.
 * Same answers as LineIndex for any offset, in any order. `firstLine` and `firstColumn` (0-based)
 * place the text's start in a longer stream.
 */
class LineCursor {
  private line: number;
  private lineStart = 0;
  /** The first newline at or after lineStart (-1: none). */
  private nextNewline: number;

  constructor(
    private readonly text: string,
    private readonly firstLine: number,
    private readonly firstColumn: number,
  ) {
    this.line = firstLine;
    this.nextNewline = text.indexOf('\n');
  }

  position(offset: number): { line: number; column: number } {
    while (this.nextNewline >= 0 && this.nextNewline < offset) {
      this.line++;
      this.lineStart = this.nextNewline + 1;
      this.nextNewline = this.text.indexOf('\n', this.lineStart);
    }
    while (offset < this.lineStart && this.lineStart > 0) {
      this.nextNewline = this.lineStart - 1;
      this.lineStart = this.lineStart >= 2 ? this.text.lastIndexOf('\n', this.lineStart - 2) + 1 : 0;
      this.line--;
    }
    return { line: this.line, column: offset - this.lineStart + 1 + (this.line === this.firstLine ? this.firstColumn : 0) };
  }
}
