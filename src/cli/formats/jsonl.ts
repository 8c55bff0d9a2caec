import { contractLine } from './contract';
import type { FormatFactory } from './types';

/** `--format jsonl`: one finding per line (the `--format json` object, written by contractLine), written as it is found; for jq and log pipelines. */
export const jsonl: FormatFactory = () => ({
  begin: () => '',
  results(results) {
    let out = '';
    for (const r of results) out += `${contractLine(r)}\n`;
    return out;
  },
  end: () => '',
});
