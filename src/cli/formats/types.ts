import type { Catalog } from '../../core/catalog';
import type { Finding } from '../../core/detect';
import type { FindingSummary } from '../../core/explain';
import type { Style } from '../io';

/** One finding of `explain`, located in its file: what every format is given. */
export interface Result {
  /** The path as given or found (`-`: standard input). */
  file: string;
  /** 1-based, at the code's string token; columns in UTF-16 code units. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  finding: Finding;
  summary: FindingSummary;
  /** What the body's own fields and headers say, in the reader's units; empty for most log lines. */
  says: readonly string[];
}

export interface RunEnd {
  findings: number;
  /** A file could not be read. */
  failed: boolean;
}

export interface FormatOptions {
  catalog: Catalog;
  style: Style;
  version: string;
}

/**
 * An output format: text before the first result, text for each batch of results as they are found
 * (in file order; a file's results may come in several batches), text after the last one. The text
 * is written as it is returned, so a format keeps no more than it must (SARIF: one rule per code).
 */
export interface Formatter {
  begin(): string;
  results(results: readonly Result[]): string;
  end(run: RunEnd): string;
}

export type FormatFactory = (options: FormatOptions) => Formatter;
