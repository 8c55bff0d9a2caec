import { type Block, type TableRow, cleanCell } from './blocks';
import { columnKind } from './columns';
import { headingLike } from './lines';

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  rsquo: '\u2019',
  lsquo: '\u2018',
  rdquo: '\u201d',
  ldquo: '\u201c',
  mdash: '\u2014',
  ndash: '\u2013',
  hellip: '\u2026',
  rarr: '\u2192',
  larr: '\u2190',
  times: '\u00d7',
  middot: '\u00b7',
  bull: '\u2022',
  copy: '\u00a9',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'blockquote',
  'br',
  'hr',
  'nav',
  'aside',
  'details',
  'summary',
  'figure',
  'figcaption',
]);

interface OpenTable {
  header?: string[];
  rows: TableRow[];
  line: number;
  row?: { cells: string[]; th: boolean; inHead: boolean; line: number };
  cell?: string;
  inHead: boolean;
  caption?: string;
}

/**
 * Reads an HTML page (a saved docs page or its source) into blocks: headings, tables with their
 * header rows, `<pre>` examples and paragraphs. A small tag scanner, not a full HTML parser: docs
 * pages' tables are regular enough, and the core must run without a DOM.
 */
export function readHtml(html: string): { blocks: Block[]; title?: string; url?: string } {
  // Removed parts keep their line breaks, so that line numbers still point into the page.
  const blank = (part: string): string => part.replace(/[^\n]+/g, ' ');
  const cleaned = html
    .replace(/<!--[\s\S]*?-->/g, blank)
    .replace(/<(script|style|noscript|svg|template)\b[\s\S]*?<\/\1\s*>/gi, blank);
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(cleaned)?.[1];
  const source = cleaned.replace(/<title[^>]*>[\s\S]*?<\/title>/gi, blank);
  const canonical =
    /<link\b[^>]*rel=["']?canonical["']?[^>]*href=["']([^"']+)["']/i.exec(cleaned)?.[1] ??
    /<meta\b[^>]*property=["']og:url["'][^>]*content=["']([^"']+)["']/i.exec(cleaned)?.[1];
  const blocks: Block[] = [];
  const newlines: number[] = [];
  for (let k = source.indexOf('\n'); k >= 0; k = source.indexOf('\n', k + 1)) newlines.push(k);
  const lineAt = (offset: number): number => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((newlines[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  const tables: OpenTable[] = [];
  let text = '';
  let textLine = 1;
  let heading: { text: string; line: number } | undefined;
  let pre: { text: string; line: number } | undefined;
  let captionOpen = false;

  const flushText = (): void => {
    const t = decodeEntities(text).replace(/\s+/g, ' ').trim();
    if (t)
      blocks.push(
        headingLike(t)
          ? { kind: 'heading', text: t, line: textLine, certain: false }
          : { kind: 'text', text: t, line: textLine },
      );
    text = '';
  };
  const append = (chunk: string, offset: number): void => {
    const table = tables[tables.length - 1];
    if (pre) pre.text += chunk;
    else if (heading) heading.text += chunk;
    else if (table && captionOpen) table.caption = (table.caption ?? '') + chunk;
    else if (table && table.cell !== undefined) table.cell += chunk;
    else if (!table) {
      if (!text.trim()) textLine = lineAt(offset);
      text += chunk;
    }
  };
  const endCell = (table: OpenTable): void => {
    if (table.cell !== undefined && table.row) table.row.cells.push(cleanCell(decodeEntities(table.cell)));
    table.cell = undefined;
  };
  const endRow = (table: OpenTable): void => {
    endCell(table);
    const row = table.row;
    table.row = undefined;
    if (!row || row.cells.length === 0) return;
    if (!table.header && table.rows.length === 0 && (row.th || row.inHead)) table.header = row.cells;
    else table.rows.push({ cells: row.cells, line: row.line, raw: row.cells.join(' | ') });
  };

  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(\/?)>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(source))) {
    if (m.index > last) append(source.slice(last, m.index), last);
    last = m.index + m[0].length;
    const closing = m[1] === '/';
    const name = (m[2] as string).toLowerCase();
    const table = tables[tables.length - 1];
    if (pre && !(closing && name === 'pre')) continue;
    if (/^h[1-6]$/.test(name)) {
      if (!closing) {
        flushText();
        heading = { text: '', line: lineAt(m.index) };
      } else if (heading) {
        const t = cleanCell(decodeEntities(heading.text));
        if (t) blocks.push({ kind: 'heading', text: t, line: heading.line, certain: true });
        heading = undefined;
      }
    } else if (name === 'pre') {
      if (!closing) {
        flushText();
        pre = { text: '', line: lineAt(m.index) };
      } else if (pre) {
        blocks.push({ kind: 'code', text: decodeEntities(pre.text), line: pre.line });
        pre = undefined;
      }
    } else if (name === 'table') {
      if (!closing) {
        flushText();
        tables.push({ rows: [], line: lineAt(m.index), inHead: false });
      } else if (table) {
        endRow(table);
        tables.pop();
        if (!table.header && table.rows.length > 0) {
          const first = table.rows[0] as TableRow;
          const known = first.cells.filter((c) => columnKind(c) !== 'other').length;
          if (known >= 2 && known * 2 >= first.cells.length)
            table.header = (table.rows.shift() as TableRow).cells;
        }
        const outer = tables[tables.length - 1];
        if (outer && outer.cell !== undefined) {
          // A table inside a cell: keep its words in the outer cell.
          outer.cell += ` ${[table.header ?? [], ...table.rows.map((r) => r.cells)].map((c) => c.join(' ')).join(' ')} `;
        } else {
          if (table.caption)
            blocks.push({
              kind: 'heading',
              text: cleanCell(decodeEntities(table.caption)),
              line: table.line,
              certain: true,
            });
          blocks.push({ kind: 'table', header: table.header, rows: table.rows, line: table.line });
        }
      }
    } else if (table && name === 'caption') {
      captionOpen = !closing;
    } else if (table && name === 'thead') {
      table.inHead = !closing;
    } else if (table && name === 'tr') {
      endRow(table);
      if (!closing) table.row = { cells: [], th: true, inHead: table.inHead, line: lineAt(m.index) };
    } else if (table && (name === 'td' || name === 'th')) {
      endCell(table);
      if (!closing) {
        if (!table.row) table.row = { cells: [], th: true, inHead: table.inHead, line: lineAt(m.index) };
        if (name === 'td') table.row.th = false;
        table.cell = '';
      }
    } else if (BLOCK_TAGS.has(name)) {
      if (table && table.cell !== undefined) table.cell += ' ';
      else if (!table && !heading) flushText();
      else if (heading) heading.text += ' ';
    }
    // Other (inline) tags, like `<code>` and `<a>`: their text joins what surrounds them.
  }
  if (last < source.length) append(source.slice(last), last);
  flushText();
  return {
    blocks,
    title: title ? decodeEntities(title).replace(/\s+/g, ' ').trim() : undefined,
    url: canonical ? decodeEntities(canonical) : undefined,
  };
}
