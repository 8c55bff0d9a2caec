import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * A container fixture's path. The ones the sample workspace shows (a HAR, a structured log, mocks)
 * live there, in test/fixtures/workspace/containers, once; the others only the unit tests read.
 */
export function containerFixture(name: string): string {
  const inWorkspace = resolve(__dirname, '../../fixtures/workspace/containers', name);
  return existsSync(inWorkspace) ? inWorkspace : resolve(__dirname, '../../fixtures/containers', name);
}
