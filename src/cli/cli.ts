import { builtinCatalog } from '../core/catalog';
import { version } from '../../package.json';
import { type CliIo, UsageError } from './io';
import { lookupUsage, runLookup } from './commands/lookup';
import { explainUsage, runExplain } from './commands/explain';

const usage = `api-errors ${version} — explain error responses of the Kynasmith, Kayle ID, Overten, Knouds and Kakunin APIs

Usage:
  ${lookupUsage}
  ${explainUsage}
  api-errors --help | --version

Commands:
  lookup   What an error code, HTTP status or message means and what to do about it.
           Search by code (rate_limited), status (429), provider (knouds) or words (token expired).
  explain  Find every error response of the five providers in files (JSON, logs, .http, Markdown,
           source) and say what each means. Exit 1 when a file could not be read.

Options:
  --json            Machine-readable output.
  --provider, -p    Only this provider: kynasmith, kayle, overten, knouds, kakunin.
`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

const commands: Record<string, Command> = {
  lookup: (argv, io) => runLookup(argv, io, builtinCatalog),
  explain: (argv, io) => runExplain(argv, io, builtinCatalog),
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
