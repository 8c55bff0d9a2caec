import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/**
 * Bytes of the extension host's heap in use after a full garbage collection, or undefined in the web
 * worker (no such API there; the test bundle maps these modules to empty ones).
 */
export function heapAfterGc(): number | undefined {
  if (typeof v8.setFlagsFromString !== 'function' || typeof process !== 'object') return undefined;
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
