import { parseArgs } from 'node:util';
import type { Catalog } from '../../core/catalog';
import { SNIPPET_LANGUAGES, SnippetError, type SnippetLanguage, generateCodeBranch, generateHandler } from '../../core/snippets';
import { type CliIo, UsageError } from '../io';

/** Prints a provider's full handler, or the branch for one code, ready to paste. */
export async function runSnippet(argv: string[], io: CliIo, catalog: Catalog): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: { provider: { type: 'string', short: 'p' }, code: { type: 'string', short: 'c' }, language: { type: 'string', short: 'l' } },
  });
  void positionals;
  if (!values.provider) throw new UsageError('snippet needs --provider <id>');
  const provider = catalog.provider(values.provider);
  if (!provider) throw new UsageError(`unknown provider '${values.provider}' (known: ${catalog.providers.map((p) => p.id).join(', ')})`);
  const language = (values.language ?? 'typescript') as SnippetLanguage;
  if (!(SNIPPET_LANGUAGES as readonly string[]).includes(language)) {
    throw new UsageError(`unknown language '${values.language}' (typescript, javascript, python or go)`);
  }
  try {
    const snippet = values.code
      ? generateCodeBranch(provider.id, values.code, language, catalog.find(provider.id, values.code))
      : generateHandler(provider.id, language);
    io.out(snippet.text.endsWith('\n') ? snippet.text : `${snippet.text}\n`);
    return 0;
  } catch (error) {
    if (error instanceof SnippetError) throw new UsageError(error.message);
    throw error;
  }
}
