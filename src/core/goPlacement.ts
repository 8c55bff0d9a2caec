import { comment } from './snippets/text';

/**
 * Go handlers placed into the user's own file: Go cannot nest functions and allows one package
 * clause, so the generated file is cut up. Its declarations go after the top-level declaration
 * holding the finding, its imports merge into the file's, its package clause is dropped.
 */

/** A replacement of `text` for [start, end) of the document (an insertion when start === end). */
export interface TextReplacement {
  start: number;
  end: number;
  text: string;
}

export interface GoImport {
  /** The name the file uses (`http`, or the alias); `_` and `.` imports bind none. */
  name: string;
  path: string;
  /** As written, alias included: `neturl "net/url"`. */
  spec: string;
}

/** A generated Go file without its package clause: the doc comment, the imports, the rest. */
export interface GoFileParts {
  comment: string;
  imports: GoImport[];
  declarations: string;
}

const IMPORT_SPEC = /^\s*(?:([A-Za-z_]\w*|\.)\s+)?"([^"\n]+)"/;

function importOf(spec: string): GoImport | undefined {
  const m = IMPORT_SPEC.exec(spec);
  if (!m) return undefined;
  const path = m[2] as string;
  return { name: m[1] ?? (path.split('/').at(-1) as string), path, spec: spec.trim() };
}

/**
 * Cuts a generated Go file (a handler: doc comment, `package x`, `import (…)`, declarations). The
 * comment's advice to keep the handler in a package of its own no longer holds: it is dropped.
 */
export function splitGoFile(source: string): GoFileParts {
  const lines = source.split('\n');
  let i = 0;
  const commentLines: string[] = [];
  while (i < lines.length && lines[i]?.startsWith('//')) commentLines.push((lines[i++] as string).replace(/^\/\/ ?/, ''));
  if (lines[i]?.startsWith('package ')) i++;
  while (i < lines.length && lines[i]?.trim() === '') i++;
  const imports: GoImport[] = [];
  if (lines[i] === 'import (') {
    for (i++; i < lines.length && lines[i] !== ')'; i++) {
      const spec = importOf(lines[i] as string);
      if (spec) imports.push(spec);
    }
    i++;
  } else if (lines[i]?.startsWith('import ')) {
    const spec = importOf((lines[i++] as string).slice('import '.length));
    if (spec) imports.push(spec);
  }
  while (i < lines.length && lines[i]?.trim() === '') i++;
  const words = commentLines.join(' ').replace(/A package of its own \(say [^)]*\): call/, 'Call').trim();
  return { comment: words ? comment(words, '// ') : '', imports, declarations: lines.slice(i).join('\n').replace(/\s+$/, '') };
}

/** Where a Go file's imports are, read from its text: the specs, and each import declaration's range. */
export interface GoFileImports {
  imports: GoImport[];
  declarations: { start: number; end: number; grouped: boolean; specs: GoImport[] }[];
  /** The end of the package clause's line (-1 without one). */
  packageEnd: number;
}

/** Skips spaces and comments from `i`. */
function skipBlank(text: string, i: number): number {
  for (;;) {
    const m = /^(?:\s+|\/\/[^\n]*|\/\*[^]*?\*\/)/.exec(text.slice(i, i + 4096));
    if (!m || m[0].length === 0) return i;
    i += m[0].length;
  }
}

/** Where declarations may start: after the package clause and the imports. */
export function goHeaderEnd(file: GoFileImports): number {
  return Math.max(0, file.declarations.at(-1)?.end ?? file.packageEnd);
}

/** The package clause and the import declarations after it (they must come before any other declaration). */
export function goFileImports(text: string): GoFileImports {
  const result: GoFileImports = { imports: [], declarations: [], packageEnd: -1 };
  let i = skipBlank(text, 0);
  const pkg = /^package[ \t]+[A-Za-z_]\w*[^\n]*/.exec(text.slice(i, i + 400));
  if (!pkg) return result;
  i += pkg[0].length;
  result.packageEnd = i;
  for (;;) {
    i = skipBlank(text, i);
    const head = /^import[ \t]*/.exec(text.slice(i, i + 20));
    if (!head) return result;
    const start = i;
    i += head[0].length;
    if (text[i] === '(') {
      const close = text.indexOf(')', i);
      if (close < 0) return result;
      const specs = text
        .slice(i + 1, close)
        .split('\n')
        .map((line) => importOf(line.replace(/\/\/.*$/, '')))
        .filter((s): s is GoImport => s !== undefined);
      result.declarations.push({ start, end: close + 1, grouped: true, specs });
      result.imports.push(...specs);
      i = close + 1;
    } else {
      const lineEnd = text.indexOf('\n', i);
      const spec = importOf(text.slice(i, lineEnd < 0 ? text.length : lineEnd).replace(/\/\/.*$/, ''));
      if (!spec) return result;
      const end = text.indexOf('"', text.indexOf('"', i) + 1) + 1;
      result.declarations.push({ start, end, grouped: false, specs: [spec] });
      result.imports.push(spec);
      i = end;
    }
  }
}

