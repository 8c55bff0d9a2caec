import type { Container } from '../container';
import { documentReader } from './document';
import { goReader } from './go';
import { harReader } from './har';
import { httpReader } from './http';
import { linesReader } from './lines';
import { markdownReader } from './markdown';
import { postmanReader } from './postman';
import { pythonReader } from './python';
import type { Reader } from './reader';
import { typescriptReader } from './typescript';

export type { Reader, ReaderInput, ReadResult, Segment } from './reader';

/** Every container's reader. */
export const READERS: readonly Reader[] = [documentReader, linesReader, httpReader, markdownReader, harReader, postmanReader, typescriptReader, pythonReader, goReader];

export function readerFor(container: Container): Reader {
  return READERS.find((r) => r.container === container) ?? documentReader;
}
