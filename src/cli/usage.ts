/**
 * Each command's usage line, apart from the command itself: the help text needs them all, while a
 * run loads only the command it runs (see `commands` in cli.ts).
 */
export const lookupUsage = 'api-errors lookup <query> [--provider <id>] [--catalog <file>] [--json]';
export const explainUsage =
  'api-errors explain [--format text|json|jsonl|sarif|github] [--max-warnings <n>] [--exclude <pattern>] [--provider <id>] [--catalog <file>] [--now <time>] <file|dir|pattern...>   (- reads standard input)';
export const importUsage =
  'api-errors import <file|-> [--provider-name <name>] [--docs <url>] [--format markdown|html|text] [--json]';
export const snippetUsage = 'api-errors snippet --provider <id> [--code <code>] --language typescript|javascript|python|go';
export const mcpUsage = 'api-errors mcp [--catalog <file>] [--no-discover]   (an MCP server on stdio)';
