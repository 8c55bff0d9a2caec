import type { Catalog } from '../catalog';
import type { Evidence, RequestContext } from './types';

/** Response headers worth keeping with a finding (lower-cased names). */
export function isRelevantHeader(name: string): boolean {
  // Every relevant name starts with r or x: most headers (Content-Type, Date) are told without a copy.
  const first = name.charCodeAt(0) | 0x20;
  if (first !== 0x72 && first !== 0x78) return false;
  const n = name.toLowerCase();
  return n === 'retry-after' || n.startsWith('ratelimit-') || n.startsWith('x-ratelimit-') || n === 'x-request-id' || n === 'ratelimit';
}

/**
 * The relevant headers of `{ ...first, ...second }` (the second's values win, in the first's key
 * order), without building the merged copy.
 */
export function relevantHeaders(first: Record<string, string> | undefined, second?: Record<string, string>): Record<string, string> {
  let out: Record<string, string> | undefined;
  // Two plain ifs, not a loop over `[first, second]`: this runs for every finding.
  if (first) for (const name in first) if (Object.prototype.hasOwnProperty.call(first, name) && isRelevantHeader(name)) (out ??= {})[name] = first[name] as string;
  if (second) for (const name in second) if (Object.prototype.hasOwnProperty.call(second, name) && isRelevantHeader(name)) (out ??= {})[name] = second[name] as string;
  return out ?? NO_HEADERS;
}

/**
 * No headers: what relevantHeaders returns when none is relevant, and the headers of a log line's
 * context. Findings and contexts share it (read, never written: frozen).
 */
const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** Whether `c` is a character of a regex's `\s` (the same set String.prototype.trim removes). */
export function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

export function hostOf(url: string | undefined): string | undefined {
  const m = url ? URL_HOST_PART.exec(url.trim()) : null;
  const host = m?.[1]?.toLowerCase();
  return host && host.includes('.') ? host : undefined;
}

/** A regex literal in a function is a new RegExp per call: hostOf runs for every log record. */
const URL_HOST_PART = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/\s?#:{}]+)/i;

export const STATUS_LINE = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\b/;
const HEADER_LINE = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/;

interface ProviderMatchers {
  id: string;
  displayName: string;
  hosts: string[];
  /** `.${host}` for each host: subdomains match too. */
  dotHosts: string[];
  authHeader: string;
  /** `x-api-key` written in source or a log: a provider-specific header name. */
  authHeaderPattern?: RegExp;
  prefixes: { prefix: string; pattern: RegExp; evidence: { longest: Evidence; shorter: Evidence } }[];
  /**
   * `request to <host>` for each of the provider's own hosts, and the auth-header evidence, made once:
   * findings keep their evidence, and only read it, so one object serves them all.
   */
  hostEvidence: Evidence[];
  authEvidence: Evidence;
}

/** Every provider's key-prefix pattern as one alternation: most texts hold no key at all. */
const anyPrefixCache = new WeakMap<Catalog, RegExp | null>();

function anyPrefixOf(catalog: Catalog, matchers: ProviderMatchers[]): RegExp | null {
  let re = anyPrefixCache.get(catalog);
  if (re === undefined) {
    const prefixes = matchers.flatMap((m) => m.prefixes.map((p) => escapeRegExp(p.prefix)));
    re = prefixes.length ? new RegExp(`(?:^|[^A-Za-z0-9_])(?:${prefixes.join('|')})[A-Za-z0-9_]`) : null;
    anyPrefixCache.set(catalog, re);
  }
  return re;
}

/** Compiled once per catalog: detection runs these for every finding. */
const matcherCache = new WeakMap<Catalog, ProviderMatchers[]>();

function matchersOf(catalog: Catalog): ProviderMatchers[] {
  let matchers = matcherCache.get(catalog);
  if (!matchers) {
    matchers = catalog.providers.map((p) => {
      const authHeader = p.auth.header.toLowerCase();
      const hosts = p.hosts.map((h) => h.toLowerCase());
      const keyPrefixEvidence = (prefix: string, weight: number): Evidence => ({ kind: 'key-prefix', provider: p.id, detail: `key prefix ${prefix}`, weight });
      return {
        id: p.id,
        displayName: p.displayName,
        hosts,
        dotHosts: hosts.map((h) => `.${h}`),
        authHeader,
        // `Authorization` is everyone's header; only a provider-specific one (x-api-key) is evidence.
        authHeaderPattern: authHeader === 'authorization' ? undefined : new RegExp(`["'\\s]${escapeRegExp(authHeader)}["'\\s:]`, 'i'),
        prefixes: p.keyPrefixes
          .filter((k) => k.length >= 3)
          .map((prefix) => ({
            prefix,
            pattern: new RegExp(`(?:^|[^A-Za-z0-9_])${escapeRegExp(prefix)}[A-Za-z0-9_]`),
            evidence: { longest: keyPrefixEvidence(prefix, 40), shorter: keyPrefixEvidence(prefix, 20) },
          })),
        hostEvidence: hosts.map((host) => ({ kind: 'host', provider: p.id, detail: `request to ${host}`, weight: 60 })),
        authEvidence: { kind: 'auth-header', provider: p.id, detail: `${authHeader} header`, weight: 40 },
      };
    });
    matcherCache.set(catalog, matchers);
  }
  return matchers;
}

