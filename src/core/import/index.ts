import type { CatalogEntry, Provenance, ProviderCatalog } from '../catalog/types';
import { reasonPhrase, statusMeaning } from '../httpStatus';
import type { Block, TableBlock, TableRow } from './blocks';
import {
  type ColumnKind,
  columnKind,
  isCodeCell,
  isNoCode,
  isStatusCell,
  splitCodes,
  statusesIn,
} from './columns';
import { findEnvelope } from './envelope';
import {
  authOf,
  docsOf,
  hostsOf,
  keyPrefixesOf,
  providerNameOf,
  rateLimitHeadersOf,
  retryGuidanceOf,
  slug,
} from './facts';
import { readHtml } from './html';
import { type PageStatus, defaultAction, defaultRetryable, inferStatus, retryableFromCell } from './infer';
import { readLines } from './lines';

export type PageFormat = 'markdown' | 'html' | 'text';

export interface ImportOptions {
  /** How the page is written; guessed from its content when absent. */
  format?: PageFormat;
  /** The provider's name; guessed from the page (title, "<Name> API", its links) when absent. */
  providerName?: string;
  /** The provider id; derived from the name when absent. */
  providerId?: string;
  /** The page's URL, for `docs`; else a docs link found on the page. */
  docs?: string;
  /** What the page is called in `source` ("imported from <sourceName>"): a file name, a URL. */
  sourceName?: string;
}

export interface ImportResult {
  /** A catalog that validates against the schema, for a person to review. */
  draft: ProviderCatalog;
  /** What the importer saw but could not read: tables without code or status, rows it could not split… */
  unread: string[];
  /** What it guessed and a reviewer should check: inferred statuses, the envelope, skipped success rows. */
  notes: string[];
}

/** Guesses how a page is written: HTML tags, Markdown markup, or text copied from a browser. */
export function detectFormat(text: string, fileName?: string): PageFormat {
  const ext = /\.([a-z]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
  if (ext === 'html' || ext === 'htm') return 'html';
  if (ext === 'md' || ext === 'markdown' || ext === 'mdx') return 'markdown';
  const head = text.slice(0, 20_000);
  if (/<(?:table|html|body|h[1-6]|div|p)\b[^>]*>/i.test(head) && /<\/[a-z]+>/i.test(head)) return 'html';
  if (/^#{1,6}\s|^\s*\|.*\|\s*$|^```/m.test(head)) return 'markdown';
  return 'text';
}

/** Docs pages are far smaller; a bigger input is read up to here. */
const MAX_PAGE = 4_000_000;
const ENDPOINT = /\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\/[^\s)]*)/;
const ROWISH =
  /^(?:(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[a-z]+(?:_[a-z0-9]+)+)\s*[|\t:,\u2013\u2014-]?\s*[1-5]\d\d\b|[1-5]\d\d\s*[|\t]|[1-5]\d\d[A-Z][A-Z0-9_]{3,})/;

interface Interpreted {
  table: TableBlock;
  kinds: ColumnKind[];
  type: 'status' | 'codes' | 'none';
  heading?: string;
}

interface RowValues {
  code?: string;
  message?: string;
  status?: string;
  retry?: string;
  meaning?: string;
  action?: string;
  /** The cells `meaning` and `action` were joined from, as the page has them: the entry's quotes. */
  meaningCells: string[];
  actionCells: string[];
  reason?: string;
  category?: string;
}

function valuesOf(kinds: readonly ColumnKind[], cells: readonly string[]): RowValues {
  const get = (kind: ColumnKind): string[] =>
    cells
      .filter((_, i) => kinds[i] === kind)
      .map((c) => c.trim())
      .filter(Boolean);
  return {
    code: get('code')[0],
    message: get('message')[0],
    status: get('status')[0],
    retry: get('retryable')[0],
    meaning: get('meaning').join(' ') || undefined,
    action: get('action').join(' ') || undefined,
    meaningCells: get('meaning'),
    actionCells: get('action'),
    reason: get('reason')[0],
    category: get('category')[0],
  };
}

