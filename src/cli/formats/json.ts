import { contractOf } from './contract';
import type { FormatFactory } from './types';

/**
 * `--format json` (and `--json`): one document, `{"findings": [...]}`, indented as it always was;
 * written as results come, so a big log does not hold every finding in memory.
 */
export const json: FormatFactory = () => {
  let count = 0;
  return {
    begin: () => '{\n  "findings": [',
    results(results) {
      let out = '';
      // JSON strings hold no raw line ends: indenting each line of an item is safe.
      for (const r of results) out += `${count++ === 0 ? '' : ','}\n    ${JSON.stringify(contractOf(r), null, 2).replace(/\n/g, '\n    ')}`;
      return out;
    },
    end: () => (count === 0 ? ']\n}\n' : '\n  ]\n}\n'),
  };
};
