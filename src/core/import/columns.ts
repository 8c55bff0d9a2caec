import { plain } from './blocks';

/** What a column of an error table holds. */
export type ColumnKind =
  'code' | 'status' | 'message' | 'retryable' | 'meaning' | 'action' | 'reason' | 'category' | 'other';

/** Header names as docs pages write them, longest first within a kind where one contains another. */
const NAMES: readonly (readonly [string, ColumnKind])[] = [
  ['http status code', 'status'],
  ['http status', 'status'],
  ['status code', 'status'],
  ['http code', 'status'],
  ['response code', 'status'],
  ['http', 'status'],
  ['status', 'status'],
  ['error code', 'code'],
  ['error type', 'code'],
  ['error name', 'code'],
  ['error id', 'code'],
  ['code', 'code'],
  ['error message', 'message'],
  ['error string', 'message'],
  ['message', 'message'],
  ['error', 'code'],
  ['type', 'code'],
  ['retryable?', 'retryable'],
  ['retryable', 'retryable'],
  ['retriable', 'retryable'],
  ['safe to retry', 'retryable'],
  ['can retry', 'retryable'],
  ['retry?', 'retryable'],
  ['retry', 'retryable'],
  ['description', 'meaning'],
  ['meaning', 'meaning'],
  ["when it's used", 'meaning'],
  ["when it's returned", 'meaning'],
  ['when it happens', 'meaning'],
  ['when it occurs', 'meaning'],
  ['when', 'meaning'],
  ['typical', 'meaning'],
  ['cause', 'meaning'],
  ['explanation', 'meaning'],
  ['details', 'meaning'],
  ['detail', 'meaning'],
  ['what it means', 'meaning'],
  ['summary', 'meaning'],
  ['notes', 'meaning'],
  ['recommended action', 'action'],
  ['suggested action', 'action'],
  ['what to do', 'action'],
  ['how to fix', 'action'],
  ['how to handle', 'action'],
  ['next steps', 'action'],
  ['resolution', 'action'],
  ['solution', 'action'],
  ['remedy', 'action'],
  ['action', 'action'],
  ['fix', 'action'],
  ['handling', 'action'],
  ['reason phrase', 'reason'],
  ['reason', 'reason'],
  ['name', 'reason'],
  ['title', 'reason'],
  ['category', 'category'],
];

const byLength = [...NAMES].sort((a, b) => b[0].length - a[0].length);

function normal(text: string): string {
  return plain(text).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The kind of a header cell (`HTTP Status` → status), `other` when it is not an error-table name. */
export function columnKind(header: string): ColumnKind {
  const name = normal(header);
  const exact = NAMES.find(([n]) => n === name);
  if (exact) return exact[1];
  // "Error code (string)", "Recommended action / notes": the first known name inside wins.
  for (const [n, kind] of byLength)
    if (n.length > 3 && new RegExp(`\\b${n.replace(/[?.]/g, '\\$&')}\\b`).test(name)) return kind;
  return 'other';
}

/**
 * A header whose cells ran together when the page was copied (`CodeHTTPMeaning`,
 * `Statuserror messageFix`): the known names it is made of, or undefined if it is not one.
 */
export function splitRunTogetherHeader(line: string): { names: string[]; kinds: ColumnKind[] } | undefined {
  const text = plain(line).trim();
  if (text.length < 6 || text.length > 80 || /[|\t]/.test(text)) return undefined;
  const lower = text.toLowerCase();
  const names: string[] = [];
  const kinds: ColumnKind[] = [];
  const walk = (at: number): boolean => {
    while (lower[at] === ' ') at++;
    if (at >= lower.length) return true;
    for (const [name, kind] of byLength) {
      if (!lower.startsWith(name, at)) continue;
      names.push(text.slice(at, at + name.length));
      kinds.push(kind);
      if (walk(at + name.length)) return true;
      names.pop();
      kinds.pop();
    }
    return false;
  };
  if (!walk(0) || kinds.length < 2) return undefined;
  if (!kinds.some((k) => k === 'code' || k === 'status' || k === 'message')) return undefined;
  return { names, kinds };
}

const STATUS_LIST = /^\s*([1-5]\d\d(?:\s*\/\s*[1-5]\d\d)*)(?!\d)/;
const RETRY_WORD = /^\s*(yes|no|true|false|conditional|sometimes|maybe)(?=[A-Z\s]|$)/i;
/** One code, as it ends where the next (capitalised) cell starts: `INVALID_INPUTSThe …`, `grant_exhaustedYour …`. */
const CODE_BEFORE_TEXT =
  /^\s*((?:(?:[A-Z][A-Z0-9_.-]*|[a-z][a-z0-9_.-]*)\s*\/\s*)*(?:\([^)]{1,40}\)|[A-Z][A-Z0-9_.-]*?(?=[A-Z][a-z])|[A-Z][A-Z0-9_.-]*(?=\s)|[a-z][a-z0-9_.-]*(?=[A-Z\s])))/;
