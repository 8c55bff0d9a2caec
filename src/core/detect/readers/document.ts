import type { Reader } from './reader';

/** A JSON document: one segment, answering the document's request when one is known. */
export const documentReader: Reader = {
  container: 'document',
  read: ({ text, documentContext }) => ({ segments: [{ text, start: 0, end: text.length, lines: false, context: documentContext }] }),
};
