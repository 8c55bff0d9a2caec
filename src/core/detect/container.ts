import type { DetectOptions } from './types';

export type Container = 'document' | 'lines' | 'http' | 'markdown' | 'har' | 'postman' | 'source' | 'python' | 'go';

const LANGUAGE_CONTAINERS: Record<string, Container> = {
  json: 'document',
  jsonc: 'document',
  jsonl: 'lines',
  ndjson: 'lines',
  log: 'lines',
  plaintext: 'lines',
  http: 'http',
  rest: 'http',
  markdown: 'markdown',
  typescript: 'source',
  typescriptreact: 'source',
  javascript: 'source',
  javascriptreact: 'source',
  python: 'python',
  go: 'go',
};

const EXTENSION_CONTAINERS: Record<string, Container> = {
  json: 'document',
  jsonc: 'document',
  json5: 'document',
  har: 'har',
  jsonl: 'lines',
  ndjson: 'lines',
  log: 'lines',
  txt: 'lines',
  http: 'http',
  rest: 'http',
  md: 'markdown',
  markdown: 'markdown',
  ts: 'source',
  tsx: 'source',
  mts: 'source',
  cts: 'source',
  js: 'source',
  jsx: 'source',
  mjs: 'source',
  cjs: 'source',
  py: 'python',
  go: 'go',
};

/**
 * Which reader a document needs, from its language id, then its file name, then its first character.
 * A JSON document is then told apart by its content: a HAR export or a Postman collection is read as
 * what it is, whatever its name.
 */
export function containerOf(text: string, options: DetectOptions = {}): Container {
  const container = declaredContainer(text, options);
  return container === 'document' || container === 'har' ? (exportKind(text) ?? container) : container;
}

function declaredContainer(text: string, options: DetectOptions): Container {
  const byName = options.fileName ? EXTENSION_CONTAINERS[(/\.([A-Za-z0-9]+)$/.exec(options.fileName)?.[1] ?? '').toLowerCase()] : undefined;
  // Plain text and unknown ids say little: a `.http` file shown as plaintext is still a .http file.
  const byLanguage = options.languageId ? LANGUAGE_CONTAINERS[options.languageId] : undefined;
  if (byLanguage && !(byLanguage === 'lines' && byName && options.languageId === 'plaintext')) return byLanguage;
  if (byName) return byName;
  const first = /\S/.exec(text.slice(0, 4096))?.[0];
  return first === '{' || first === '[' ? 'document' : 'lines';
}

/** HAR 1.2 opens with `{"log": {"version", "creator", …, "entries"`: its head names the format. */
const HAR_HEAD = /^\s*\{\s*"log"\s*:\s*\{[^]*?"(?:entries|creator)"\s*:/;
/** Postman v2.x collections name their schema, or carry a `_postman_id`, in their `info`. */
const POSTMAN_HEAD = /"info"\s*:\s*\{[^]*?(?:schema\.getpostman\.com|"_postman_id"\s*:)/;

/** 'har' or 'postman' when the first 4 KB of a JSON document say so. */
function exportKind(text: string): 'har' | 'postman' | undefined {
  const head = text.length > 4096 ? text.slice(0, 4096) : text;
  if (HAR_HEAD.test(head)) return 'har';
  if (POSTMAN_HEAD.test(head)) return 'postman';
  return undefined;
}
