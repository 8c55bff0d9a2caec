import { type Node, type ParseError, getNodeValue, parseTree } from 'jsonc-parser';
import type { EnvelopeShape } from '../catalog/types';
import type { Block } from './blocks';

const CONTEXT =
  /envelope|error shape|response shape|error (?:response|body|object|format)|errors? (?:return|follow|use|look)|json body|error payload|format of errors/i;
const ERROR_KEYS = /^(?:error|errors|fault|err|error_code|errorCode|code|message|detail|title)$/;

export interface FoundEnvelope {
  envelope: EnvelopeShape;
  /** How it was found, for the summary. */
  how: 'example' | 'prose' | 'guess';
  /** For a guess: why the page's example could not be used. */
  why?: string;
}

/** The error body example of the page: a JSON object near words like "envelope" or "error shape". */
export function findEnvelope(blocks: readonly Block[], providerName: string): FoundEnvelope {
  let best: { score: number; value: Record<string, unknown> } | undefined;
  blocks.forEach((block, i) => {
    if (block.kind !== 'code') return;
    const value = objectIn(block.text);
    if (!value) return;
    const keys = Object.keys(value);
    if (!keys.some((k) => ERROR_KEYS.test(k))) return;
    const before = blocks
      .slice(Math.max(0, i - 3), i)
      .map((b) => (b.kind === 'table' ? '' : b.text))
      .join(' ');
    const score =
      (CONTEXT.test(before) ? 2 : 0) +
      (keys.includes('error') || keys.includes('errors') ? 1 : 0) +
      (codeLeaf(value) ? 1 : 0);
    if (!best || score > best.score) best = { score, value };
  });
  let why: string | undefined;
  if (best) {
    const shape = shapeOf(best.value);
    if (shape)
      return {
        envelope: {
          name: `${providerName} error body`,
          ...shape,
          example: best.value,
          description: 'Imported from the page\u2019s example.',
        },
        how: 'example',
      };
    why = Object.values(best.value).some(Array.isArray)
      ? 'its example keeps the error in a list (like {"errors": [...]}), which a catalog envelope cannot point into'
      : 'its example has no code or message field the importer recognises';
  }
  const prose = fromProse(blocks);
  if (prose)
    return {
      envelope: {
        name: `${providerName} error body`,
        ...prose,
        description: 'Inferred from the page\u2019s description of its error fields.',
      },
      how: 'prose',
    };
  return {
    envelope: {
      name: `${providerName} error body`,
      codePath: 'error.code',
      messagePath: 'error.message',
      example: { error: { code: '<code>', message: '<message>' } },
      description: 'A guess: the page shows no usable error body. Replace it with the real shape.',
    },
    how: 'guess',
    why,
  };
}

/** A JSON object in a code block (tolerant: `...context` and comments do not stop it). */
function objectIn(text: string): Record<string, unknown> | undefined {
  const start = text.indexOf('{');
  if (start < 0 || /\S/.test(text.slice(0, start).replace(/\[/g, ''))) return undefined;
  const errors: ParseError[] = [];
  const node: Node | undefined = parseTree(text.slice(start), errors, {
    allowTrailingComma: true,
    disallowComments: false,
  });
  if (node?.type !== 'object' || !node.children?.length) return undefined;
  // getNodeValue builds objects without a prototype: make them plain data.
  const value = JSON.parse(JSON.stringify(getNodeValue(node))) as unknown;
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

type Json = Record<string, unknown>;

function leaves(
  value: Json,
  prefix = '',
  depth = 0,
  out: { path: string; key: string; value: unknown }[] = [],
) {
  for (const [key, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (v && typeof v === 'object' && !Array.isArray(v) && depth < 3) leaves(v as Json, path, depth + 1, out);
    else out.push({ path, key, value: v });
  }
  return out;
}

/** Placeholder or code-like: `<CODE>`, `error_code_string`, `UNKNOWN_CLAIM_KEY`. */
function codeLike(v: unknown): boolean {
  return (
    typeof v === 'string' &&
    (/^<[^>]*code[^>]*>$/i.test(v) || /^[A-Za-z][\w.-]*$/.test(v)) &&
    !/^<[^>]*message[^>]*>$/i.test(v)
  );
}

function codeLeaf(value: Json): string | undefined {
  const all = leaves(value).filter((l) => typeof l.value === 'string' && codeLike(l.value));
  // `code` beats `type` (`{"type": "payment_error", "code": "card_expired"}`), which beats `id`.
  for (const key of [
    /^code$/,
    /^(?:error_code|errorCode|error_type|errorType)$/,
    /^(?:error|err)$/,
    /^(?:type|id)$/,
  ]) {
    const hit = all.find((l) => key.test(l.key));
    if (hit) return hit.path;
  }
  return undefined;
}

/** codePath, messagePath and requiredPaths from an example body. */
export function shapeOf(
  value: Json,
): Pick<EnvelopeShape, 'codePath' | 'messagePath' | 'requiredPaths'> | undefined {
  const all = leaves(value);
  const codePath = codeLeaf(value);
  const messagePath = all.find(
    (l) =>
      l.path !== codePath &&
      /^(?:message|msg|detail|description|error_description|error_message|error|title)$/.test(l.key) &&
      typeof l.value === 'string',
  )?.path;
  if (!codePath && !messagePath) return undefined;
  const shape: Pick<EnvelopeShape, 'codePath' | 'messagePath' | 'requiredPaths'> = {};
  if (codePath) shape.codePath = codePath;
  if (messagePath) shape.messagePath = messagePath;
  if (!codePath) {
    shape.requiredPaths = [messagePath as string];
    return shape;
  }
  // What sets the shape apart: the code's siblings (not objects) and the other top-level keys.
  const parent = codePath.includes('.') ? codePath.slice(0, codePath.lastIndexOf('.')) : '';
  const required = new Set<string>();
  for (const l of all) {
    if (l.path === codePath || l.path === messagePath) continue;
    const lParent = l.path.includes('.') ? l.path.slice(0, l.path.lastIndexOf('.')) : '';
    if (parent && lParent === parent && (l.value === null || typeof l.value !== 'object'))
      required.add(l.path);
  }
  const onPath = new Set([codePath.split('.')[0], messagePath?.split('.')[0]]);
  for (const key of Object.keys(value)) if (!onPath.has(key)) required.add(key);
  if (required.size > 0) shape.requiredPaths = [...required];
  return shape;
}

/** "The `error` field tells you the exact reason, and `message` is safe to show": a shape from words. */
function fromProse(
  blocks: readonly Block[],
): (Pick<EnvelopeShape, 'codePath' | 'messagePath'> & { example: unknown }) | undefined {
  const text = blocks
    .map((b) => (b.kind === 'text' || b.kind === 'heading' ? b.text : ''))
    .filter(Boolean)
    .join('\n');
  const code =
    /`?\b([a-z_]+)`?\s+field\s+(?:tells you|holds|contains|carries|is|gives)\s+(?:the\s+)?(?:exact\s+|machine[- ]readable\s+)?(?:reason|code|error code)/i.exec(
      text,
    )?.[1];
  if (!code) return undefined;
  const message =
    /`?\b([a-z_]+)`?\s+(?:field\s+)?(?:is\s+safe\s+to\s+(?:surface|show)|is\s+(?:a\s+)?human[- ]readable)/i.exec(
      text,
    )?.[1];
  const example: Record<string, string> = { [code]: '<code>' };
  if (message && message !== code) example[message] = '<message>';
  return { codePath: code, ...(message && message !== code ? { messagePath: message } : {}), example };
}
