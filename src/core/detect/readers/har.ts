import { hostOf } from '../context';
import { type JsonNode, childOf, nameValueList, parseDocument, stringAt } from '../jsonScan';
import { type Decoded, decodeBase64, decodeJsonString } from '../strings';
import type { RequestContext } from '../types';
import type { Reader, Segment } from './reader';

/** Bodies worth decoding hold an error key (base64 ones cannot be told before decoding). */
const ERROR_KEY = /"(?:errors?|title)"\s*:/;

/**
 * HAR 1.2 (DevTools "Save all as HAR", proxies): each entry's `response.content.text` (a string,
 * sometimes base64) as a body, with the exchange's method, URL, request and response headers and
 * status. A document that is not a HAR after all is read as plain JSON.
 */
export const harReader: Reader = {
  container: 'har',
  read({ text, documentContext }) {
    const root = parseDocument(text);
    const entries = childOf(childOf(root, 'log'), 'entries');
    if (entries?.type !== 'array') return { segments: [{ text, start: 0, end: text.length, lines: false, context: documentContext }] };
    const segments: Segment[] = [];
    for (const entry of entries.children ?? []) {
      const content = childOf(childOf(entry, 'response'), 'content');
      const body = childOf(content, 'text');
      if (body?.type !== 'string') continue;
      const base64 = stringAt(content, 'encoding') === 'base64';
      if (!base64 && !ERROR_KEY.test(body.value as string)) continue;
      const decoded: Decoded | undefined = base64 ? decodeBase64(body.value as string, body.offset + 1) : decodeJsonString(text, body.offset);
      if (!decoded || (base64 && !ERROR_KEY.test(decoded.text))) continue;
      segments.push({ text: decoded.text, start: 0, end: decoded.text.length, lines: false, offsets: decoded.offsets, context: exchangeOf(entry as JsonNode), depth: 1 });
    }
    return { segments };
  },
};

function exchangeOf(entry: JsonNode): RequestContext {
  const request = childOf(entry, 'request');
  const response = childOf(entry, 'response');
  const url = stringAt(request, 'url');
  const status = childOf(response, 'status')?.value;
  // HAR writes 0 for a request that got no response.
  const known = typeof status === 'number' && status >= 100 && status <= 599;
  return {
    method: stringAt(request, 'method')?.toUpperCase(),
    url,
    host: hostOf(url),
    requestHeaders: nameValueList(childOf(request, 'headers')),
    status: known ? status : undefined,
    statusSource: known ? 'response-line' : undefined,
    responseHeaders: nameValueList(childOf(response, 'headers')),
  };
}
