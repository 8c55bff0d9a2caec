import type { Reader } from './reader';
import { readSource } from '../sourceReading';

/** TypeScript and JavaScript (and their JSX flavours). */
export const typescriptReader: Reader = {
  container: 'source',
  read: (input) => readSource(input, 'script'),
};
