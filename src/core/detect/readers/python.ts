import { codeReferences } from '../references';
import { stringLiterals } from '../source';
import type { Reader } from './reader';

/** Python: JSON in string literals, and comparisons against codes. */
export const pythonReader: Reader = {
  container: 'python',
  read: ({ text, catalog, options }) => ({
    segments: stringLiterals(text, true).map((literal) =>
      literal.unescaped
        ? { text: literal.unescaped.text, start: 0, end: literal.unescaped.text.length, lines: false, offsets: literal.unescaped.offsets }
        : { text, start: literal.start, end: literal.end, lines: false },
    ),
    findings: (bodies) => codeReferences(text, catalog, options, bodies),
  }),
};
