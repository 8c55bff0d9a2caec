import type { Catalog } from '../catalog';
import { lineEnd, lineStart } from './context';
import { containerOf } from './container';
import { movedFinding } from './findings';
import { detect } from './run';
import type { DetectOptions, Finding } from './types';

/** One edit: `removedLength` characters at `offset` replaced by `insertedText` (VS Code's contentChanges). */
export interface TextChange {
  offset: number;
  removedLength: number;
  insertedText: string;
}

/** How far a record's context reaches: a curl -i head is read up to 60 lines above its body. */
const CONTEXT_LINES = 60;

function linesUp(text: string, offset: number, lines: number): number {
  let at = lineStart(text, offset);
  for (let i = 0; i < lines && at > 0; i++) at = lineStart(text, at - 1);
  return at;
}

function linesDown(text: string, offset: number, lines: number): number {
  let at = lineEnd(text, offset);
  for (let i = 0; i < lines && at < text.length; i++) at = lineEnd(text, at + 1);
  // Finish the record: pretty-printed continuation lines start with whitespace, `}`, `]` or `"`.
  while (at < text.length && /[\s}\]"]/.test(text[at + 1] ?? '') && text[at + 1] !== '\n') at = lineEnd(text, at + 1);
  return at;
}

const ambiguous = (f: Finding) => !f.provider && !f.generic && f.candidates.length > 1;
/**
 * The findings after an edit of a line-oriented document (logs, JSON Lines, plain text), re-detecting
 * only the records near the edit and shifting the others. Returns undefined when a full detection is
 * needed: other containers (an edit can change a JSON document's structure far away), or ambiguous
 * findings (their ranking depends on the whole document). The result equals a full detection.
 */
export function updateFindings(
  previous: readonly Finding[],
  newText: string,
  change: TextChange,
  catalog: Catalog,
  options: DetectOptions = {},
): Finding[] | undefined {
  if (containerOf(newText, options) !== 'lines' || previous.some(ambiguous)) return undefined;
  const delta = change.insertedText.length - change.removedLength;
  // Before the edit, old and new text are the same: positions there need no mapping.
  const keepBefore = linesUp(newText, change.offset, CONTEXT_LINES);
  const detectFrom = linesUp(newText, keepBefore, CONTEXT_LINES);
  const newEnd = linesDown(newText, change.offset + change.insertedText.length, CONTEXT_LINES);
  const oldEnd = newEnd - delta;

  // A body across either edge of the region (a record cut short runs on) ties the region to the rest.
  if (previous.some((f) => (f.bodyRange.start < keepBefore && f.bodyRange.end > keepBefore) || (f.bodyRange.start < oldEnd && f.bodyRange.end > oldEnd))) return undefined;
  const region = detect(newText.slice(detectFrom, newEnd), catalog, { ...options, languageId: 'log', fileName: undefined, references: undefined });
  if (region.some(ambiguous)) return undefined;

  const before = previous.filter((f) => f.bodyRange.start < keepBefore);
  const middle = region.map((f) => movedFinding(f, detectFrom)).filter((f) => f.bodyRange.start >= keepBefore);
  const after = previous.filter((f) => f.bodyRange.start >= oldEnd).map((f) => movedFinding(f, delta));
  if (after.some((f) => f.bodyRange.start < newEnd)) return undefined;
  return [...before, ...middle, ...after];
}
