/**
 * A branch on its own cannot compile: it expects the handler's loop around it. The host is the full
 * handler plus one function that declares everything a branch uses, with the branch in its loop:
 * what the compile checks type-check, and what an editor can insert where no such loop exists yet.
 */
import type { SnippetLanguage } from './model';
import { providerSpec } from './plan';
import { goBranchFile, goBranchHost } from './go';
import { pythonBranchHost } from './python';
import { finish, forLanguage } from './text';
import { typescriptBranchWrapper, typescriptHandler } from './typescript';

export function branchHost(providerId: string, language: SnippetLanguage, branchText: string): string {
  const spec = providerSpec(providerId);
  const source =
    language === 'python'
      ? pythonBranchHost(spec, branchText)
      : language === 'go'
        ? goBranchHost(spec, branchText)
        : forLanguage(
            `${typescriptHandler(spec, language)}\n${typescriptBranchWrapper(spec, branchText)}`,
            language,
          );
  return finish(source, { provider: spec.id, language }).text;
}

/** Only the host's function, for a file that imports the handler's declarations (see `exportAll`). */
export function branchWrapper(
  providerId: string,
  language: 'typescript' | 'javascript',
  branchText: string,
): string {
  const spec = providerSpec(providerId);
  return finish(forLanguage(typescriptBranchWrapper(spec, branchText), language), {
    provider: spec.id,
    language,
  }).text;
}

/** Only the host's function, as a file of the Go handler's package (see `goBranchFile`). */
export function goBranchWrapper(providerId: string, branchText: string, name: string): string {
  const spec = providerSpec(providerId);
  return finish(goBranchFile(spec, branchText, name), { provider: spec.id, language: 'go' }).text;
}
