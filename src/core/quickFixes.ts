import { bodyDocs, findingTitle } from './card';
import type { Catalog } from './catalog';
import type { Finding, SourceLanguage, SourceSyntax } from './detect';
import { summarize } from './explain';
import { type GoFileParts, type TextReplacement, goClashingNames, goFileImports, goHeaderEnd, mergeGoImports, splitGoFile } from './goPlacement';
import { type InsertionPoint, type PlacementLanguage, clashingNames, insertionPoint, insertionPointInTree, isTestFile } from './placement';
import { SNIPPET_PROVIDERS, type GeneratedSnippet, type SnippetLanguage, generateHandler, generateStandaloneBranch } from './snippets';
import { generateGenericHandler } from './snippets/generic';

/**
 * What every editor surface says and does about a finding, whatever draws it: the diagnostic's
 * words, the quick fixes offered, the handler code and where it goes. The VS Code extension and the
 * language server both call these.
 */

export type HandlerMode = 'branch' | 'full';

export interface HandlerRequest {
  provider: string;
  code?: string;
  mode: HandlerMode;
}

/** The editor languages a handler is inserted into. */
const sourceLanguages: Record<string, PlacementLanguage> = {
  typescript: 'typescript',
  typescriptreact: 'typescript',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  python: 'python',
  go: 'go',
};

/** The handler language of a source file's language id; undefined for JSON, logs, .http and Markdown. */
export function snippetLanguageOf(languageId: string): PlacementLanguage | undefined {
  return sourceLanguages[languageId];
}

/**
 * Whether handler code can be generated: for built-in providers and any provider a catalog defines
 * (in Go, built-in providers only: there is no catalog-driven Go handler).
 */
export function canGenerate(provider: string, catalog: Catalog, language?: SnippetLanguage): boolean {
  const builtin = (SNIPPET_PROVIDERS as readonly string[]).includes(provider);
  return builtin || (language !== 'go' && catalog.provider(provider) !== undefined);
}

/**
 * The one function through which editors get handler code: the provider-correct generators for the
 * five built-ins, a handler generated from the catalog's data for the others.
 */
export function handlerSnippet(request: HandlerRequest, language: SnippetLanguage, catalog: Catalog): GeneratedSnippet {
  if (!(SNIPPET_PROVIDERS as readonly string[]).includes(request.provider)) {
    const provider = catalog.provider(request.provider);
    if (!provider) throw new Error(`no catalog for provider ${request.provider}`);
    return generateGenericHandler({ provider, entries: catalog.entriesOf(provider.id) }, language);
  }
  // Go has no standalone branch yet: the full handler, which handles the code too.
  if (language === 'go') return generateHandler(request.provider, language);
  // In the user's own code a branch must stand alone: one self-contained function for that code.
  return request.mode === 'branch' && request.code
    ? generateStandaloneBranch(request.provider, request.code, language, catalog.find(request.provider, request.code))
    : generateHandler(request.provider, language);
}

/** A handler to insert: where, as plain text, and as a snippet with tab stops. */
export interface HandlerInsertion {
  offset: number;
  text: string;
  snippet: string;
  /** Edits made with the insertion, as one undo step (Go: the handler's imports merged into the file's). */
  also?: TextReplacement[];
}

/** Where the document is and how an editor can place code in it more precisely than by its text. */
export interface PlacementContext {
  /** The document's path: in a test file (`*.test.ts`, `test_*.py`, `tests/…`) handlers go to module level. */
  fileName?: string;
  /** Syntax trees, when the adapter has them loaded: the insertion point is read from the document's tree (else from its text). */
  syntax?: SourceSyntax;
  /** The document's grammar, for `syntax`. */
  sourceLanguage?: SourceLanguage;
}

/** The insertion point the document's syntax tree gives, when the context has one. */
function treePoint(text: string, offset: number, topLevel: boolean, { syntax, sourceLanguage }: PlacementContext): InsertionPoint | undefined {
  return syntax && sourceLanguage ? syntax.withTree(text, sourceLanguage, (tree) => insertionPointInTree(tree, text, offset, topLevel)) : undefined;
}

/**
 * Where and what to insert for a handler after the statement holding `offset` (the full handler,
 * and any handler in a test file: at module level), or the names the file already declares, when
 * inserting would leave two declarations of one name and the file would stop compiling.
 */
