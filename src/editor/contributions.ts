/**
 * Every command id, setting key and language the extension contributes, in one place.
 * package.json must agree with this file (test/unit/contributions.test.ts checks it).
 */
export const Commands = {
  lookup: 'apiErrors.lookup',
  explainClipboard: 'apiErrors.explainClipboard',
  insertHandler: 'apiErrors.insertHandler',
  showCatalog: 'apiErrors.showCatalog',
  importFromDocs: 'apiErrors.importFromDocs',
  tryIt: 'apiErrors.tryIt',
  /** Internal (hover links and quick fixes): not shown in the command palette. */
  insertSnippetAt: 'apiErrors.insertSnippetAt',
  openHandler: 'apiErrors.openHandler',
  copyHandler: 'apiErrors.copyHandler',
  copyCode: 'apiErrors.copyCode',
  showEntry: 'apiErrors.showEntry',
} as const;

/** Commands shown in the palette (the others are reached from hovers and quick fixes). */
export const paletteCommands = [Commands.lookup, Commands.explainClipboard, Commands.insertHandler, Commands.showCatalog, Commands.importFromDocs, Commands.tryIt] as const;

/** The only commands a hover card may run: `MarkdownString.isTrusted.enabledCommands`. */
export const hoverCommands = [Commands.insertSnippetAt, Commands.openHandler, Commands.copyCode, Commands.showEntry, Commands.lookup] as const;

/**
 * Language-model tools (`contributes.languageModelTools`): VS Code's names, unique across extensions,
 * for the core's agent tools (src/core/agent), and the names users type after `#` in chat.
 */
export const LanguageModelTools = {
  lookup: { name: 'apiErrors_lookup', reference: 'apiErrorLookup' },
  explain: { name: 'apiErrors_explain', reference: 'apiErrorExplain' },
  handler: { name: 'apiErrors_handler', reference: 'apiErrorHandler' },
} as const;

export const Settings = {
  section: 'apiErrors',
  diagnosticsEnabled: 'diagnostics.enabled',
  diagnosticsSeverity: 'diagnostics.severity',
  providers: 'providers',
  snippetLanguage: 'snippetLanguage',
  inlayHints: 'inlayHints.enabled',
  maxFileSizeMB: 'maxFileSizeMB',
  catalogs: 'catalogs',
} as const;

/** Languages scanned; `http` covers REST Client and httpYac, the patterns cover plain .http/.rest files. */
export const languages = ['json', 'jsonc', 'jsonl', 'log', 'plaintext', 'http', 'markdown', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python', 'go'] as const;

export const filePatterns = ['**/*.http', '**/*.rest', '**/*.jsonl', '**/*.ndjson', '**/*.log'] as const;

export const DIAGNOSTIC_SOURCE = 'API Errors';
