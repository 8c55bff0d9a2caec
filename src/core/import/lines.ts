import { type Node, type ParseError, parseTree } from 'jsonc-parser';
import { type Block, type TableRow, cleanCell } from './blocks';
import {
  type ColumnKind,
  columnKind,
  isCodeCell,
  isNoCode,
  isStatusCell,
  splitRunTogetherHeader,
  splitRunTogetherRow,
} from './columns';

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const SEPARATOR = /^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$/;
/** `UNAUTHORIZED401The Authorization…` without a header line: a code, a status and text, run together. */
const CODE_STATUS_TEXT =
  /^(?:[A-Z][A-Z0-9_]*_[A-Z0-9_]*|[A-Z]{4,}|[a-z]+_[a-z0-9_]+)(?:\s*\/\s*[A-Za-z][\w]*)*\s*[1-5]\d\d(?:\s*\/\s*[1-5]\d\d)*[A-Z(]/;

function isPipeRow(t: string): boolean {
  // `a || b` in copied code is not a table.
  const pipes = t.replace(/\|\|/g, '').split('|').length - 1;
  return pipes >= 2 || (pipes === 1 && (t.startsWith('|') || t.endsWith('|')) && t.length > 2);
}

function pipeCells(t: string): string[] {
  let s = t.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  return s.split(/(?<!\\)\|/).map(cleanCell);
}

function isTabRow(line: string): boolean {
  return line.includes('\t') && line.split(/\t+/).filter((c) => c.trim()).length >= 2;
}

function looksLikeHeader(cells: readonly string[]): boolean {
  const known = cells.filter((c) => columnKind(c) !== 'other').length;
  return known >= 2 && known * 2 >= cells.length;
}

/**
 * Reads Markdown or text copied from a browser, line by line: fenced code, `#` headings, pipe and
 * tab tables, tables whose cells ran together (a header such as `CodeHTTPMeaning` and the rows
 * after it), JSON examples written over several lines, and everything else as text.
 */
export function readLines(text: string): Block[] {
  const lines = text.split(/\r\n|\r|\n/);
  const starts: number[] = [];
  let at = 0;
  for (const l of lines) {
    starts.push(at);
    at += l.length + 1;
  }
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    const t = line.trim();
    const lineNo = i + 1;
    if (!t) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1] as string;
      let j = i + 1;
      while (j < lines.length && !(lines[j] as string).trim().startsWith(marker)) j++;
      blocks.push({ kind: 'code', text: lines.slice(i + 1, j).join('\n'), line: lineNo });
      i = j + 1;
      continue;
    }
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(t);
    if (heading) {
      blocks.push({ kind: 'heading', text: cleanCell(heading[1] as string), line: lineNo, certain: true });
      i++;
      continue;
    }
    if (isPipeRow(t) || isTabRow(line)) {
      const tab = !isPipeRow(t);
      const rows: TableRow[] = [];
      let header: string[] | undefined;
      let j = i;
      for (; j < lines.length; j++) {
        const l = lines[j] as string;
        const lt = l.trim();
        if (!lt) break;
        if (tab ? !isTabRow(l) : !isPipeRow(lt)) break;
        if (!tab && SEPARATOR.test(lt)) {
          // The row above a separator is the header.
          if (rows.length === 1 && !header) header = (rows.pop() as TableRow).cells;
          continue;
        }
        const cells = tab ? l.split(/\t+/).map(cleanCell) : pipeCells(lt);
        rows.push({ cells, line: j + 1, raw: lt });
      }
      if (!header && rows.length > 0 && looksLikeHeader((rows[0] as TableRow).cells))
        header = (rows.shift() as TableRow).cells;
      blocks.push({ kind: 'table', header, rows, line: lineNo });
      i = j;
      continue;
    }
    const runTogether = splitRunTogetherHeader(t);
    if (runTogether) {
      const { rows, next, unread } = runTogetherRows(lines, i + 1, runTogether.kinds);
      if (rows.length > 0) {
        blocks.push({ kind: 'table', header: runTogether.names, rows, line: lineNo, unreadRows: unread });
        i = next;
        continue;
      }
    }
    if (CODE_STATUS_TEXT.test(t)) {
      const kinds: ColumnKind[] = ['code', 'status', 'meaning'];
      const { rows, next, unread } = runTogetherRows(lines, i, kinds);
      if (rows.length > 0) {
        blocks.push({
          kind: 'table',
          header: ['Code', 'HTTP', 'Meaning'],
          rows,
          line: lineNo,
          unreadRows: unread,
        });
        i = next;
        continue;
      }
    }
    if (t.startsWith('{') || t.startsWith('[{')) {
      const json = jsonAt(text, starts[i] as number);
      if (json) {
        const end = json.offset + json.length;
        let j = i;
        while (j + 1 < lines.length && (starts[j + 1] as number) < end) j++;
        blocks.push({ kind: 'code', text: text.slice(json.offset, end), line: lineNo });
        i = j + 1;
        continue;
      }
    }
    blocks.push(
      headingLike(t)
        ? { kind: 'heading', text: cleanCell(t), line: lineNo, certain: false }
        : { kind: 'text', text: t, line: lineNo },
    );
    i++;
  }
  return blocks;
}

/** The rows of a run-together table: every line that splits into the columns, across blank lines. */
function runTogetherRows(
  lines: readonly string[],
  from: number,
  kinds: readonly ColumnKind[],
): { rows: TableRow[]; next: number; unread: TableRow[] } {
  const rows: TableRow[] = [];
  let next = from;
  for (let j = from; j < lines.length; j++) {
    const t = (lines[j] as string).trim();
    if (!t) continue;
    const cells = splitRunTogetherRow(t, kinds);
    if (!cells || !cellsFit(cells, kinds)) break;
    rows.push({ cells, line: j + 1, raw: t });
    next = j + 1;
  }
  return { rows, next, unread: [] };
}

/** Codes must look like codes: prose with a number in it is not a row. */
function cellsFit(cells: readonly string[], kinds: readonly ColumnKind[]): boolean {
  return kinds.every(
    (k, i) =>
      k !== 'code' ||
      isCodeCell(cells[i] as string) ||
      isNoCode(cells[i] as string) ||
      isStatusCell(cells[i] as string),
  );
}

/** A JSON value that starts at `offset` (an example body written over several lines). */
function jsonAt(text: string, offset: number): { offset: number; length: number; node: Node } | undefined {
  const slice = text.slice(offset, offset + 20_000);
  const errors: ParseError[] = [];
  const node = parseTree(slice, errors, { allowTrailingComma: true, disallowComments: false });
  if (!node || (node.type !== 'object' && node.type !== 'array') || !node.children?.length) return undefined;
  const start = slice.length - slice.trimStart().length;
  return { offset: offset + start, length: node.offset + node.length - start, node };
}

/** A short line standing alone, like a heading copied without its markup ("Billing and quota errors"). */
export function headingLike(t: string): boolean {
  if (t.length < 2 || t.length > 100) return false;
  if (!/^[\p{L}]/u.test(t)) return false;
  if (/[.:;,{([=>]$/.test(t)) return false;
  if (/ = |=>|`|\|\t/.test(t)) return false;
  return t.split(/\s+/).length <= 12;
}
