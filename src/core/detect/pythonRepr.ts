import { lineEnd, lineStart, logLineContext } from './context';
import type { Segment } from './readers/reader';
import type { Decoded } from './strings';

/** A key error bodies start with, in a Python repr (`'error': {…}`). */
const REPR_ANCHOR = /'(?:errors?|title)'\s*:(?! ?None)/g;

/**
 * Python reprs of error bodies in a log (`body={'data': None, 'error': {'code': 'X'}}`), each as a
 * segment of JSON text mapped back to the log, with what the line before it says (URL, status).
 */
export function pythonReprSegments(text: string): Segment[] {
  const out: Segment[] = [];
  if (!text.includes("'error") && !text.includes("'title")) return out;
  let coveredUntil = -1;
  REPR_ANCHOR.lastIndex = 0;
  for (let m = REPR_ANCHOR.exec(text); m; m = REPR_ANCHOR.exec(text)) {
    if (m.index < coveredUntil) continue;
    const from = lineStart(text, m.index);
    const to = lineEnd(text, m.index);
    const open = reprOpen(text, from, m.index);
    if (open < 0) continue;
    const decoded = reprToJson(text, open, to);
    coveredUntil = decoded.offsets[decoded.offsets.length - 1] as number;
    const prefix = text.slice(Math.max(from, open - 4096), open);
    out.push({
      text: decoded.text,
      start: 0,
      end: decoded.text.length,
      lines: false,
      offsets: decoded.offsets,
      context: /\S/.test(prefix) ? logLineContext(prefix) : undefined,
      evidenceText: text.slice(from, Math.min(to, from + 8192)),
      depth: 1,
    });
    REPR_ANCHOR.lastIndex = Math.max(coveredUntil, m.index + 1);
  }
  return out;
}

/** The first `{` on the line before `at` that opens a dict with a single-quoted key (`{'`): a repr, not JSON. */
function reprOpen(text: string, from: number, at: number): number {
  for (let i = text.indexOf('{', from); i >= 0 && i < at; i = text.indexOf('{', i + 1)) {
    let j = i + 1;
    while (text.charCodeAt(j) === 0x20) j++;
    if (text.charCodeAt(j) === 0x27) return i;
  }
  return -1;
}

const WORDS: Record<string, string> = { True: 'true', False: 'false', None: 'null' };

/**
 * A Python repr of a dict (`{'data': None, 'error': {'code': 'X'}}`, as `logging` writes a dict) as
 * JSON text for jsonc-parser, with each character's origin: single-quoted strings get double quotes,
 * True/False/None their JSON names, tuples brackets. It reads from the `{` at `open` to its matching
 * `}` or the end of the line, whichever comes first; other Python (calls, sets) is copied as it is and
 * left to the tolerant parser.
 */
export function reprToJson(text: string, open: number, limit: number): Decoded {
  let out = '';
  const offsets: number[] = [];
  const put = (s: string, from: number) => {
    out += s;
    for (let k = 0; k < s.length; k++) offsets.push(from);
  };
  let depth = 0;
  let i = open;
  while (i < limit) {
    const c = text[i] as string;
    if (c === '\n') break;
    if (c === "'" || c === '"') {
      i = copyString(text, i, limit, put);
      continue;
    }
    if (c === '{' || c === '[' || c === '(') depth++;
    if (c === '}' || c === ']' || c === ')') depth--;
    if (c === '(') put('[', i);
    else if (c === ')') put(']', i);
    else if (isWordStart(text, i)) {
      const word = /^[A-Za-z_]\w*/.exec(text.slice(i, i + 6))?.[0] ?? c;
      const json = WORDS[word];
      if (json && !isWordChar(text.charCodeAt(i + word.length))) {
        for (let k = 0; k < json.length; k++) put(json[k] as string, i + k);
        i += word.length;
        continue;
      }
      put(c, i);
    } else put(c, i);
    i++;
    if (depth === 0) break;
  }
  offsets.push(i);
  return { text: out, offsets: Int32Array.from(offsets) };
}

/** Copies the Python string at `start` as a JSON string; returns the offset after it. */
function copyString(text: string, start: number, limit: number, put: (s: string, from: number) => void): number {
  const quote = text[start] as string;
  put('"', start);
  let i = start + 1;
  while (i < limit) {
    const c = text[i] as string;
    if (c === '\n') return i;
    if (c === quote) {
      put('"', i);
      return i + 1;
    }
    if (c === '\\') {
      const next = text[i + 1] ?? '';
      if (next === "'") put("'", i);
      else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
        put(`\\u00${text.slice(i + 2, i + 4)}`, i);
        i += 4;
        continue;
      } else put(`\\${next}`, i);
      i += 2;
      continue;
    }
    put(c === '"' ? '\\"' : c, i);
    i++;
  }
  return i;
}

function isWordStart(text: string, i: number): boolean {
  return !isWordChar(text.charCodeAt(i - 1)) && /[A-Za-z_]/.test(text[i] as string);
}

function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}