/** Which column holds what, from the header and then from the cells themselves. */
function interpret(table: TableBlock, heading: string | undefined): Interpreted {
  const width = Math.max(table.header?.length ?? 0, ...table.rows.map((r) => r.cells.length));
  const column = (i: number): string[] => table.rows.map((r) => (r.cells[i] ?? '').trim()).filter(Boolean);
  let kinds: ColumnKind[] = table.header ? table.header.map(columnKind) : [];
  if (!table.header) {
    // No header: a status column, a code column, a yes/no column, then text (meaning, then action).
    let texts = 0;
    for (let i = 0; i < width; i++) {
      const cells = column(i);
      if (cells.length && cells.every(isStatusCell) && !kinds.includes('status')) kinds.push('status');
      else if (cells.length && cells.every((c) => isCodeCell(c) || isNoCode(c)) && !kinds.includes('code'))
        kinds.push('code');
      else if (cells.length && cells.every((c) => /^(?:yes|no|true|false)$/i.test(c)))
        kinds.push('retryable');
      else kinds.push(texts++ === 0 ? 'meaning' : 'action');
    }
  }
  kinds = [...kinds];
  // "Code" holding 401, 404…: a status table (Kakunin's `Code | Name | When it happens`, Overten's).
  const codeAt = kinds.indexOf('code');
  if (
    codeAt >= 0 &&
    !kinds.includes('status') &&
    column(codeAt).length > 0 &&
    column(codeAt).every(isStatusCell)
  )
    kinds[codeAt] = 'status';
  // No code column, but one named otherwise ("Error", "Name") holds identifiers.
  if (!kinds.includes('code') && !kinds.includes('message')) {
    const at = kinds.findIndex(
      (k, i) =>
        (k === 'reason' || k === 'other') &&
        column(i).length > 0 &&
        column(i).every((c) => isCodeCell(c) && /_|^[A-Z0-9]+$/.test(c) && !isStatusCell(c)),
    );
    if (at >= 0) kinds[at] = 'code';
  }
  const type =
    kinds.includes('code') || kinds.includes('message')
      ? 'codes'
      : kinds.includes('status')
        ? 'status'
        : 'none';
  return { table, kinds, type, heading };
}

function clip(text: string, n = 70): string {
  return text.length > n ? `${text.slice(0, n - 1)}\u2026` : text;
}

/**
 * Reads a provider's error reference page and drafts a catalog from it: the error tables (pipe
 * tables, HTML tables, rows whose cells ran together when copied, multi-code rows, status tables),
 * their section headings (category, endpoint), Retryable columns, and the error body example.
 * What it could not read, and what it had to guess, is listed for the person who reviews the draft.
 */
