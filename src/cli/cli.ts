import { version } from '../../package.json';
import { type CliIo, UsageError } from './io';
import { loadCatalogs } from './catalogs';
import { runExplain } from './commands/explain';
import { explainUsage, importUsage, lookupUsage, mcpUsage, snippetUsage } from './usage';

const usage = `api-errors ${version} — explain error responses of the Kynasmith, Kayle ID, Overten, Knouds and Kakunin APIs, and of your own

Usage:
  ${lookupUsage}
  ${explainUsage}
  ${importUsage}
  ${snippetUsage}
  api-errors lsp --stdio
  ${mcpUsage}
  api-errors --help | --version

Commands:
  lookup   What an error code, HTTP status or message means and what to do about it.
           Search by code (rate_limited), status (429), provider (knouds) or words (token expired).
  explain  Find every error response of the known providers in files, directories and patterns
           (JSON, logs, .http, HAR, Markdown, source) and say what each means; big files and
           standard input are read as a stream. Exit 1 when a file could not be read.
  import   Draft a catalog from a provider's error reference page (Markdown, HTML or text copied
           from a browser): the catalog JSON on stdout, what it could not read on stderr.
  snippet  Print a provider's full error handler, or the handling of one code (--code), in
           TypeScript, JavaScript (both with fetch), Python (httpx) or Go (net/http).
  lsp      Run the language server on stdin/stdout, for editors other than VS Code (Neovim,
           Helix, Zed, Emacs…): hovers, diagnostics, quick fixes. See docs/editors.md.
  mcp      Serve lookup, explain and handler to AI agents over MCP (stdio), and the catalog as
           resources. Read-only; explain reads files only inside the client's roots (else the
           working directory).

Options:
  --json            Machine-readable output (explain: --format json).
  --format, -f      explain: text (default), json, jsonl (one finding a line), sarif, github (annotations).
  --max-warnings n  explain: exit 1 when there are more than n findings (ESLint's convention).
  --exclude <pat>   explain: leave out what this .gitignore-style pattern matches (repeatable).
  --provider, -p    Only this provider: kynasmith, kayle, overten, knouds, kakunin, or one of yours.
  --catalog <file>  Also use this catalog of your own (repeatable).
  --no-discover     Do not look for catalogs in the working directory.
  --provider-name   import: the provider's name, when the page does not say it.
  --now <time>      explain: read times in bodies and headers ("resets in 9 days") as of this
                    moment (ISO 8601 or Unix seconds), e.g. when the log was written. Default: now.
                    Dates are written in the time zone (TZ) and locale (LANG) of the terminal.

Catalogs:
  lookup and explain also read every *.api-errors.json under the working directory (not in
  node_modules or hidden directories, 6 levels deep at most) and .vscode/api-errors.json.
  A broken catalog is reported on stderr as file:line:col: path: problem and left out; the others
  still work, and the command exits 1 at the end.
`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

/**
 * lookup, import, snippet and lsp are loaded when they run: bundled all the same (esbuild initialises a
 * module imported with import() on first use), but `explain` does not run the snippet generators'
 * and the page importer's module code nor compile more than their outlines. explain itself is
 * imported statically: a lazily initialised module's constants become mutable variables (and so do
 * those of everything it imports), which detection's hot loops read ~10% slower.
 */
const commands: Record<string, Command> = {
  lookup: async (argv, io) => (await import('./commands/lookup.js')).runLookup(argv, io, (options) => loadCatalogs(io, options)),
  explain: (argv, io) => runExplain(argv, io, (options) => loadCatalogs(io, options)),
  import: async (argv, io) => (await import('./commands/import.js')).runImport(argv, io),
  lsp: async (argv) => {
    if (argv.length !== 1 || argv[0] !== '--stdio') throw new UsageError('lsp speaks over stdio only: api-errors lsp --stdio');
    return (await import('../server/stdio.js')).runLanguageServer();
  },
  mcp: async (argv, io) => (await import('./mcp.js')).runMcpServer(argv, io, (options) => loadCatalogs(io, options)),
  snippet: async (argv, io) => (await import('./commands/snippet.js')).runSnippet(argv, io, (await import('../core/catalog/index.js')).builtinCatalog),
};

/** Runs the CLI and returns its exit status: 0 ok, 1 nothing found or a file failed, 2 usage error. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.out(usage);
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    io.out(`${version}\n`);
    return 0;
  }
  const command = commands[first];
  try {
    if (!command) throw new UsageError(first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(usage);
      return 0;
    }
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.err(`api-errors: ${(error as Error).message}\nRun 'api-errors --help' for usage.\n`);
      return 2;
    }
    throw error;
  }
}

/** node:util parseArgs reports unknown flags and missing values with ERR_PARSE_ARGS_* codes. */
function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