/** Shared, so reset before each use; a scan runs to the end (exec returns null), leaving it at 0. */
const URL_HOST = /https?:\/\/([a-z0-9.-]+\.[a-z]{2,})/gi;

/** No evidence: what contextEvidence returns when nothing around a body points to a provider; findings share it too (frozen). */
export const NO_EVIDENCE = Object.freeze([]) as unknown as Evidence[];

/**
 * Evidence for providers from what surrounds a body: the request's host, its auth header and any
 * API-key prefix in the headers or the text given (a log line, a whole source file). Runs once per
 * finding, so the usual case (one host, no headers) makes no list but the one it returns, and none at
 * all when there is no evidence.
 */
export function contextEvidence(catalog: Catalog, context: RequestContext | undefined, text = ''): readonly Evidence[] {
  const evidence = evidenceAround(catalog, context, text);
  // The reused list must not keep a host (a slice of the document) alive.
  ONE_HOST[0] = '';
  return evidence;
}

const ONE_HOST: string[] = [''];

/** An evidence list with `e` added: made at size one for the first (most lists stay at one). */
function withEvidence(list: Evidence[] | undefined, e: Evidence): Evidence[] {
  if (!list) return [e];
  list.push(e);
  return list;
}

function evidenceAround(catalog: Catalog, context: RequestContext | undefined, text: string): readonly Evidence[] {
  const contextHost = context?.host;
  // The hosts in order, without repeats: the request's, then each URL's in the text.
  let hosts: string[] | undefined;
  if (text.includes('://') && !onlyUrlIsContexts(text, contextHost)) {
    URL_HOST.lastIndex = 0;
    for (let m = URL_HOST.exec(text); m; m = URL_HOST.exec(text)) {
      const host = (m[1] as string).toLowerCase();
      if (host === contextHost || hosts?.includes(host)) continue;
      (hosts ??= contextHost ? [contextHost] : []).push(host);
    }
  }
  // The request's host alone (the usual case) is looked at through a reused one-element list.
  if (!hosts && contextHost) {
    ONE_HOST[0] = contextHost;
    hosts = ONE_HOST;
  }
  const requestHeaders = context?.requestHeaders;
  const headerNames = requestHeaders && hasKeys(requestHeaders) ? Object.keys(requestHeaders).map((h) => h.toLowerCase()) : undefined;
  const values = headerNames ? `${Object.values(requestHeaders as Record<string, string>).join('\n')}\n${text}` : text;
  if (!hosts && !headerNames && values.length === 0) return NO_EVIDENCE;

  let evidence: Evidence[] | undefined;
  const matchers = matchersOf(catalog);
  const known = hosts?.length === 1 ? knownHostsOf(catalog, matchers).get(hosts[0] as string) : undefined;
  for (let mi = 0; mi < matchers.length; mi++) {
    const m = matchers[mi] as ProviderMatchers;
    if (hosts) {
      for (const host of hosts) {
        const i = known ? (known[mi] as number) : hostIndex(host, m);
        if (i >= 0) {
          // One of the provider's own hosts has its evidence made; a subdomain's names the subdomain.
          evidence = withEvidence(evidence, host === m.hosts[i] ? (m.hostEvidence[i] as Evidence) : { kind: 'host', provider: m.id, detail: `request to ${host}`, weight: 60 });
          break;
        }
      }
    }
    // The pattern needs the header name and a character on each side: shorter text cannot match.
    if (m.authHeaderPattern && (headerNames?.includes(m.authHeader) || (text.length >= m.authHeader.length + 2 && m.authHeaderPattern.test(text)))) {
      evidence = withEvidence(evidence, m.authEvidence);
    }
  }
  // A request to a host that is none of the providers' is evidence against each, as strong as a
  // provider's own host is for it: a generic `{"error": "conflict"}` from elsewhere is not theirs.
  if (contextHost && !isLocalHost(contextHost) && !matchers.some((m) => hostIndex(contextHost, m) >= 0)) {
    for (const m of matchers) evidence = withEvidence(evidence, { kind: 'host', provider: m.id, detail: `request to ${contextHost}, not a ${m.displayName} host`, weight: -60 });
  }
  // Longest prefix wins where prefixes overlap (Kayle `kk_` vs a `kk_live_` key).
  if (values.length === 0 || !anyPrefixOf(catalog, matchers)?.test(values)) return evidence ?? NO_EVIDENCE;
  let prefixHits: { provider: string; prefix: ProviderMatchers['prefixes'][number] }[] | undefined;
  for (const m of matchers) {
    for (const p of m.prefixes) if (values.includes(p.prefix) && p.pattern.test(values)) (prefixHits ??= []).push({ provider: m.id, prefix: p });
  }
  if (!prefixHits) return evidence ?? NO_EVIDENCE;
  let longest = 0;
  for (const hit of prefixHits) longest = Math.max(longest, hit.prefix.prefix.length);
  const seen: string[] = [];
  for (const hit of prefixHits.sort((a, b) => b.prefix.prefix.length - a.prefix.prefix.length)) {
    if (seen.includes(hit.provider)) continue;
    seen.push(hit.provider);
    evidence = withEvidence(evidence, hit.prefix.prefix.length === longest ? hit.prefix.evidence.longest : hit.prefix.evidence.shorter);
  }
  return evidence ?? NO_EVIDENCE;
}