export function handlerInsertion(
  documentText: string,
  offset: number,
  request: HandlerRequest,
  language: PlacementLanguage,
  catalog: Catalog,
  context: PlacementContext = {},
): HandlerInsertion | { clashes: string[]; snippet: GeneratedSnippet } {
  const snippet = handlerSnippet(request, language, catalog);
  if (language === 'go') return goHandlerInsertion(documentText, offset, snippet, context);
  const clashes = clashingNames(documentText, snippet.text, language);
  if (clashes.length > 0) return { clashes, snippet };
  const topLevel = request.mode === 'full' || (context.fileName !== undefined && isTestFile(context.fileName));
  const point = treePoint(documentText, offset, topLevel, context) ?? insertionPoint(documentText, offset, language, topLevel);
  // Indented to the statement's level here: an editor would indent to the insertion line's, which
  // in Python puts the code inside the block it follows.
  const indent = (code: string) =>
    `\n${request.mode === 'full' ? '\n' : ''}${code
      .split('\n')
      .map((line) => (line.trim() ? point.indent + line : ''))
      .join('\n')}`;
  return { offset: point.offset, text: indent(snippet.text), snippet: indent(snippet.snippet) };
}

/**
 * A Go handler in the user's file: its declarations after the top-level declaration holding the
 * finding (Go cannot nest functions), its imports merged into the file's, its package clause left
 * out. Clashing names (with the file's declarations or imports) are refused as in TS and Python.
 */
function goHandlerInsertion(text: string, offset: number, snippet: GeneratedSnippet, context: PlacementContext): HandlerInsertion | { clashes: string[]; snippet: GeneratedSnippet } {
  const parts = splitGoFile(snippet.text);
  const file = goFileImports(text);
  const clashes = goClashingNames(text, file, parts);
  if (clashes.length > 0) return { clashes, snippet };
  const point = treePoint(text, offset, true, context) ?? insertionPoint(text, offset, 'go', true);
  const imports = mergeGoImports(text, file, parts.imports);
  // Never above the package clause or the imports (a code the lexer found in the package's doc comment).
  const at = Math.max(point.offset, goHeaderEnd(file));
  const code = (declarations: GoFileParts['declarations'], comment: string) => `\n\n${comment ? `${comment}\n` : ''}${declarations}`;
  return {
    offset: at,
    text: code(parts.declarations, parts.comment),
    snippet: code(splitGoFile(snippet.snippet).declarations, parts.comment.replace(/[\\$}]/g, '\\$&')),
    also: imports ? [imports] : [],
  };
}

/** What a quick fix does: insert into a source file, or (elsewhere) open or copy a handler. */
export type QuickFixKind = 'insertBranch' | 'insertFull' | 'openHandler' | 'copyHandler';

export interface QuickFix {
  kind: QuickFixKind;
  /** Title template; `{0}` is the provider's name, `{1}` the code (translatable as it stands). */
  title: string;
  providerName: string;
  request: HandlerRequest;
  preferred: boolean;
}

export const QUICK_FIX_TITLES: Record<QuickFixKind, string> = {
  insertBranch: 'Insert {0} handling for {1}',
  insertFull: 'Insert full {0} error handler',
  openHandler: 'Open a {0} handler for this error',
  copyHandler: 'Copy {0} handler',
};

/** Fills a title template: `{0}`, `{1}`… by position. */
export function formatTitle(template: string, ...values: string[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, n: string) => values[Number(n)] ?? whole);
}

/** The quick fixes of one finding, best first; none when no handler can be generated for it (in `language`, when known). */
export function quickFixes(finding: Finding, catalog: Catalog, inSource: boolean, language?: SnippetLanguage): QuickFix[] {
  const provider = finding.provider ?? finding.candidates[0]?.provider;
  if (!provider || !canGenerate(provider, catalog, language)) return [];
  const providerName = catalog.displayName(provider);
  const builtin = (SNIPPET_PROVIDERS as readonly string[]).includes(provider);
  const code = finding.entry?.code ?? finding.code;
  const fix = (kind: QuickFixKind, mode: HandlerMode, preferred: boolean): QuickFix => ({ kind, title: QUICK_FIX_TITLES[kind], providerName, request: { provider, code, mode }, preferred });
  // A provider known only from a custom catalog gets the catalog-driven handler, not per-code branches.
  const branch = finding.entry !== undefined && builtin;
  if (inSource) return [...(branch ? [fix('insertBranch', 'branch', true)] : []), fix('insertFull', 'full', false)];
  return [fix('openHandler', branch ? 'branch' : 'full', true), fix('copyHandler', branch ? 'branch' : 'full', false)];
}

/** A diagnostic's words and code, the same in every editor. */
export interface DiagnosticText {
  message: string;
  code: string;
  /** Where the code is documented: the body's own docs link, else the catalog's. */
  docs?: string;
}

const MAX_MESSAGE = 500;
const MAX_CODE = 80;

export function diagnosticText(finding: Finding, catalog: Catalog): DiagnosticText {
  const summary = summarize(finding, catalog);
  // One short line, the card's verdict and the action in a few words: in VS Code's hover the card
  // below it leaves its title out, and the Problems panel needs no more.
  const message = `${findingTitle(finding, summary)} — ${summary.brief}`;
  const code = finding.entry?.code ?? finding.code;
  return {
    message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message,
    code: code.length > MAX_CODE ? `${code.slice(0, MAX_CODE)}…` : code,
    docs: bodyDocs(finding) ?? summary.docs,
  };
}
