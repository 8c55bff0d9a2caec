/**
 * Each command's usage line, apart from the command itself: the help text needs them all, while a
 * run loads only the command it runs (see `commands` in cli.ts).
 */
export const lookupUsage = 'api-errors lookup <query> [--provider <id>] [--catalog <file>] [--json]';
export const explainUsage = 'api-errors explain [--json] [--provider <id>] [--catalog <file>] <file...>   (- reads standard input)';
export const importUsage =
  'api-errors import <file|-> [--provider-name <name>] [--docs <url>] [--format markdown|html|text] [--json]';
export const snippetUsage = 'api-errors snippet --provider <id> [--code <code>] --language typescript|javascript|python';
export const mcpUsage = 'api-errors mcp [--catalog <file>] [--no-discover]   (an MCP server on stdio)';
