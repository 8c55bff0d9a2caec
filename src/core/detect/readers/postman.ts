import { hostOf } from '../context';
import { type JsonNode, childOf, nameValueList, parseDocument, stringAt } from '../jsonScan';
import { decodeJsonString } from '../strings';
import type { RequestContext } from '../types';
import type { Reader, Segment } from './reader';

const ERROR_KEY = /"(?:errors?|title)"\s*:/;
/** Folders nest items; a collection deeper than this is not a real one. */
const MAX_FOLDER_DEPTH = 32;

/**
 * Postman collections (v2.0 / v2.1): every saved example response (`item[].response[]`, folders
 * nested) with its `code`, `header` and `originalRequest` (method, URL as a string or an object).
 */
export const postmanReader: Reader = {
  container: 'postman',
  read({ text, documentContext }) {
    const root = parseDocument(text);
    const items = childOf(root, 'item');
    if (items?.type !== 'array') return { segments: [{ text, start: 0, end: text.length, lines: false, context: documentContext }] };
    const segments: Segment[] = [];
    const walk = (list: JsonNode, depth: number) => {
      for (const item of list.children ?? []) {
        if (!item) continue;
        const nested = childOf(item, 'item');
        if (nested?.type === 'array' && depth < MAX_FOLDER_DEPTH) walk(nested, depth + 1);
        const responses = childOf(item, 'response');
        if (responses?.type !== 'array') continue;
        for (const response of responses.children ?? []) {
          const body = childOf(response, 'body');
          if (body?.type !== 'string' || !ERROR_KEY.test(body.value as string)) continue;
          const decoded = decodeJsonString(text, body.offset);
          if (!decoded) continue;
          const context = exchangeOf(response as JsonNode, childOf(item, 'request'));
          segments.push({ text: decoded.text, start: 0, end: decoded.text.length, lines: false, offsets: decoded.offsets, context, depth: 1 });
        }
      }
    };
    walk(items, 0);
    return { segments };
  },
};

function exchangeOf(response: JsonNode, itemRequest: JsonNode | undefined): RequestContext {
  // The request saved with the example, else the item's own request.
  const request = childOf(response, 'originalRequest') ?? itemRequest;
  const url = urlOf(childOf(request, 'url'));
  const code = childOf(response, 'code')?.value;
  const known = typeof code === 'number' && code >= 100 && code <= 599;
  return {
    method: stringAt(request, 'method')?.toUpperCase(),
    url,
    host: hostOf(url),
    requestHeaders: nameValueList(childOf(request, 'header'), 'key'),
    status: known ? code : undefined,
    statusSource: known ? 'response-line' : undefined,
    responseHeaders: nameValueList(childOf(response, 'header'), 'key'),
  };
}

/** `"https://…"`, or `{"raw": "…", "protocol", "host": ["api", "kayle", "id"], "path": […]}`. */
function urlOf(node: JsonNode | undefined): string | undefined {
  if (node?.type === 'string') return node.value as string;
  const raw = stringAt(node, 'raw');
  if (raw) return raw;
  const host = childOf(node, 'host');
  const hostText = host?.type === 'array' ? (host.children ?? []).map((h) => h?.value).join('.') : (host?.value as string | undefined);
  if (!hostText) return undefined;
  const path = childOf(node, 'path');
  const pathText = path?.type === 'array' ? (path.children ?? []).map((p) => p?.value).join('/') : ((path?.value as string | undefined) ?? '');
  return `${stringAt(node, 'protocol') ?? 'https'}://${hostText}/${pathText}`;
}
