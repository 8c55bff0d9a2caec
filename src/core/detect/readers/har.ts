import { hostOf } from '../context';
import { type JsonNode, childOf, enclosingOpen, nameValueList, parseValueAt, stringAt } from '../jsonScan';
import { MAX_DECODED, decodeBase64, decodeJsonString, openingQuoteBefore } from '../strings';
import type { RequestContext } from '../types';
import type { Reader, Segment } from './reader';

/** An error key inside a JSON string (`"text": "{\"error\": …"`): where a response body is worth reading. */
const ESCAPED_KEY = /\\"(?:errors?|title)\\"\s*:(?! ?null)/g;
const BASE64 = /"encoding"\s*:\s*"base64"/g;
const ERROR_KEY = /"(?:errors?|title)"\s*:/;
const JSON_START = /^\s*[{[]/;
/** How far back an entry's `{` may be from its body (request headers, cookies, post data). */
const MAX_ENTRY_HEAD = 256 * 1024;

/**
 * HAR 1.2 (DevTools "Save all as HAR", proxies): each entry's `response.content.text` (a string,
 * sometimes base64) as a body, with the exchange's method, URL, request and response headers and
 * status. Anchored like the rest of detection: only the entries around an error key (or a base64
 * body) are parsed, never the whole export, which may be tens of megabytes of page assets.
 */
export const harReader: Reader = {
  container: 'har',
  read({ text, documentContext }) {
    if (!text.includes('"entries"')) return { segments: [{ text, start: 0, end: text.length, lines: false, context: documentContext }] };
    const segments: Segment[] = [];
    let coveredUntil = -1;
    ESCAPED_KEY.lastIndex = 0;
    for (let m = ESCAPED_KEY.exec(text); m; m = ESCAPED_KEY.exec(text)) {
      if (m.index < coveredUntil) continue;
      const quote = openingQuoteBefore(text, m.index, Math.max(0, m.index - MAX_DECODED));
      const body = quote >= 0 ? decodeJsonString(text, quote) : undefined;
      if (!body) continue;
      coveredUntil = (body.offsets[body.offsets.length - 1] as number) + 1;
      ESCAPED_KEY.lastIndex = coveredUntil;
      // A JSON body, not a page or a script that mentions one.
      if (!JSON_START.test(body.text)) continue;
      const context = exchangeAround(text, quote);
      if (context) segments.push({ text: body.text, start: 0, end: body.text.length, lines: false, offsets: body.offsets, context, depth: 1 });
    }
    BASE64.lastIndex = 0;
    for (let m = BASE64.exec(text); m; m = BASE64.exec(text)) {
      const contentOpen = enclosingOpen(text, m.index);
      const content = contentOpen >= 0 ? parseValueAt(text, contentOpen, Math.min(text.length, contentOpen + 2 * MAX_DECODED)) : undefined;
      const encoded = childOf(content?.node, 'text');
      if (encoded?.type !== 'string') continue;
      const body = decodeBase64(encoded.value as string, encoded.offset + 1);
      if (!body || !ERROR_KEY.test(body.text)) continue;
      const context = exchangeAround(text, encoded.offset);
      if (context) segments.push({ text: body.text, start: 0, end: body.text.length, lines: false, offsets: body.offsets, context, depth: 1 });
    }
    // Escaped bodies come first, base64 ones after: put them back in document order.
    if (segments.length > 1) segments.sort((a, b) => (a.offsets?.[0] ?? 0) - (b.offsets?.[0] ?? 0));
    return { segments };
  },
};

/**
 * The exchange of the entry whose `response.content.text` string starts at `quote`; undefined when
 * the string is something else (a request's post data, a page title).
 */
function exchangeAround(text: string, quote: number): RequestContext | undefined {
  const contentOpen = enclosingOpen(text, quote);
  const responseOpen = contentOpen >= 0 ? enclosingOpen(text, contentOpen) : -1;
  const entryOpen = responseOpen >= 0 ? enclosingOpen(text, responseOpen, Math.max(0, responseOpen - MAX_ENTRY_HEAD)) : -1;
  if (entryOpen < 0 || text.charCodeAt(entryOpen) !== 0x7b) return undefined;
  const entry = parseValueAt(text, entryOpen, Math.min(text.length, entryOpen + 4 * MAX_DECODED))?.node;
  const response = childOf(entry, 'response');
  const content = childOf(response, 'content');
  if (childOf(content, 'text')?.offset !== quote) return undefined;
  return exchangeOf(entry as JsonNode, response as JsonNode);
}

function exchangeOf(entry: JsonNode, response: JsonNode): RequestContext {
  const request = childOf(entry, 'request');
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
