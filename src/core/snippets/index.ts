/**
 * Handling snippets: for each provider, in TypeScript, JavaScript, Python and Go, a full handler (one
 * function that makes the request and handles every documented error) and the branch for one code.
 * Pure: strings in, strings out.
 */
import {
  SNIPPET_LANGUAGES,
  SnippetError,
  type CodeFacts,
  type GeneratedSnippet,
  type SnippetLanguage,
} from './model';
import { SNIPPET_PROVIDERS, providerSpec, resolveTarget } from './plan';
import { goBranch, goHandler } from './go';
import { pythonBranch, pythonHandler } from './python';
import { planStandalone } from './standalone';
import { pythonStandalone } from './standalonePython';
import { typescriptStandalone } from './standaloneTypescript';
import { finish, forLanguage } from './text';
import { typescriptBranch, typescriptHandler } from './typescript';

export { SNIPPET_LANGUAGES, SNIPPET_PROVIDERS, SnippetError };
export type { CodeFacts, GeneratedSnippet, SnippetLanguage };

function language(value: string): SnippetLanguage {
  const found = SNIPPET_LANGUAGES.find((l) => l === value.trim().toLowerCase());
  if (!found)
    throw new SnippetError(`unknown language '${value}': expected one of ${SNIPPET_LANGUAGES.join(', ')}`);
  return found;
}

/** The full handler of a provider: one function that makes the request and handles every documented error. */
export function generateHandler(providerId: string, lang: SnippetLanguage): GeneratedSnippet {
  const spec = providerSpec(providerId);
  const target = language(lang);
  const source =
    target === 'python'
      ? pythonHandler(spec)
      : target === 'go'
        ? goHandler(spec)
        : forLanguage(typescriptHandler(spec, target), target);
  return finish(source, { provider: spec.id, language: target });
}

/**
 * The handling of one code, to drop into the handler's retry loop. `code` is a documented code, a
 * status ("429") or, for Kakunin, a documented message; Kakunin and status rows branch on the status.
 * Pass the catalog's entry as `facts` to have its status, retryability and action in the comment, and
 * to accept codes the generator does not know itself.
 */
export function generateCodeBranch(
  providerId: string,
  code: string,
  lang: SnippetLanguage,
  facts?: CodeFacts,
): GeneratedSnippet {
  const spec = providerSpec(providerId);
  const target = language(lang);
  const branch = resolveTarget(spec, code, facts);
  const source =
    target === 'python'
      ? pythonBranch(spec, branch)
      : target === 'go'
        ? goBranch(spec, branch)
        : forLanguage(typescriptBranch(spec, branch), target);
  return finish(source, { provider: spec.id, language: target, code: branch.code });
}

/**
 * The handling of one code as a function of its own, to insert into the user's code where no handler
 * loop exists: after the statement that tests the code, inside a function or at top level. It
 * declares only itself (its error class, helpers and limits are inside it), so it compiles there and
 * never clashes with a full handler in the same file. The function's name is tab stop 1.
 *
 * TypeScript/JavaScript: `(response: Response, body: unknown, …)`, the body as the caller parsed it.
 * Python: `(response: httpx.Response, …)`. A code that is not retried throws (raises) an error saying
 * the status, the code, the body's context, the request id and the documented fix; a retryable one
 * returns the wait before the next attempt (milliseconds; seconds in Python) and throws once the
 * attempts are used up; Kayle's 5xx also take the request, Kakunin's 425 the poll count, Kynasmith's
 * access_token_expired whether the token was already refreshed, Overten's 408 the body that was sent.
 */
export function generateStandaloneBranch(
  providerId: string,
  code: string,
  lang: SnippetLanguage,
  facts?: CodeFacts,
): GeneratedSnippet {
  const spec = providerSpec(providerId);
  const target = language(lang);
  if (target === 'go') {
    throw new SnippetError(
      'no standalone Go branch yet: insert the full handler (api-errors snippet --language go) or its branch',
    );
  }
  const plan = planStandalone(spec, resolveTarget(spec, code, facts));
  const source =
    target === 'python' ? pythonStandalone(plan) : forLanguage(typescriptStandalone(plan, target), target);
  return finish(source, { provider: spec.id, language: target, code: plan.target.code });
}