export function importErrorTable(page: string, options: ImportOptions = {}): ImportResult {
  const unread: string[] = [];
  const notes: string[] = [];
  const text = page.length > MAX_PAGE ? page.slice(0, MAX_PAGE) : page;
  if (page.length > MAX_PAGE)
    unread.push(`the page is longer than ${MAX_PAGE / 1_000_000} MB: only its beginning was read`);
  const format = options.format ?? detectFormat(text);
  let blocks: Block[];
  let title: string | undefined;
  let pageUrl: string | undefined;
  if (format === 'html') ({ blocks, title, url: pageUrl } = readHtml(text));
  else blocks = readLines(text);
  const allText =
    format === 'html'
      ? blocks
          .map((b) =>
            b.kind === 'table' ? [b.header ?? [], ...b.rows.map((r) => r.cells)].flat().join(' ') : b.text,
          )
          .join('\n')
      : text;

  const guessedName = providerNameOf(allText, blocks, title);
  const name = options.providerName?.trim() || guessedName || 'Imported API';
  if (!options.providerName?.trim() && !guessedName)
    unread.push(
      'the provider\u2019s name is not on the page: set provider.displayName and provider.id (or pass --provider-name)',
    );
  const id = options.providerId ?? slug(name);
  const docs = options.docs ?? docsOf(allText, pageUrl);
  if (!docs)
    unread.push(
      'no link to the provider\u2019s docs on the page: replace https://example.com/docs in provider.docs and the entries\u2019 docs',
    );
  const docsUrl = docs ?? 'https://example.com/docs';
  const source = `imported from ${options.sourceName ?? 'a docs page'}`;
  const retryGuidance = retryGuidanceOf(blocks);

  // Tables, each with the heading it sits under.
  const tables: Interpreted[] = [];
  let heading: string | undefined;
  for (const b of blocks) {
    if (b.kind === 'heading') heading = b.text;
    else if (b.kind === 'table') tables.push(interpret(b, heading));
    else if (b.kind === 'text' && ROWISH.test(b.text))
      unread.push(
        `line ${b.line}: \u201c${clip(b.text)}\u201d looks like an error row, but is not in a table the importer could read`,
      );
  }
  for (const b of blocks)
    if (b.kind === 'heading' && !b.certain && ROWISH.test(b.text))
      unread.push(
        `line ${b.line}: \u201c${clip(b.text)}\u201d looks like an error row, but is not in a table the importer could read`,
      );

  // The page's status table(s): reasons and meanings by status, and the basis for inferring statuses.
  const pageStatuses: PageStatus[] = [];
  for (const t of tables.filter((x) => x.type === 'status')) {
    for (const row of t.table.rows) {
      const v = valuesOf(t.kinds, row.cells);
      for (const status of statusesIn(v.status ?? '') ?? []) {
        if (!pageStatuses.some((p) => p.status === status))
          pageStatuses.push({
            status,
            reason: v.reason ?? v.category ?? reasonRest(v.status),
            meaning: v.meaning,
            meaningCells: v.meaningCells,
          });
      }
    }
  }

  const entries: CatalogEntry[] = [];
  const seen = new Map<string, number>();
  const skipped: number[] = [];
  const inferred: string[] = [];
  const add = (entry: CatalogEntry, line: number): void => {
    const key = `${entry.code}\u0000${entry.endpoint ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined) {
      if (entries[first]?.status !== entry.status)
        notes.push(
          `line ${line}: ${entry.code} is listed again with status ${entry.status}: kept the first (${entries[first]?.status})`,
        );
      return;
    }
    seen.set(key, entries.length);
    entries.push(entry);
  };

  for (const t of tables) {
    const { table, kinds, type } = t;
    if (type === 'none') {
      if (table.rows.length > 0 || table.header) {
        const head = (table.header ?? table.rows[0]?.cells ?? []).join(' | ');
        unread.push(`line ${table.line}: a table (${clip(head, 60)}) has no code or status column: not read`);
      }
      continue;
    }
    const endpointMatch = t.heading ? ENDPOINT.exec(t.heading) : null;
    const endpoint = endpointMatch ? `${endpointMatch[1]} ${endpointMatch[2]}` : undefined;
    for (const row of table.rows) {
      const v = valuesOf(kinds, row.cells);
      const statuses = v.status ? statusesIn(v.status) : undefined;
      const texts = [v.meaning, v.action, v.message];
      const make = (code: string | undefined, status: number, kind: CatalogEntry['kind']): CatalogEntry => {
        const page = pageStatuses.find((p) => p.status === status);
        const retry =
          (v.retry ? retryableFromCell(v.retry) : undefined) ??
          defaultRetryable(status, texts, retryGuidance);
        const entry: CatalogEntry = {
          code: code ?? String(status),
          kind,
          status,
          reason:
            (kind === 'status' ? (v.reason ?? v.category ?? reasonRest(v.status)) : undefined) ??
            page?.reason ??
            reasonPhrase(status),
          retryable: retry.retryable,
          meaning:
            v.meaning ??
            (kind === 'message' && code
              ? page?.meaning
                ? `${code} \u2014 ${page.meaning}`
                : code
              : undefined) ??
            v.message ??
            page?.meaning ??
            statusMeaning(status),
          action: v.action ?? defaultAction(status),
          docs: docsUrl,
          source,
          // The words of the page each statement was read from, or why it is the importer's own.
          provenance: {
            meaning: [
              v.meaningCells.length > 0
                ? quoted(v.meaningCells)
                : kind === 'message' && code
                  ? quoted([code, ...(page?.meaningCells ?? [])])
                  : v.message
                    ? quoted([v.message])
                    : page?.meaningCells?.length
                      ? quoted(page.meaningCells)
                      : ownGuess(`the page gives no meaning for ${status}: the status's usual meaning`),
            ],
            action: [
              v.actionCells.length > 0
                ? quoted(v.actionCells)
                : ownGuess(`the page gives no action: the usual reaction to ${status}`),
            ],
            retry: [
              retry.basis
                ? quoted([retry.basis])
                : ownGuess(`the page gives no retry rule: the usual rule for ${status}`),
            ],
          },
        };
        if (retry.retryCondition) entry.retryCondition = retry.retryCondition;
        const category = (type === 'codes' ? v.category : undefined) ?? t.heading;
        if (category) entry.category = category;
        if (endpoint) entry.endpoint = endpoint;
        return entry;
      };

      if (type === 'status') {
        if (!statuses) {
          unread.push(
            `line ${row.line}: \u201c${clip(row.raw)}\u201d has no HTTP status the importer could read`,
          );
          continue;
        }
        for (const status of statuses) {
          if (status < 400) skipped.push(status);
          else add(make(undefined, status, 'status'), row.line);
        }
        continue;
      }

      const isMessage = !v.code && Boolean(v.message);
      const codeCell = v.code ?? v.message ?? '';
      if (!isMessage && isNoCode(codeCell)) {
        // `401 | (no code) | …`: a status without a code, explained by the status itself.
        if (!statuses)
          unread.push(`line ${row.line}: \u201c${clip(row.raw)}\u201d has neither a code nor a status`);
        else
          for (const status of statuses) if (status >= 400) add(make(undefined, status, 'status'), row.line);
        continue;
      }
      const codes = isMessage ? [codeCell.trim()] : splitCodes(codeCell);
      if (!isMessage && !codes.every(isCodeCell)) {
        unread.push(
          `line ${row.line}: \u201c${clip(codeCell)}\u201d does not look like an error code: not read`,
        );
        continue;
      }
      let paired: number[];
      if (statuses && statuses.length === codes.length) paired = statuses;
      else if (statuses && statuses.length === 1) paired = codes.map(() => statuses[0] as number);
      else if (statuses) {
        unread.push(
          `line ${row.line}: ${codes.length} codes but ${statuses.length} statuses in \u201c${clip(row.raw)}\u201d: not read`,
        );
        continue;
      } else {
        paired = [];
        for (const code of codes) {
          const guess = inferStatus(
            code,
            texts.filter((x): x is string => Boolean(x)),
            pageStatuses,
            t.heading,
          );
          if (guess) {
            paired.push(guess.status);
            inferred.push(
              `${code}: status ${guess.status} inferred from the page\u2019s status table${guess.because ? ` (${clip(guess.because, 50)})` : ''}, check it`,
            );
          } else {
            paired.push(400);
            unread.push(
              `line ${row.line}: the page gives no status for ${code}, and none of its status rows matches: the draft says 400, correct it`,
            );
          }
        }
      }
      codes.forEach((code, i) => {
        const status = paired[i] as number;
        if (status < 400) skipped.push(status);
        else add(make(code, status, isMessage ? 'message' : 'code'), row.line);
      });
    }
    for (const row of table.unreadRows ?? [])
      unread.push(
        `line ${row.line}: could not split \u201c${clip(row.raw)}\u201d into the table\u2019s columns`,
      );
  }

  notes.push(...inferred);
  if (skipped.length > 0)
    notes.push(
      `skipped ${skipped.length} status row${skipped.length === 1 ? '' : 's'} below 400 (${[...new Set(skipped)].join(', ')}): not errors`,
    );
  if (entries.length === 0) unread.push('no error table found on the page');
  if (entries.length > 0 && !tables.some((t) => t.kinds.includes('retryable')))
    notes.push(
      'the page has no Retryable column: retryable comes from the status (4xx no, except 408/425/429; 429/502/503/504 yes; 500 and 408 conditional)',
    );

  const found = findEnvelope(blocks, name);
  if (found.how === 'prose')
    notes.push(
      `no example error body on the page: the envelope (${found.envelope.codePath ?? found.envelope.messagePath}) comes from its description of the fields, check it`,
    );
  if (found.how === 'guess') {
    unread.push(
      `${found.why ? `the page\u2019s error body could not be used (${found.why})` : 'no example error body on the page'}: the envelope is a guess (error.code, error.message), replace it with the real shape`,
    );
  }

  const draft: ProviderCatalog = {
    provider: {
      id,
      displayName: name,
      docs: docsUrl,
      envelopes: [found.envelope],
      auth: authOf(allText),
      hosts: hostsOf(allText),
      keyPrefixes: keyPrefixesOf(allText),
      rateLimitHeaders: rateLimitHeadersOf(allText),
      retryGuidance,
      sdkErrorClasses: [],
      sources: [source],
    },
    entries,
  };
  return { draft, unread, notes };
}

const quoted = (quotes: string[]): Provenance => ({ from: 'seed', quotes });
const ownGuess = (reason: string): Provenance => ({ from: 'inferred', reason });

/** `401 Unauthorized` in a status cell: the words after the number. */
function reasonRest(cell: string | undefined): string | undefined {
  const rest = (cell ?? '').replace(/^\s*[1-5]\d\d\s*[-\u2013\u2014:]?\s*/, '').trim();
  return rest && !/^[\d/ ]+$/.test(rest) ? rest : undefined;
}

export type { Block, TableBlock, TableRow };
