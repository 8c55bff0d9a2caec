import { github } from './github';
import { json } from './json';
import { jsonl } from './jsonl';
import { sarif } from './sarif';
import { text } from './text';
import type { FormatFactory } from './types';

export type * from './types';

/** `--format` values, each in its own file taking the same results. */
export const formats: Record<string, FormatFactory> = { text, json, jsonl, sarif, github };
