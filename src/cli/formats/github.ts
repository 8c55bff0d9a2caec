import type { FormatFactory, Result } from './types';

/**
 * `--format github`: one GitHub Actions workflow command per finding, shown as an annotation on the
 * file's line. Values are escaped as GitHub's toolkit (@actions/core) does, so text from a file
 * cannot end the command early or start another one.
 */
export const github: FormatFactory = () => ({
  begin: () => '',
  results(results) {
    let out = '';
    for (const r of results) out += annotation(r);
    return out;
  },
  end: () => '',
});

function annotation(r: Result): string {
  const f = r.finding;
  const s = r.summary;
  const retry = s.retryable === true ? 'retryable' : s.retryable === false ? 'not retryable' : 'retry with care';
  const action = f.generic ? `${s.title} (${s.providerName}, not a catalogued provider)` : s.remedy;
  const message = [`${f.code} ${f.status ?? '-'} ${retry}: ${action}`, ...r.says].join('\n');
  const properties = [
    ...(r.file === '-' ? [] : [`file=${escapeProperty(r.file)}`]),
    `line=${r.line}`,
    `endLine=${r.endLine}`,
    `col=${r.column}`,
    `endColumn=${r.endColumn}`,
    `title=${escapeProperty(`${s.providerName}: ${f.code}`)}`,
  ];
  return `::warning ${properties.join(',')}::${escapeData(message)}\n`;
}

/** As @actions/core's escapeData. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** As @actions/core's escapeProperty. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
