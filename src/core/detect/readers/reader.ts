import type { Catalog } from '../../catalog';
import type { Container } from '../container';
import type { DetectOptions, Finding, RequestContext } from '../types';

/**
 * A region of a document to read bodies from: a slice of the document, or text decoded from it (an
 * escaped string, a base64 body, a Python repr) with an offset map back to the document.
 */
export interface Segment {
  text: string;
  start: number;
  end: number;
  /** Line mode: each record sits on a line (logs, JSON Lines); bodies end at the line's end. */
  lines: boolean;
  /** What the container knows of the exchange: status, method, URL and host, headers. */
  context?: RequestContext;
  /** For decoded text: segment offset → document offset (one entry more than the text's length). */
  offsets?: Int32Array;
  /** Text around the segment worth reading for provider evidence (a log line holding an escaped body). */
  evidenceText?: string;
  /** How many strings deep the segment sits (0: the document's own text). */
  depth?: number;
  /**
   * A segment the reader read for an earlier text and kept (a source literal an edit left alone):
   * the segment first read, and how far it has moved since. Its findings are that one's, moved.
   */
  keptFrom?: { segment: Segment; by: number };
  /** The reader may keep this segment for the next text: its findings are worth keeping with it. */
  keepable?: boolean;
}

/** What every reader is given. */
export interface ReaderInput {
  text: string;
  catalog: Catalog;
  options: DetectOptions;
  /** The request the whole document answers (options.requestContext, or a `*.429.json` name). */
  documentContext: RequestContext | undefined;
  /** The offset of the first error key at or after `at`, or -1. */
  firstAnchor(at: number): number;
  /** Detection of another document (a `<>` reference of a .http file). */
  detectOther(text: string, options: DetectOptions): Finding[];
}

export interface ReadResult {
  segments: Iterable<Segment>;
  /** Findings that are not bodies (code references in source, `<>` responses), given the bodies found. */
  findings?(bodies: readonly Finding[]): Finding[];
}

/**
 * One container format. Readers are registered in readers/index.ts and never import each other:
 * adding a format is adding a file.
 */
export interface Reader {
  readonly container: Container;
  /** The reader asks for error keys twice over the same text (the .http reader): matches are kept. */
  readonly rereadsAnchors?: boolean;
  read(input: ReaderInput): ReadResult;
}