/**
 * Whether URL_HOST would find nothing in `text` but `contextHost` (a log line's own URL, whose host
 * the context already has): the text's only `://` is followed by exactly that host, and the host is
 * one URL_HOST reads whole (letters, digits, dots and dashes, ending in a dot and two letters).
 */
function onlyUrlIsContexts(text: string, contextHost: string | undefined): boolean {
  if (!contextHost) return false;
  const at = text.indexOf('://');
  if (at !== text.lastIndexOf('://') || !text.startsWith(contextHost, at + 3) || isHostChar(text.charCodeAt(at + 3 + contextHost.length))) return false;
  return PLAIN_HOST.test(contextHost);
}

/** A character of URL_HOST's host, in either case. */
function isHostChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d;
}

const PLAIN_HOST = /^[a-z0-9.-]+\.[a-z]{2,}$/;

/** Whether an object has an own enumerable key, without listing them. */
function hasKeys(o: object): boolean {
  for (const key in o) if (Object.prototype.hasOwnProperty.call(o, key)) return true;
  return false;
}

/**
 * hostIndex of each provider (in matcher order) for each of the catalog's own hosts, the hosts
 * requests mostly go to. Keyed by the catalog's strings: no document text is kept.
 */
const knownHosts = new WeakMap<Catalog, Map<string, number[]>>();

function knownHostsOf(catalog: Catalog, matchers: ProviderMatchers[]): Map<string, number[]> {
  let known = knownHosts.get(catalog);
  if (!known) {
    known = new Map();
    for (const m of matchers) for (const host of m.hosts) known.set(host, matchers.map((other) => hostIndex(host, other)));
    knownHosts.set(catalog, known);
  }
  return known;
}

/** Hosts of tests, mocks and local proxies say nothing about which API answered. */
function isLocalHost(host: string): boolean {
  return LOCAL_HOST.test(host);
}

const LOCAL_HOST = /^(?:\d+\.\d+\.\d+\.\d+|\[[0-9a-f:]+\])$|(?:^|\.)(?:localhost|local|internal|test|example|invalid|lan)$|(?:^|\.)example\.(?:com|org|net)$/i;

