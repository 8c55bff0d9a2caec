import { pythonReprSegments } from '../pythonRepr';
import type { Reader } from './reader';

/** Logs, JSON Lines, plain text: one record a line; Python reprs of bodies read as values. */
export const linesReader: Reader = {
  container: 'lines',
  read: ({ text }) => ({ segments: [{ text, start: 0, end: text.length, lines: true }, ...pythonReprSegments(text)] }),
};
