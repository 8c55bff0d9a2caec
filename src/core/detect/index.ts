/**
 * Detection of API error bodies and code references. Readers (readers/, one per container) cut a
 * document into segments; scan.ts finds and classifies the bodies in each; findings.ts builds the
 * findings. This file is the public surface only.
 */
export type * from './types';
export { type Container, containerOf } from './container';
export { detect, detectSteps } from './run';
export { parseHttp, referencedPaths } from './http';
export { type TextChange, updateFindings } from './incremental';
