import type { Reader } from './reader';
import { readSource } from '../sourceReading';

/** Python. */
export const pythonReader: Reader = {
  container: 'python',
  read: (input) => readSource(input, 'python'),
};
