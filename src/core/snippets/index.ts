/**
 * Handling snippets: for each provider, in TypeScript, JavaScript and Python, a full handler (one
 * function that makes the request and handles every documented error) and the branch for one code.
 * Pure: strings in, strings out.
 */
import { SNIPPET_LANGUAGES, SnippetError, type CodeFacts, type GeneratedSnippet, type SnippetLanguage } from './model';
import { SNIPPET_PROVIDERS, providerSpec, resolveTarget } from './plan';
import { pythonBranch, pythonHandler } from './python';
import { finish, forLanguage } from './text';
import { typescriptBranch, typescriptHandler } from './typescript';

export { SNIPPET_LANGUAGES, SNIPPET_PROVIDERS, SnippetError };
export type { CodeFacts, GeneratedSnippet, SnippetLanguage };

function language(value: string): SnippetLanguage {
  const found = SNIPPET_LANGUAGES.find((l) => l === value.trim().toLowerCase());
  if (!found) throw new SnippetError(`unknown language '${value}': expected one of ${SNIPPET_LANGUAGES.join(', ')}`);
  return found;
}

/** The full handler of a provider: one function that makes the request and handles every documented error. */
export function generateHandler(providerId: string, lang: SnippetLanguage): GeneratedSnippet {
  const spec = providerSpec(providerId);
  const target = language(lang);
  const source = target === 'python' ? pythonHandler(spec) : forLanguage(typescriptHandler(spec), target);
  return finish(source, { provider: spec.id, language: target });
}

/**
 * The handling of one code, to drop into the handler's retry loop. `code` is a documented code, a
 * status ("429") or, for Kakunin, a documented message; Kakunin and status rows branch on the status.
 * Pass the catalog's entry as `facts` to have its status, retryability and action in the comment, and
 * to accept codes the generator does not know itself.
 */
export function generateCodeBranch(providerId: string, code: string, lang: SnippetLanguage, facts?: CodeFacts): GeneratedSnippet {
  const spec = providerSpec(providerId);
  const target = language(lang);
  const branch = resolveTarget(spec, code, facts);
  const source = target === 'python' ? pythonBranch(spec, branch) : forLanguage(typescriptBranch(spec, branch), target);
  return finish(source, { provider: spec.id, language: target, code: branch.code });
}
