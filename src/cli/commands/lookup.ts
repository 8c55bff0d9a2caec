import { parseArgs } from 'node:util';
import { markProvenance, provenanceNote } from '../../core/card';
import type { Catalog, ResolvedEntry } from '../../core/catalog';
import { Lookup } from '../../core/lookup';
import { entryToJson, retryLabel, titleLine } from '../../core/present';
import { type CatalogLoader, catalogArgs, catalogOptionsOf } from '../catalogs';
import { type CliIo, type Style, UsageError, makeStyle } from '../io';

export function formatEntryCard(catalog: Catalog, entry: ResolvedEntry, style: Style): string {
  const retry =
    entry.retryable === 'yes' ? style.green(retryLabel(entry)) : entry.retryable === 'no' ? style.red(retryLabel(entry)) : style.yellow(retryLabel(entry));
  const title = titleLine(catalog, entry).replace(retryLabel(entry), retry);
  const lines = [style.bold(title)];
  if (entry.endpoint) lines.push(`  ${style.dim('Endpoint:')} ${entry.endpoint}`);
  // Statements that are not the errors page's own carry a light mark, as on the hover card.
  const marked = markProvenance(entry);
  lines.push(`  ${style.dim('Meaning:')}  ${marked.meaning}`);
  lines.push(`  ${style.dim('Action:')}   ${marked.action}`);
  if (marked.retryCondition) lines.push(`  ${style.dim('Retry:')}    ${marked.retryCondition}`);
  for (const field of entry.fields ?? []) lines.push(`  ${style.dim('Field:')}    ${field.path} — ${field.meaning}${provenanceNote(field.provenance)}`);
  for (const rel of entry.related ?? []) lines.push(`  ${style.dim('Not to confuse with')} ${rel.code}: ${rel.difference}`);
  for (const obs of entry.observed ?? []) lines.push(`  ${style.dim('Observed:')} ${obs.note} (${obs.source})`);
  lines.push(`  ${style.dim('Docs:')}     ${style.cyan(entry.docs)}`);
  return lines.join('\n');
}

export async function runLookup(argv: string[], io: CliIo, loadCatalog: CatalogLoader): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { provider: { type: 'string', short: 'p' }, json: { type: 'boolean' }, limit: { type: 'string' }, ...catalogArgs },
  });
  const query = positionals.join(' ').trim();
  if (!query) throw new UsageError('lookup needs a query: a code, an HTTP status, a provider or words');
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    throw new UsageError(`--limit needs a positive whole number, got '${values.limit}'`);
  }
  const { catalog, broken } = await loadCatalog(catalogOptionsOf(values));
  if (values.provider && !catalog.provider(values.provider)) {
    const known = catalog.providers.map((p) => p.id).join(', ');
    throw new UsageError(`unknown provider '${values.provider}' (known: ${known})`);
  }
  const results = new Lookup(catalog).search(query, { provider: values.provider, limit });
  if (values.json) {
    io.out(JSON.stringify({ results: results.map((r) => entryToJson(r.entry)) }, null, 2) + '\n');
    return broken ? 1 : 0;
  }
  if (results.length === 0) {
    const scope = values.provider ? ` for ${catalog.displayName(catalog.provider(values.provider)?.id)}` : '';
    io.err(`No error matches '${query}'${scope}. Try a code (rate_limited), a status (429) or words (token expired).\n`);
    return 1;
  }
  const style = makeStyle(io.color);
  io.out(results.map((r) => formatEntryCard(catalog, r.entry, style)).join('\n\n') + '\n');
  return broken ? 1 : 0;
}
