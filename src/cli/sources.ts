import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { CliIo } from './io';

/** A file to explain, or why an argument or an entry could not be. */
export type Input =
  | { path: string; /** Named on the command line (not found in a directory or by a pattern). */ explicit: boolean; size?: number; kind?: 'file' | 'fifo' | 'other' }
  | { path: string; problem: string };

/** What an fs error means to the user, in a few words. */
export function problemOf(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'EISDIR':
      return 'is a directory';
    default:
      return `cannot be read (${code ?? (error as Error).message})`;
  }
}

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * The files the arguments name: `-`, files, directories (walked) and, for an argument that is not a
 * path, a pattern in .gitignore syntax (`'logs/**\/*.log'`). Directories are walked in name order;
 * hidden entries and `.git` are skipped, and so is what `.gitignore` and `.ignore` files (each
 * applying below its own directory) and `--exclude` patterns say. Symbolic links to files are
 * followed, to directories not (so a link loop cannot trap the walk).
 */
export async function* inputsOf(args: readonly string[], io: CliIo, exclude: readonly string[]): AsyncGenerator<Input> {
  for (const arg of args) {
    if (arg === '-') {
      yield { path: '-', explicit: true, kind: 'fifo' };
      continue;
    }
    let kind: Awaited<ReturnType<CliIo['stat']>>;
    try {
      kind = await io.stat(arg);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ENOENT' && GLOB_CHARS.test(arg)) yield* matching(arg, io, exclude);
      else yield { path: arg, problem: code === 'ENOENT' && (await io.isSymbolicLink(arg)) ? 'dangling symbolic link' : problemOf(error) };
      continue;
    }
    if (kind.kind === 'directory') yield* walk(arg, io, exclude, () => true);
    else yield { path: arg, explicit: true, size: kind.size, kind: kind.kind };
  }
}

/** The files under the pattern's fixed leading directories that it matches. */
async function* matching(pattern: string, io: CliIo, exclude: readonly string[]): AsyncGenerator<Input> {
  const parts = pattern.split(/[\\/]/);
  const fixed: string[] = [];
  while (parts.length > 1 && !GLOB_CHARS.test(parts[0] as string)) fixed.push(parts.shift() as string);
  const base = fixed.length === 0 ? '.' : fixed.join('/') || '/';
  // Anchored: `*.log` means the files at the base, as a shell would expand it; `**` reaches below.
  const matcher = ignore().add(`/${parts.join('/')}`);
  let found = false;
  for await (const input of walk(base, io, exclude, (rel) => matcher.ignores(rel))) {
    // A missing base directory is said below, with the pattern.
    if ('problem' in input && input.path === base) continue;
    found = true;
    yield input;
  }
  if (!found) yield { path: pattern, problem: 'no such file, and no file matches it as a pattern' };
}

interface Rules {
  base: string;
  rules: Ignore;
}

type Entry = Awaited<ReturnType<CliIo['readDir']>>[number];

async function* walk(root: string, io: CliIo, exclude: readonly string[], wanted: (rel: string) => boolean): AsyncGenerator<Input> {
  const excluded: Rules = { base: root, rules: ignore().add([...exclude]) };
  const stack: { dir: string; rules: Rules[] }[] = [{ dir: root, rules: [excluded, ...(await ancestorRules(root, io))] }];
  while (stack.length > 0) {
    const { dir, rules: inherited } = stack.pop() as (typeof stack)[number];
    let entries: Entry[];
    try {
      entries = await io.readDir(dir);
    } catch (error) {
      yield { path: dir, problem: problemOf(error) };
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const rules = [...inherited, ...(await ignoreFilesOf(dir, entries, io))];
    const ignored = (path: string, directory: boolean) =>
      rules.some((r) => {
        const rel = toPosix(relative(r.base, path));
        return rel !== '' && !rel.startsWith('..') && r.rules.ignores(directory ? `${rel}/` : rel);
      });
    const subdirectories: string[] = [];
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const path = dir === '.' ? e.name : join(dir, e.name);
      let isFile = e.isFile;
      let isDirectory = e.isDirectory;
      let size: number | undefined;
      let kind: 'file' | 'fifo' | 'other' = 'file';
      if (e.isSymbolicLink) {
        try {
          const target = await io.stat(path);
          isFile = target.kind !== 'directory';
          size = target.size;
          kind = target.kind === 'directory' ? 'other' : target.kind;
        } catch (error) {
          if (!ignored(path, false)) yield { path, problem: (error as { code?: string }).code === 'ENOENT' ? 'dangling symbolic link' : problemOf(error) };
          continue;
        }
        isDirectory = false; // not followed
      }
      if (isDirectory) {
        if (!ignored(path, true)) subdirectories.push(path);
      } else if (isFile && kind === 'file' && !ignored(path, false) && wanted(toPosix(relative(root, path)))) {
        yield { path, explicit: false, size };
      }
    }
    for (let i = subdirectories.length - 1; i >= 0; i--) stack.push({ dir: subdirectories[i] as string, rules });
  }
}

async function ignoreFilesOf(dir: string, entries: readonly Entry[], io: CliIo): Promise<Rules[]> {
  const rules: Rules[] = [];
  for (const name of ['.gitignore', '.ignore']) {
    if (!entries.some((e) => e.name === name && e.isFile)) continue;
    try {
      rules.push({ base: dir, rules: ignore().add(new TextDecoder().decode(await io.readFile(join(dir, name)))) });
    } catch {
      // An unreadable ignore file ignores nothing.
    }
  }
  return rules;
}

/** The ignore files of the directories above `root`, up to the repository's top (the one holding `.git`), as git applies them. */
async function ancestorRules(root: string, io: CliIo): Promise<Rules[]> {
  const rules: Rules[] = [];
  const top = resolve(io.cwd, root);
  let dir = top;
  for (let parent = dirname(dir); parent !== dir; dir = parent, parent = dirname(dir)) {
    let entries: Entry[];
    try {
      entries = await io.readDir(dir);
    } catch {
      break;
    }
    if (dir !== top) {
      // A directory asked for by name is read even if an ignore file above it leaves it out (as git
      // add and ripgrep do); that file's other rules then say nothing about what lies inside it.
      for (const r of await ignoreFilesOf(dir, entries, io)) if (!r.rules.ignores(`${toPosix(relative(dir, top))}/`)) rules.push(r);
    }
    if (entries.some((e) => e.name === '.git')) break;
  }
  return rules;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
