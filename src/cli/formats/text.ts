import { printable, summaryRetryLabel } from '../../core/present';
import type { FormatFactory, Result } from './types';

/** `--format text`: findings grouped under their file, one line each; text from files shown, never obeyed by the terminal. */
export const text: FormatFactory = ({ style }) => {
  let file: string | undefined;
  const line = (r: Result): string => {
    const f = r.finding;
    const s = r.summary;
    const retry = s.retryable === true ? style.green('retryable') : s.retryable === false ? style.red('not retryable') : style.yellow(summaryRetryLabel(s));
    const provider = f.provider ? f.provider : f.generic ? `(${f.generic})` : `(${f.candidates.map((c) => c.provider).join('|')})`;
    const known = f.known || f.generic || !f.provider ? '' : style.yellow(' [not in the catalog]');
    // Another API's error: what its status means is the useful part (the catalog has no remedy for it).
    const action = f.generic ? `${s.title} (${s.providerName}, not a catalogued provider)` : s.remedy;
    // The exchange the body answers, as its container recorded it (`POST https://…/sessions → 429`).
    const request = f.request ? style.dim(`  (${printable(`${f.request.method ? `${f.request.method} ` : ''}${f.request.url}${f.status !== undefined ? ` → ${f.status}` : ''}`)})`) : '';
    let out = `${style.dim(`${printable(r.file)}:${r.line}:${r.column}`)}  ${provider}  ${style.bold(printable(f.code))}  ${f.status ?? '-'}  ${retry}${known} — ${printable(action)}${request}\n`;
    for (const said of r.says) out += `    ${style.dim('·')} ${printable(said)}\n`;
    return out;
  };
  return {
    begin: () => '',
    results(results) {
      let out = '';
      for (const r of results) {
        if (r.file !== file) {
          out += `${file === undefined ? '' : '\n'}${style.bold(printable(r.file))}\n`;
          file = r.file;
        }
        out += line(r);
      }
      return out;
    },
    end: ({ failed }) => (file !== undefined ? '\n' : failed ? '' : 'No API errors found.\n'),
  };
};