/** Where a text cell ends and the next (capitalised) one starts: `Bad RequestMissing …`. */
const TEXT_BOUNDARY = /[a-z)\].'"!?](?=[A-Z])/;

/**
 * Splits a row whose cells ran together (`UNAUTHORIZED401The Authorization header…`,
 * `400INVALID_INPUTSThe request…`, `404Agent not foundCheck agent ID…`) into the header's columns.
 * Undefined when the row does not fit them (then it is not a row of this table).
 */
export function splitRunTogetherRow(line: string, kinds: readonly ColumnKind[]): string[] | undefined {
  let rest = plain(line).trim();
  const cells: string[] = [];
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i] as ColumnKind;
    const next = kinds[i + 1];
    const last = i === kinds.length - 1;
    let cell: string | undefined;
    if (last) {
      cell = rest.trim();
      rest = '';
    } else if (kind === 'status') {
      const m = STATUS_LIST.exec(rest);
      if (m) cell = m[1];
      if (m) rest = rest.slice(m[0].length);
    } else if (kind === 'retryable') {
      const m = RETRY_WORD.exec(rest);
      if (m) cell = m[1];
      if (m) rest = rest.slice(m[0].length);
    } else if ((kind === 'code' || kind === 'message') && next === 'status') {
      const m = /^\s*(.+?)\s*(?=[1-5]\d\d(?!\d))/.exec(rest);
      if (m) cell = m[1];
      if (m) rest = rest.slice(m[0].length);
    } else if (kind === 'code' && /^\s*[1-5]\d\d(?!\d)/.test(rest)) {
      // A "Code" column that holds statuses (Kakunin's `CodeNameWhen it happens`).
      const m = STATUS_LIST.exec(rest);
      if (m) cell = m[1];
      if (m) rest = rest.slice(m[0].length);
    } else if (kind === 'code') {
      const m = CODE_BEFORE_TEXT.exec(rest);
      if (m) cell = m[1];
      if (m) rest = rest.slice(m[0].length);
    } else {
      const m = TEXT_BOUNDARY.exec(rest);
      if (m) cell = rest.slice(0, m.index + 1);
      if (m) rest = rest.slice(m.index + 1);
    }
    if (cell === undefined || !cell.trim()) return undefined;
    cells.push(cell.trim());
  }
  return cells;
}

/** `401`, `401 / 401 / 409`, `429 Too Many Requests`: the statuses a cell names. */
export function statusesIn(cell: string): number[] | undefined {
  const m = /^\s*([1-5]\d\d(?:\s*(?:\/|,|or)\s*[1-5]\d\d)*)(?!\d)/.exec(cell);
  if (!m) return undefined;
  return (m[1] as string).split(/\s*(?:\/|,|or)\s*/).map(Number);
}

export function isStatusCell(cell: string): boolean {
  return statusesIn(cell) !== undefined;
}

/** `rate_limited`, `INVALID_INPUTS`, `Foo.BarError`, `A / B`: cells that hold codes, not prose. */
export function isCodeCell(cell: string): boolean {
  return (
    /^(?:[A-Za-z][\w.:-]*)(?:\s*(?:\/|,|or)\s*[A-Za-z][\w.:-]*)*$/.test(cell.trim()) &&
    !/^(?:yes|no|true|false)$/i.test(cell.trim())
  );
}

/** A cell that stands for "no code": `(no code)`, `—`, `n/a`, `(message)`. */
export function isNoCode(cell: string): boolean {
  return /^\s*(?:\([^)]*\)|[-\u2013\u2014]+|n\/a|none)?\s*$/i.test(cell);
}

export function splitCodes(cell: string): string[] {
  return cell
    .split(/\s*(?:\/|,|\bor\b)\s*/)
    .map((c) => c.trim())
    .filter(Boolean);
}
