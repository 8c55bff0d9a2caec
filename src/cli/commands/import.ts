import { parseArgs } from 'node:util';
import { basename } from 'node:path';
import { type PageFormat, detectFormat, importErrorTable } from '../../core/import';
import { type CliIo, UsageError, makeStyle } from '../io';

const FORMATS: readonly PageFormat[] = ['markdown', 'html', 'text'];

/**
 * Drafts a catalog from a provider's error reference page: the catalog JSON on stdout (ready to
 * save as `<provider>.api-errors.json` and review), what could not be read and what was guessed
 * on stderr. `--json` puts both on stdout as `{ draft, unread, notes }`.
 * Exit 0 with a draft, 1 when the page has no error table (or cannot be read), 2 on usage errors.
 */
export async function runImport(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'provider-name': { type: 'string' },
      docs: { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1)
    throw new UsageError('import needs exactly one docs page: a file, or - for standard input');
  const format = values.format as PageFormat | undefined;
  if (format !== undefined && !FORMATS.includes(format))
    throw new UsageError(`--format must be markdown, html or text, got '${values.format}'`);
  if (values.docs !== undefined && !/^https:\/\/\S+$/.test(values.docs))
    throw new UsageError(`--docs needs an https:// URL, got '${values.docs}'`);
  const providerName = values['provider-name'];
  if (providerName !== undefined && !/\p{L}/u.test(providerName))
    throw new UsageError('--provider-name needs a name with letters in it');

  const path = positionals[0] as string;
  let bytes: Uint8Array;
  try {
    if (path !== '-' && (await io.isDirectory(path))) {
      io.err(`api-errors: ${path}: is a directory\n`);
      return 1;
    }
    bytes = path === '-' ? await io.readStdin() : await io.readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    io.err(
      `api-errors: ${path}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? (error as Error).message})`}\n`,
    );
    return 1;
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  const sourceName = path === '-' ? 'standard input' : basename(path);
  const result = importErrorTable(text, {
    format: format ?? detectFormat(text, path === '-' ? undefined : path),
    providerName,
    docs: values.docs,
    sourceName,
  });
  const { draft, unread, notes } = result;

  if (values.json) {
    io.out(JSON.stringify({ draft, unread, notes }, null, 2) + '\n');
    return draft.entries.length > 0 ? 0 : 1;
  }
  if (draft.entries.length === 0) {
    io.err(
      `api-errors: ${path}: no error table found (looked for pipe tables, HTML tables and rows such as CODE401Meaning…)\n`,
    );
    for (const line of unread.filter((u) => u !== 'no error table found on the page'))
      io.err(`  - ${line}\n`);
    return 1;
  }
  io.out(JSON.stringify(draft, null, 2) + '\n');
  const style = makeStyle(io.color);
  const kinds = { code: 0, status: 0, message: 0 };
  for (const e of draft.entries) kinds[e.kind]++;
  const counted = [
    `${kinds.code} code${kinds.code === 1 ? '' : 's'}`,
    `${kinds.status} status row${kinds.status === 1 ? '' : 's'}`,
  ];
  if (kinds.message) counted.push(`${kinds.message} message${kinds.message === 1 ? '' : 's'}`);
  const summary = [
    `${style.bold(`Drafted ${draft.provider.displayName} (${draft.provider.id})`)} from ${sourceName}: ${counted.join(', ')}. Review it, then save it as ${draft.provider.id}.api-errors.json.`,
  ];
  if (unread.length) summary.push(style.yellow('Could not read:'), ...unread.map((u) => `  - ${u}`));
  if (notes.length) summary.push(style.cyan('Check:'), ...notes.map((n) => `  - ${n}`));
  io.err(summary.join('\n') + '\n');
  return 0;
}
