import { createScanner } from 'jsonc-parser';

/** jsonc-parser's STRING_LITERAL (a const enum: not importable under isolatedModules). */
const STRING_LITERAL = 10;

/** Text decoded out of a document, with where each of its characters came from. */
export interface Decoded {
  text: string;
  /** offsets[i]: the document offset of text[i]; one entry more, for the end. */
  offsets: Int32Array;
}

/** Decoded text longer than this is not read as a body (a 1 MB body is already far past any error). */
export const MAX_DECODED = 1024 * 1024;

/**
 * The JSON string token whose opening quote is at `quote`, decoded by jsonc-parser's scanner, with an
 * offset map from each decoded character to the escape sequence (or character) it came from, so a
 * code inside `"{\"code\":\"X\"}"` is placed on its own characters. Undefined when there is no string
 * there. A string cut short (a truncated log) decodes up to where it stops.
 */
export function decodeJsonString(text: string, quote: number, base?: Int32Array): Decoded | undefined {
  if (text.charCodeAt(quote) !== 0x22) return undefined;
  const scanner = createScanner(text, true);
  scanner.setPosition(quote);
  if (scanner.scan() !== STRING_LITERAL) return undefined;
  return decodedToken(text, quote, scanner.getTokenValue(), quote + scanner.getTokenLength(), base);
}

/**
 * decodeJsonString for a string token already read by jsonc-parser's scanner (in a parse of the
 * record around it): its value and where it ends. The same answer, without scanning it again.
 */
export function decodedToken(text: string, quote: number, value: string, tokenEnd: number, base?: Int32Array): Decoded | undefined {
  if (value.length > MAX_DECODED) return undefined;
  const offsets = new Int32Array(value.length + 1);
  let i = quote + 1;
  let n = 0;
  while (n < value.length && i < tokenEnd) {
    offsets[n] = i;
    if (text.charCodeAt(i) === 0x5c) {
      const next = text.charCodeAt(i + 1);
      i += next === 0x75 /* u */ ? 6 : 2;
    } else {
      i++;
    }
    n++;
  }
  // The scanner and this walk disagree only on malformed escapes: no reliable map, no body.
  if (n !== value.length) return undefined;
  offsets[n] = Math.min(i, tokenEnd);
  return { text: value, offsets: base ? composed(offsets, base) : offsets };
}

/** `inner` mapped through `outer` (decoded text inside decoded text). */
export function composed(inner: Int32Array, outer: Int32Array): Int32Array {
  for (let k = 0; k < inner.length; k++) inner[k] = outer[inner[k] as number] ?? (inner[k] as number);
  return inner;
}

/** Whether the quote at `at` is escaped (an odd run of backslashes before it). */
export function isEscapedQuote(text: string, at: number): boolean {
  let n = 0;
  for (let i = at - 1; i >= 0 && text.charCodeAt(i) === 0x5c; i--) n++;
  return n % 2 === 1;
}

/** The opening quote of the JSON string around `at` (an escaped quote inside it), or -1 (within `limit`, never across a line). */
export function openingQuoteBefore(text: string, at: number, limit: number): number {
  for (let i = at - 1; i >= limit; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) return -1;
    if (c === 0x22 && !isEscapedQuote(text, i)) return i;
  }
  return -1;
}

/**
 * A base64 body (HAR `"encoding": "base64"`) decoded as UTF-8, each character mapped to the base64
 * characters it came from inside the string token at `token` (the document offset of its first
 * character). Undefined when the text is not base64.
 */
export function decodeBase64(encoded: string, token: number): Decoded | undefined {
  const clean = encoded.replace(/[\r\n\t ]/g, '');
  if (clean.length > MAX_DECODED * 2 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) return undefined;
  let binary: string;
  try {
    binary = atob(clean);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const offsets = new Int32Array(text.length + 1);
  // Each character's first byte, then the base64 character holding it (4 characters per 3 bytes).
  const wrapped = clean.length !== encoded.length;
  let byte = 0;
  for (let i = 0; i < text.length; i++) {
    offsets[i] = token + (wrapped ? 0 : Math.floor(byte / 3) * 4);
    const c = text.charCodeAt(i);
    byte += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 4 : c >= 0xdc00 && c <= 0xdfff ? 0 : 3;
  }
  offsets[text.length] = token + (wrapped ? encoded.length : Math.ceil(byte / 3) * 4);
  return { text, offsets };
}