/** The index of the provider host that `host` is, or is a subdomain of; -1 for none. */
function hostIndex(host: string, m: ProviderMatchers): number {
  for (let i = 0; i < m.hosts.length; i++) if (host === m.hosts[i] || host.endsWith(m.dotHosts[i] as string)) return i;
  return -1;
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Start offset of the line holding `pos`. */
export function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

export function lineEnd(text: string, pos: number): number {
  const n = text.indexOf('\n', pos);
  return n < 0 ? text.length : n;
}

/**
 * Context from the text on a log line before the body: the URL, its method and a status such as
 * `-> 409`, `status=409`, `HTTP/1.1 409` or `" 409 `.
 */
export function logLineContext(prefix: string): RequestContext | undefined {
  if (prefix.length > 4096) prefix = prefix.slice(-4096);
  // Each pattern needs a literal character or word: look for it before running the regex.
  const url = prefix.includes('/') ? LOG_URL.exec(prefix) : null;
  let status = prefix.includes('->') || prefix.includes('=>') || prefix.includes('→') ? arrowStatus(prefix) : undefined;
  if (status === undefined) {
    const statusMatch =
      (STATUS_WORD.test(prefix) ? LOG_STATUS_FIELD.exec(prefix) : null) ??
      (prefix.includes('HTTP/') ? LOG_HTTP_STATUS.exec(prefix) : null) ??
      LOG_REQUEST_STATUS.exec(prefix);
    status = statusMatch ? Number(statusMatch[1]) : undefined;
  }
  if (!url && status === undefined) return undefined;
  // `… from https://host/path: {…}`: the sentence's punctuation is not the URL's.
  const urlText = url?.[2]?.replace(TRAILING_PUNCTUATION, '');
  return {
    method: url?.[1],
    url: urlText,
    host: urlText?.startsWith('http') ? httpUrlHost(urlText) : undefined,
    requestHeaders: NO_HEADERS,
    status: status !== undefined && status >= 100 && status <= 599 ? status : undefined,
    statusSource: status !== undefined ? 'log-line' : undefined,
    responseHeaders: NO_HEADERS,
  };
}

const TRAILING_PUNCTUATION = /[.,:;!?)\]]+$/;
const LOG_URL = /\b(?:(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+)?(https?:\/\/[^\s"'<>]+|\/[^\s"'<>]*)/;

/**
 * What `/(?:->|=>|→)\s*(\d{3})\b/` captures, as a number, without the match: the first arrow followed
 * by spaces and three digits that end a word. A log line is read for every error it holds.
 */
function arrowStatus(s: string): number | undefined {
  // Arrows in order: each `>` after `-` or `=`, and each `→`.
  let gt = s.indexOf('>', 1);
  let unicode = s.indexOf('→');
  while (gt >= 0 || unicode >= 0) {
    let j: number;
    if (gt >= 0 && (unicode < 0 || gt - 1 < unicode)) {
      const before = s.charCodeAt(gt - 1);
      j = before === 0x2d || before === 0x3d ? gt + 1 : -1;
      gt = s.indexOf('>', gt + 1);
    } else {
      j = unicode + 1;
      unicode = s.indexOf('→', unicode + 1);
    }
    if (j < 0) continue;
    while (j < s.length && isSpace(s.charCodeAt(j))) j++;
    if (isDigit(s.charCodeAt(j)) && isDigit(s.charCodeAt(j + 1)) && isDigit(s.charCodeAt(j + 2)) && !isWordChar(s.charCodeAt(j + 3))) {
      return (s.charCodeAt(j) - 0x30) * 100 + (s.charCodeAt(j + 1) - 0x30) * 10 + (s.charCodeAt(j + 2) - 0x30);
    }
  }
  return undefined;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** A regex's `\w`: [A-Za-z0-9_] (NaN, past the end, is not). */
function isWordChar(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/**
 * hostOf for a URL LOG_URL found (`http://` or `https://`, no spaces), without the match: the
 * characters up to the first of `/ ? # : { }`. Empty, hostOf's pattern falls back to the scheme
 * (`https`), which has no dot: no host.
 */
function httpUrlHost(url: string): string | undefined {
  const from = url.charCodeAt(4) === 0x73 /* s */ ? 8 : 7;
  let i = from;
  for (; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 0x2f || c === 0x3f || c === 0x23 || c === 0x3a || c === 0x7b || c === 0x7d || isSpace(c)) break;
  }
  if (i === from) return undefined;
  const host = url.slice(from, i).toLowerCase();
  return host.includes('.') ? host : undefined;
}
const LOG_STATUS_FIELD = /\b(?:status(?:_?code)?|http_status|statusCode)["']?\s*[=:]\s*["']?(\d{3})\b/i;
/** Every name LOG_STATUS_FIELD accepts contains `status`, in any case. */
const STATUS_WORD = /status/i;
const LOG_HTTP_STATUS = /\bHTTP\/\d(?:\.\d)?"?\s+(\d{3})\b/;
const LOG_REQUEST_STATUS = /\b(?:GET|POST|PUT|PATCH|DELETE)\s+\S+\s+(\d{3})\b/;

/**
 * A raw HTTP response head right above a body (curl -i output in a log or a Markdown fence): the
 * status line, then headers, then a blank line, then the body.
 */
export function responseHeadBefore(text: string, bodyStart: number, limit: number): RequestContext | undefined {
  let end = lineStart(text, bodyStart);
  if (text.slice(end, bodyStart).trim() !== '') return undefined;
  const headers: Record<string, string> = {};
  let sawBlank = false;
  for (let lines = 0; lines < 60 && end > limit; lines++) {
    const start = lineStart(text, end - 1);
    const line = text.slice(start, end - 1).replace(/\r$/, '');
    end = start;
    if (line.trim() === '') {
      if (sawBlank || Object.keys(headers).length > 0) return undefined;
      sawBlank = true;
      continue;
    }
    const status = STATUS_LINE.exec(line);
    if (status) {
      return { requestHeaders: {}, status: Number(status[1]), statusSource: 'response-line', responseHeaders: headers };
    }
    const header = HEADER_LINE.exec(line);
    if (!header) return undefined;
    headers[header[1] as string] = (header[2] as string).trim();
  }
  return undefined;
}
