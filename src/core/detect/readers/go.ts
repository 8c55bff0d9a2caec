import type { Reader } from './reader';
import { readSource } from '../sourceReading';

/** Go: JSON in string literals (httptest fixtures) and comparisons against codes. */
export const goReader: Reader = {
  container: 'go',
  read: (input) => readSource(input, 'go'),
};
