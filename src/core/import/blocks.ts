/** What a docs page is made of, once read: the importer's readers (Markdown/text, HTML) produce these. */

export interface TableRow {
  cells: string[];
  /** 1-based line of the page the row came from (for the summary of what could not be read). */
  line: number;
  raw: string;
}

export interface TableBlock {
  kind: 'table';
  /** Header cells, when the table has a header row. */
  header?: string[];
  rows: TableRow[];
  line: number;
  /** Rows after the header that could not be split into the header's columns. */
  unreadRows?: TableRow[];
}

export interface HeadingBlock {
  kind: 'heading';
  text: string;
  line: number;
  /** A real heading (Markdown `#`, HTML `<h2>`), not a short line that looks like one. */
  certain: boolean;
}

export interface TextBlock {
  kind: 'text';
  text: string;
  line: number;
}

export interface CodeBlock {
  kind: 'code';
  text: string;
  line: number;
}

export type Block = TableBlock | HeadingBlock | TextBlock | CodeBlock;

/** A cell's plain text: Markdown emphasis, inline code and links reduced to their words. */
export function cleanCell(cell: string): string {
  return cell
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/\\\|/g, '|')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Typographic quotes and dashes as ASCII, so names and codes compare. */
export function plain(text: string): string {
  return text
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\u00a0/g, ' ');
}
