import type { Catalog } from '../catalog';
import { Anchors } from './anchors';
import { containerOf } from './container';
import { movedFinding, rerankByNeighbours } from './findings';
import { EscapedAnchors, stringSegments } from './nested';
import { type Segment, readerFor } from './readers';
import { Pacer, scanSegment } from './scan';
import type { DetectOptions, Finding, RequestContext } from './types';


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

function* detectUnsafe(text: string, catalog: Catalog, options: DetectOptions, pacer: Pacer): Generator<void, Finding[]> {
  const reader = readerFor(containerOf(text, options));
  const findings: Finding[] = [];
  const nameStatus = /\.([1-5]\d\d)\.json$/i.exec(options.fileName ?? '');
  const documentContext: RequestContext | undefined =
    options.requestContext ??
    (nameStatus ? { requestHeaders: {}, responseHeaders: {}, status: Number(nameStatus[1]), statusSource: 'file-name' } : undefined);
  // A .http file is searched twice (for the blocks worth reading, then for each body's anchors): the
  // matches of the first search are kept for the second.
  const anchors = new Anchors(catalog, reader.rereadsAnchors === true);
  const read = reader.read({
    text,
    catalog,
    options,
    documentContext,
    firstAnchor: (at) => anchors.first(text, at),
    detectOther: (other, otherOptions) => detect(other, catalog, otherOptions),
  });
  // Decoded strings are other texts: their own matcher keeps the document's look-ahead intact.
  const decodedAnchors = new Anchors(catalog);
  const escapes = new EscapedAnchors();
  const providersKey = options.providers?.join(',') ?? '';
  for (const segment of read.segments) {
    const origin = segment.keptFrom ?? (segment.keepable ? { segment, by: 0 } : undefined);
    const kept = origin ? scanned.get(origin.segment) : undefined;
    if (origin && kept && kept.catalog === catalog && kept.providers === providersKey) {
      for (const finding of kept.findings) findings.push(movedFinding(finding, origin.by));
      continue;
    }
    const before = findings.length;
    const segmentAnchors = segment.offsets ? decodedAnchors : anchors;
    // Most segments of a big .http file hold no anchor: skip them before starting a scan.
    const first = segmentAnchors.first(segment.text, segment.start);
    if (first < 0 || first >= segment.end) {
      if (pacer.tick(0, segment.end - segment.start)) yield;
    } else {
      yield* scanSegment(segment, catalog, options, segmentAnchors, pacer, findings);
    }
    yield* scanStrings(segment, catalog, options, decodedAnchors, escapes, pacer, findings);
    if (segment.keepable) scanned.set(segment, { catalog, providers: providersKey, findings: findings.slice(before) });
  }
  if (read.findings) findings.push(...read.findings(findings));
  // Usually already in order (one segment, or segments in order): a stable sort would change nothing.
  if (!inCodeOrder(findings)) findings.sort((a, b) => a.codeRange.start - b.codeRange.start);
  return rerankByNeighbours(findings, catalog);
}

/**
 * The findings of each segment a reader may keep (source literals), by segment: when the reader
 * gives it again after an edit, moved, its findings are moved rather than read again.
 */
const scanned = new WeakMap<Segment, { catalog: Catalog; providers: string; findings: Finding[] }>();

/** The bodies written as strings inside a segment (escaped JSON), and inside those, down to MAX_STRING_DEPTH. */
function* scanStrings(segment: Segment, catalog: Catalog, options: DetectOptions, anchors: Anchors, escapes: EscapedAnchors, pacer: Pacer, findings: Finding[]): Generator<void> {
  for (const inner of stringSegments(segment, escapes)) {
    yield* scanSegment(inner, catalog, options, anchors, pacer, findings);
    yield* scanStrings(inner, catalog, options, anchors, escapes, pacer, findings);
  }
}

function inCodeOrder(findings: Finding[]): boolean {
  for (let i = 1; i < findings.length; i++) if ((findings[i - 1] as Finding).codeRange.start > (findings[i] as Finding).codeRange.start) return false;
  return true;
}
