/**
 * The small text machinery of the emitters: tab stops, TypeScript-only text (so that JavaScript is
 * the same source with the types left out), indentation and comments.
 */
import type { GeneratedSnippet, SnippetLanguage } from './model';

const OPEN = '\u0001';
const SEPARATOR = '\u0002';
const CLOSE = '\u0003';
const PLACEHOLDER = new RegExp(`${OPEN}(\\d)${SEPARATOR}([^${CLOSE}]*)${CLOSE}`, 'g');

/** The names of the tab stops a snippet offers, in the order the editor visits them. */
export const TAB_STOPS = { functionName: 1, baseUrl: 2, apiKeyVariable: 3 } as const;

/** A tab stop with its default value; repeated uses of one index are mirrored by the editor. */
export function placeholder(index: 1 | 2 | 3, value: string): string {
  return `${OPEN}${index}${SEPARATOR}${value}${CLOSE}`;
}

const TYPE_OPEN = '⟦';
const TYPE_CLOSE = '⟧';

/** Text that only TypeScript has: an annotation, a cast, a whole interface. */
export function ts(text: string): string {
  return `${TYPE_OPEN}${text}${TYPE_CLOSE}`;
}

/** TypeScript keeps the marked text; JavaScript drops it, and lines that held nothing else. */
export function forLanguage(source: string, language: 'typescript' | 'javascript'): string {
  if (language === 'typescript') return source.replaceAll(TYPE_OPEN, '').replaceAll(TYPE_CLOSE, '');
  return source
    .replace(/^[ \t]*⟦[^⟧]*⟧[ \t]*\n/gm, '')
    .replace(/⟦[^⟧]*⟧/g, '')
    .replace(/\n{3,}/g, '\n\n');
}

function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/** Both forms of a finished source: plain text, and the SnippetString body with tab stops and `$0`. */
export function finish(
  source: string,
  meta: { provider: string; language: SnippetLanguage; code?: string },
): GeneratedSnippet {
  const body = source.replace(/\s+$/, '') + '\n';
  const text = body.replace(PLACEHOLDER, (_match, _index: string, value: string) => value);
  let snippet = '';
  let last = 0;
  for (const match of body.matchAll(PLACEHOLDER)) {
    snippet +=
      escapeSnippet(body.slice(last, match.index)) + `\${${match[1]}:${escapeSnippet(match[2] ?? '')}}`;
    last = match.index + match[0].length;
  }
  snippet += escapeSnippet(body.slice(last)) + '$0';
  return {
    text,
    snippet,
    provider: meta.provider,
    language: meta.language,
    ...(meta.code !== undefined ? { code: meta.code } : {}),
  };
}

export function indent(text: string, depth: number, unit = '  '): string {
  const pad = unit.repeat(depth);
  return text
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : pad + line))
    .join('\n');
}

/** A comment wrapped at `width` columns, each line starting with `prefix` (`// `, `# `, ` * `). */
export function comment(text: string, prefix: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
    if (line && prefix.length + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => `${prefix}${l}`.trimEnd()).join('\n');
}

/** A JSDoc comment: one line when it fits in `width`, else wrapped. */
export function docComment(text: string, width = 100): string {
  const line = `/** ${text.replace(/\s+/g, ' ').trim()} */`;
  return line.length <= width ? line : `/**\n${comment(text, ' * ', width)}\n */`;
}

/** A Python docstring at `pad` indentation: one line when it fits in `width`, else wrapped. */
export function docstring(text: string, pad: string, width = 100): string {
  const quotes = '"""';
  const line = `${pad}${quotes}${text.replace(/\s+/g, ' ').trim()}${quotes}`;
  if (line.length <= width) return line;
  const wrapped = comment(`${quotes}${text}`, pad, width);
  return `${wrapped}\n${pad}${quotes}`;
}

/** A single-quoted TypeScript/JavaScript string literal. */
export function tsString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A double-quoted Python string literal. */
export function pyString(value: string): string {
  return JSON.stringify(value);
}

/** `quota_limit` → `quotaLimit` */
export function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}
