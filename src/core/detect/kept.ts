import type { Segment } from './readers/reader';
import type { RequestContext, TreeChange } from './types';

/**
 * What a reading of the previous text may keep after an edit. A result read from the characters
 * `from`…`to` of the previous text is the same in the new one when the edit lies outside them and
 * none of them is in a range whose syntax changed (outside those, every character has the same
 * ancestors in both trees: the calls and objects around a literal are the same). Returns how far the
 * result moves (0 before the edit, the edit's growth after it), or undefined when it must be read again.
 */
export function keptShift(change: TreeChange, from: number, to: number): number | undefined {
  // One character apart from the edit at least: a token touching it may have grown.
  const shift = to < change.start ? 0 : from > change.oldEnd ? change.newEnd - change.oldEnd : undefined;
  if (shift === undefined) return undefined;
  for (const range of change.changedRanges) if (range.start <= to + shift && from + shift <= range.end) return undefined;
  return shift;
}

/**
 * A segment read for an earlier text, moved by `by` characters. Its offset map is moved only if
 * something reads it: its findings are usually the first reading's, moved (see run.ts), and copying
 * every kept literal's map on each keystroke was most of the allocation after an edit.
 */
export class KeptSegment implements Segment {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly lines: boolean;
  readonly context: RequestContext | undefined;
  readonly evidenceText: string | undefined;
  readonly depth: number | undefined;
  readonly keptFrom: { segment: Segment; by: number };
  private moved: Int32Array | undefined;

  constructor(segment: Segment, by: number) {
    const origin = segment.keptFrom ?? { segment, by: 0 };
    this.text = segment.text;
    this.start = segment.start;
    this.end = segment.end;
    this.lines = segment.lines;
    this.context = segment.context;
    this.evidenceText = segment.evidenceText;
    this.depth = segment.depth;
    this.keptFrom = { segment: origin.segment, by: origin.by + by };
  }

  get offsets(): Int32Array | undefined {
    const first = this.keptFrom.segment.offsets;
    if (first && !this.moved) this.moved = shiftedOffsets(first, this.keptFrom.by);
    return this.moved;
  }
}

/** A segment's offset map moved with its text. */
function shiftedOffsets(offsets: Int32Array, by: number): Int32Array {
  if (by === 0) return offsets;
  const moved = new Int32Array(offsets.length);
  for (let i = 0; i < offsets.length; i++) moved[i] = (offsets[i] as number) + by;
  return moved;
}
