import { isAbsolute, join, relative, resolve } from 'node:path';
import { type Catalog, builtinCatalog, builtinCatalogs } from '../core/catalog';
import type { CustomCatalog } from '../core/custom';
import { LineIndex } from '../core/lineIndex';
import type { CliIo } from './io';

/** What reading catalogs needs of the file system and the terminal (the language server provides it too). */
export type CatalogIo = Pick<CliIo, 'err' | 'readFile' | 'readDir' | 'cwd'>;

/** How deep below the working directory `*.api-errors.json` files are looked for, and how many are read. */
export const DISCOVERY_DEPTH = 6;
export const DISCOVERY_MAX_FILES = 50;
const DISCOVERY_MAX_DIRECTORIES = 2000;
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'bower_components', 'vendor', '__pycache__']);

export const CATALOG_SUFFIX = '.api-errors.json';

export interface CatalogOptions {
  /** `--catalog` files, as given (relative to the working directory). */
  catalogs: readonly string[];
  /** Also read `*.api-errors.json` under the working directory and `.vscode/api-errors.json`. */
  discover: boolean;
}

export interface LoadedCatalog {
  catalog: Catalog;
  /** A catalog file could not be read or is invalid: the command exits 1 after doing its work. */
  broken: boolean;
}

export type CatalogLoader = (options: CatalogOptions) => Promise<LoadedCatalog>;

/**
 * `*.api-errors.json` files under `dir` (not in node_modules or hidden directories, not following
 * symbolic links, at most DISCOVERY_DEPTH levels down and DISCOVERY_MAX_FILES files), then
 * `.vscode/api-errors.json`. Sorted, so that the order (and what overrides what) is stable.
 */
export async function discoverCatalogs(io: CatalogIo, dir: string): Promise<string[]> {
  const found: string[] = [];
  let directories = 0;
  const walk = async (at: string, depth: number): Promise<void> => {
    if (found.length >= DISCOVERY_MAX_FILES || directories >= DISCOVERY_MAX_DIRECTORIES) return;
    directories++;
    let entries: Awaited<ReturnType<CliIo['readDir']>>;
    try {
      entries = await io.readDir(at);
    } catch {
      return; // unreadable directories are not our business
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (found.length >= DISCOVERY_MAX_FILES) return;
      if (e.isFile && e.name.endsWith(CATALOG_SUFFIX) && e.name.length > CATALOG_SUFFIX.length)
        found.push(join(at, e.name));
    }
    if (depth >= DISCOVERY_DEPTH) return;
    for (const e of entries) {
      if (e.isDirectory && !e.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(e.name))
        await walk(join(at, e.name), depth + 1);
    }
  };
  await walk(dir, 0);
  try {
    const vscode = await io.readDir(join(dir, '.vscode'));
    if (vscode.some((e) => e.isFile && e.name === 'api-errors.json'))
      found.push(join(dir, '.vscode', 'api-errors.json'));
  } catch {
    // no .vscode directory
  }
  return found;
}

/** A path as the user would write it: relative to the working directory when inside it. */
function shown(io: CatalogIo, path: string): string {
  const rel = relative(io.cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * The built-in catalog joined with `--catalog` files and the ones found from the working directory.
 * A broken file gets one line per problem on stderr (`file:line:col: path: message`) and is left
 * out; the built-ins and the other files keep working. Notices (a custom entry correcting a
 * built-in one…) go to stderr too.
 */
export async function loadCatalogs(io: CatalogIo, options: CatalogOptions): Promise<LoadedCatalog> {
  const files = options.catalogs.map((p) => resolve(io.cwd, p));
  if (options.discover) files.push(...(await discoverCatalogs(io, io.cwd)));
  const unique = [...new Set(files)];
  if (unique.length === 0) return { catalog: builtinCatalog, broken: false };
  // The validator and the merge are loaded only for catalog files (see `commands` in cli.ts).
  const { mergeCatalogs, problemText, validateCatalogText } = await import('../core/custom/index.js');

  let broken = false;
  const customs: CustomCatalog[] = [];
  for (const file of unique) {
    const name = shown(io, file);
    let text: string;
    try {
      text = new TextDecoder('utf-8').decode(await io.readFile(file));
    } catch (error) {
      const code = (error as { code?: string }).code;
      const why =
        code === 'ENOENT'
          ? 'no such file'
          : code === 'EISDIR'
            ? 'is a directory'
            : `cannot be read (${code ?? (error as Error).message})`;
      io.err(`api-errors: ${name}: ${why}\n`);
      broken = true;
      continue;
    }
    const { catalog, problems } = validateCatalogText(text, name);
    const lines = new LineIndex(text);
    for (const p of problems) {
      const { line, column } = lines.position(p.offset);
      io.err(`${name}:${line}:${column}: ${p.severity === 'warning' ? 'warning: ' : ''}${problemText(p)}\n`);
    }
    if (catalog) customs.push({ origin: name, catalog });
    else broken = true;
  }
  const { catalog, notices } = mergeCatalogs(builtinCatalogs, customs);
  for (const notice of notices) io.err(`api-errors: ${notice}\n`);
  return { catalog, broken };
}

/** The parseArgs options every catalog-using command accepts. */
export const catalogArgs = {
  catalog: { type: 'string', multiple: true },
  'no-discover': { type: 'boolean' },
} as const;

export function catalogOptionsOf(values: { catalog?: string[]; 'no-discover'?: boolean }): CatalogOptions {
  return { catalogs: values.catalog ?? [], discover: !values['no-discover'] };
}