/**
 * The edit that gives the file the imports it lacks: into its import block (a group of their own,
 * as goimports would add them), a single `import "x"` turned into a block, or a new block after the
 * package clause. Undefined when nothing is missing.
 */
export function mergeGoImports(text: string, file: GoFileImports, wanted: readonly GoImport[]): TextReplacement | undefined {
  const missing = wanted.filter((w) => !file.imports.some((have) => have.path === w.path && have.name === w.name));
  if (missing.length === 0) return undefined;
  const specs = (list: readonly GoImport[]) => [...list].sort((a, b) => a.path.localeCompare(b.path)).map((s) => `\t${s.spec}`);
  const block = file.declarations.find((d) => d.grouped);
  if (block) {
    // Before the closing parenthesis, on a line of its own.
    const close = block.end - 1;
    const lineStart = text.lastIndexOf('\n', close - 1) + 1;
    const onOwnLine = text.slice(lineStart, close).trim() === '';
    const at = onOwnLine ? lineStart : close;
    const group = specs(missing).join('\n');
    return { start: at, end: at, text: block.specs.length > 0 ? `${onOwnLine ? '' : '\n'}\n${group}\n` : `${onOwnLine ? '' : '\n'}${group}\n` };
  }
  const single = file.declarations[0];
  if (single) {
    return { start: single.start, end: single.end, text: `import (\n${specs([...single.specs, ...missing]).join('\n')}\n)` };
  }
  // A file without a package clause does not build anyway: the block then opens it.
  if (file.packageEnd < 0) return { start: 0, end: 0, text: `import (\n${specs(missing).join('\n')}\n)\n\n` };
  return { start: file.packageEnd, end: file.packageEnd, text: `\n\nimport (\n${specs(missing).join('\n')}\n)` };
}

/** Top-level names a Go file declares (funcs, types, vars, consts; not methods, `init` or `_`). */
export function goDeclaredNames(text: string): Set<string> {
  const names = new Set<string>();
  let group: 'const' | 'var' | 'type' | undefined;
  for (const line of text.split('\n')) {
    if (group) {
      if (/^\)/.test(line)) group = undefined;
      else {
        // `\tname = …`, `\ta, b int`, `\tName struct {`: only the group's own depth (one tab).
        const m = /^\t([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)(?=[\s=]|$)/.exec(line);
        if (m && !/^\t\t/.test(line)) for (const name of (m[1] as string).split(',')) names.add(name.trim());
      }
      continue;
    }
    const opened = /^(const|var|type)\s*\($/.exec(line.trimEnd());
    if (opened) {
      group = opened[1] as 'const' | 'var' | 'type';
      continue;
    }
    const m = /^(?:func\s+([A-Za-z_]\w*)|type\s+([A-Za-z_]\w*)|(?:var|const)\s+([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*))/.exec(line);
    const found = m?.[1] ?? m?.[2] ?? m?.[3];
    if (found) for (const name of found.split(',')) names.add(name.trim());
  }
  names.delete('_');
  names.delete('init');
  return names;
}

/**
 * The names the handler would declare twice in the file: its declarations against the file's and
 * against the names the file's imports bind, its imports against the file's declarations and
 * against other packages the file imports under the same name (crypto/rand and math/rand).
 */
export function goClashingNames(text: string, file: GoFileImports, parts: GoFileParts): string[] {
  const declared = goDeclaredNames(text);
  const imported = new Map(file.imports.filter((i) => i.name !== '_' && i.name !== '.').map((i) => [i.name, i.path]));
  const clashes = new Set<string>();
  for (const name of goDeclaredNames(parts.declarations)) if (declared.has(name) || imported.has(name)) clashes.add(name);
  for (const spec of parts.imports) {
    if (declared.has(spec.name)) clashes.add(spec.name);
    const path = imported.get(spec.name);
    if (path !== undefined && path !== spec.path) clashes.add(spec.name);
  }
  return [...clashes];
}
