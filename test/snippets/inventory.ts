/**
 * Every snippet the generator offers: per provider and language, the full handler and one branch for
 * each catalog entry (with the entry as facts, as the CLI and the editor pass it) and for each code
 * or status the generator knows from the providers' pages.
 */
import { builtinCatalogs } from '../../src/core/catalog';
import type { CatalogEntry } from '../../src/core/catalog';
import {
  SNIPPET_PROVIDERS,
  generateCodeBranch,
  generateHandler,
  type CodeFacts,
  type GeneratedSnippet,
  type SnippetLanguage,
} from '../../src/core/snippets';
import { branchHost, branchWrapper, goBranchWrapper } from '../../src/core/snippets/host';
import { PROVIDER_SPECS } from '../../src/core/snippets/providers';

export const LANGUAGES: readonly SnippetLanguage[] = ['typescript', 'javascript', 'python', 'go'];

export interface InventoryItem {
  /** A file-name-safe id: `kynasmith-typescript-branch-007-rate_limited`. */
  id: string;
  provider: string;
  language: SnippetLanguage;
  snippet: GeneratedSnippet;
  /**
   * What gets compiled: the handler itself, or the branch inside its host. TypeScript and JavaScript
   * hosts import the handler's declarations from `<provider>.internal` (see `exportAll`), and Go
   * hosts are files of the handler's package, so that each handler is checked once rather than once
   * a branch.
   */
  source: string;
}

/** The handler with every top-level declaration exported, and their names. */
export function exportAll(handler: string): { source: string; names: string[] } {
  const source = handler.replace(/^(async function|function|const|interface|class) /gm, 'export $1 ');
  const names = [...source.matchAll(/^export (?:async )?(?:function|const|class|interface) (\w+)/gm)].map(
    (m) => m[1] ?? '',
  );
  return { source, names };
}

export const internalModule = (provider: string) => `${provider}.internal`;

/** A catalog entry fits the generator's facts as it is. */
const asFacts = (entry: CatalogEntry): CodeFacts => entry;

export function catalogEntries(provider: string): readonly CatalogEntry[] {
  return builtinCatalogs.find((c) => c.provider.id === provider)?.entries ?? [];
}

/** The codes of a provider, each with the catalog's facts when the catalog has it. */
export function branchTargets(provider: string): { code: string; facts?: CodeFacts }[] {
  const entries = catalogEntries(provider);
  const spec = PROVIDER_SPECS.find((p) => p.id === provider);
  const known = [...Object.keys(spec?.codes ?? {}), ...(spec?.statuses ?? []).map(String)];
  const fromCatalog = entries.map((entry) => ({ code: entry.code, facts: asFacts(entry) }));
  const onlyKnown = known.filter((code) => !entries.some((e) => e.code === code)).map((code) => ({ code }));
  return [...fromCatalog, ...onlyKnown];
}

const safe = (text: string) => text.replace(/[^A-Za-z0-9_]+/g, '_').slice(0, 40);

export function inventory(): InventoryItem[] {
  const items: InventoryItem[] = [];
  for (const provider of SNIPPET_PROVIDERS) {
    for (const language of LANGUAGES) {
      const handler = generateHandler(provider, language);
      items.push({
        id: `${provider}-${language}-handler`,
        provider,
        language,
        snippet: handler,
        source: handler.text,
      });
      const names = exportAll(handler.text).names;
      const from = `./${internalModule(provider)}${language === 'javascript' ? '.mjs' : ''}`;
      // Only what the host uses: the TypeScript check leaves nothing unused.
      const withImports = (host: string) =>
        `import { ${names.filter((n) => new RegExp(`\\b${n}\\b`).test(host.replace(/^\s*\/\/.*$/gm, ''))).join(', ')} } from '${from}';\n\n${host}`;
      branchTargets(provider).forEach(({ code, facts }, index) => {
        const snippet = generateCodeBranch(provider, code, language, facts);
        items.push({
          id: `${provider}-${language}-branch-${String(index).padStart(3, '0')}-${safe(code)}`,
          provider,
          language,
          snippet,
          source:
            language === 'python'
              ? branchHost(provider, language, snippet.text)
              : language === 'go'
                ? goBranchWrapper(provider, snippet.text, `branchHost${index}`)
                : withImports(branchWrapper(provider, language, snippet.text)),
        });
      });
      if (language === 'typescript' || language === 'javascript') {
        // One complete host per provider and language: what an editor inserts where no loop exists.
        const [first] = branchTargets(provider);
        const snippet = generateCodeBranch(provider, first?.code ?? '', language, first?.facts);
        items.push({
          id: `${provider}-${language}-host`,
          provider,
          language,
          snippet,
          source: branchHost(provider, language, snippet.text),
        });
      }
    }
  }
  return items;
}
