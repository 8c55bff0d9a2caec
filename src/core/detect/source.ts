import type { SourceDialect } from './syntax';

/**
 * String literals of TypeScript, JavaScript, Python and Go source: where test fixtures and mocks
 * keep error bodies. A small lexer (strings and comments only) is enough: we never need the full grammar.
 */
export interface StringLiteral {
  /** Offsets of the literal's content (inside the quotes). */
  start: number;
  end: number;
  /** The content with escapes resolved, when it had any, and where each of its characters came from. */
  unescaped?: { text: string; offsets: Int32Array };
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

function unescape(text: string, start: number, end: number): StringLiteral['unescaped'] {
  let out = '';
  const offsets: number[] = [];
  for (let i = start; i < end; i++) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < end) {
      const next = text[i + 1] as string;
      if (next === '\n') {
        i++;
        continue;
      }
      out += ESCAPES[next] ?? next;
      offsets.push(i);
      i++;
      continue;
    }
    out += c;
    offsets.push(i);
  }
  offsets.push(end);
  return { text: out, offsets: Int32Array.from(offsets) };
}

const QUOTE_STOPS = { double: /[\\\n"]/g, single: /[\\\n']/g, back: /[\\\n`]/g };

function hasBrace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 0x7b) return true;
  return false;
}

/** Yields the string literals of a source file whose content may hold JSON (has a `{` and a quote). */
export function stringLiterals(text: string, dialect: SourceDialect): StringLiteral[] {
  const python = dialect === 'python';
  const literals: StringLiteral[] = [];
  const n = text.length;
  // Only quotes and comment starts matter: jump from one to the next.
  const interesting = python ? /["'`#]/g : /["'`/]/g;
  let i = 0;
  while (i < n) {
    interesting.lastIndex = i;
    const next = interesting.exec(text);
    if (!next) break;
    i = next.index;
    const c = text[i];
    if (!python && c === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i);
      if (i < 0) break;
      continue;
    }
    if (!python && c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (python && c === '#') {
      i = text.indexOf('\n', i);
      if (i < 0) break;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const triple = python && text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      const multiline = triple || c === '`';
      // Go's backquoted strings are raw: a backslash is itself.
      const rawGo = dialect === 'go' && c === '`';
      const contentStart = i + quote.length;
      let j = contentStart;
      let escaped = false;
      let end = -1;
      const stops = c === '"' ? QUOTE_STOPS.double : c === "'" ? QUOTE_STOPS.single : QUOTE_STOPS.back;
      while (j < n) {
        // The next backslash, line end or quote: the characters between are content.
        stops.lastIndex = j;
        const stop = stops.exec(text);
        if (!stop) {
          j = n;
          break;
        }
        j = stop.index;
        const d = text[j];
        if (d === '\\' && !rawGo) {
          escaped = true;
          j += 2;
          continue;
        }
        if (d === '\n' && !multiline) break;
        if (text.startsWith(quote, j)) {
          end = j;
          break;
        }
        j++;
      }
      if (end < 0) {
        i = j + 1;
        continue;
      }
      const raw = python && /[rR]$/.test(text.slice(Math.max(0, i - 2), i));
      if (end - contentStart > 8 && hasBrace(text, contentStart, end)) {
        literals.push({ start: contentStart, end, unescaped: escaped && !raw ? unescape(text, contentStart, end) : undefined });
      }
      i = end + quote.length;
      continue;
    }
    i++;
  }
  return literals;
}

/** A string literal compared with an error's code: `err.code === 'x'`, `case "X":`, `"x" == code`. */
export interface CodeComparison {
  code: string;
  /** The literal, quotes included. */
  start: number;
  end: number;
}

const COMPARISON =
  /(?:(?:===|!==|==|!=)\s*|\bcase\s+)(["'`])([A-Za-z][A-Za-z0-9_.-]{1,63})\1|(["'`])([A-Za-z][A-Za-z0-9_.-]{1,63})\3\s*(?:===|!==|==|!=)/g;

/** Looks like code that branches on an error (the line mentions a code, an error, a reason…). */
export const ERRORISH = /\b(?:code|error|err|errorCode|error_code|reason|kind|type|status|exc|e)\b|\.code\b|\["code"\]|\['code'\]/i;

/** The lexer's reading, line by line: only for source read without a syntax tree (comparisons.ts reads trees). */
export function codeComparisons(text: string): CodeComparison[] {
  const out: CodeComparison[] = [];
  for (const m of text.matchAll(COMPARISON)) {
    const code = (m[2] ?? m[4]) as string;
    const quote = (m[1] ?? m[3]) as string;
    const literalStart = (m.index as number) + m[0].indexOf(quote);
    const lineFrom = text.lastIndexOf('\n', literalStart) + 1;
    const lineTo = text.indexOf('\n', literalStart);
    const line = text.slice(lineFrom, lineTo < 0 ? text.length : lineTo);
    const isCase = /^\s*case\b/.test(line);
    if (!isCase && !ERRORISH.test(line.replace(code, ''))) continue;
    if (isCase && !switchOnError(text, lineFrom)) continue;
    out.push({ code, start: literalStart, end: literalStart + code.length + 2 });
  }
  return out;
}

/** Whether the `switch (…)` / Go's `switch … {` / `match …:` above a `case` is about an error. */
function switchOnError(text: string, before: number): boolean {
  const window = text.slice(Math.max(0, before - 4000), before);
  const switches = [...window.matchAll(/\b(?:switch\s*\(([^)]*)\)|switch\s+([^{\n]+)\{|match\s+([^:\n]+):)/g)];
  const last = switches[switches.length - 1];
  return last ? ERRORISH.test((last[1] ?? last[2] ?? last[3]) as string) : false;
}
