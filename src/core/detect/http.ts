import type { OffsetRange, RequestContext } from './types';
import { STATUS_LINE, hostOf } from './context';

/** An inline response in a .http file: its body region and what the request and status line say. */
export interface HttpResponse {
  bodyStart: number;
  bodyEnd: number;
  /** Request facts plus the status line (`context.statusLine`) and response headers. */
  context: RequestContext;
}

/** A `<> ./file.json` response reference (JetBrains and httpYac). */
export interface HttpResponseReference {
  path: string;
  range: OffsetRange;
  context: RequestContext;
}

export interface HttpFile {
  responses: HttpResponse[];
  references: HttpResponseReference[];
}

const METHOD = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT|GRAPHQL)\s+(\S+)/i;
const BARE_URL = /^(https?:\/\/\S+)/i;
const HEADER = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*:\s*(.*)$/;
const VARIABLE = /^@([A-Za-z_][\w.-]*)\s*=\s*(.*)$/;
const REFERENCE = /^<>\s*(\S+)/;
/** JetBrains names saved responses `<request>-<timestamp>.<status>.json`. */
const STATUS_IN_NAME = /\.([1-5]\d\d)\.(?:json|txt|xml|html)$/i;

type State = 'preamble' | 'request-headers' | 'request-body' | 'response-headers' | 'response-body' | 'script';

function substitute(value: string, variables: Map<string, string>): string {
  return value.replace(/\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g, (whole, name: string) => variables.get(name) ?? whole);
}

/**
 * Reads the request blocks of a .http/.rest file between `start` and `end`: requests (method, URL,
 * headers, body), inline responses (`HTTP/1.1 409 Conflict`, headers, body) and `<>` references.
 * Variables (`@host = …`, `{{host}}`), comments, `# @name`, `> {% %}` handler scripts, `>>` redirects
 * and `< ./file` bodies are recognised so they never read as responses.
 */
export function parseHttp(text: string, start = 0, end = text.length): HttpFile {
  const responses: HttpResponse[] = [];
  const references: HttpResponseReference[] = [];
  const variables = new Map<string, string>();
  let state: State = 'preamble';
  let stateBeforeScript: State = 'preamble';
  let request: RequestContext = { requestHeaders: {}, responseHeaders: {} };
  let response: { context: RequestContext; bodyStart: number } | undefined;
  let lastContentEnd = 0;

  const closeResponse = (at: number) => {
    if (response && response.bodyStart >= 0) {
      responses.push({ bodyStart: response.bodyStart, bodyEnd: Math.max(response.bodyStart, at), context: response.context });
    }
    response = undefined;
  };
  const newBlock = () => {
    state = 'preamble';
    request = { requestHeaders: {}, responseHeaders: {} };
  };

  let pos = start;
  while (pos < end) {
    const nl = text.indexOf('\n', pos);
    const lineEndAt = nl < 0 || nl > end ? end : nl;
    const lineStartAt = pos;
    const first = text.charCodeAt(pos);
    pos = lineEndAt + 1;
    // Most lines of a big file are body lines: only `###`, `>` and `<>` at the line start end a body,
    // so those lines are skipped without being copied.
    if (state === 'response-body' && first !== 0x23 /* # */ && first !== 0x3e /* > */ && first !== 0x3c /* < */) {
      if (lineEndAt > lineStartAt + 1 || (lineEndAt > lineStartAt && first !== 0x0d)) lastContentEnd = lineEndAt;
      continue;
    }
    let line = text.slice(lineStartAt, lineEndAt);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const trimmed = line.trim();

    if (state === 'script') {
      if (trimmed.endsWith('%}')) state = stateBeforeScript;
      continue;
    }
    if (trimmed.startsWith('###')) {
      closeResponse(lastContentEnd);
      newBlock();
      continue;
    }
    if (trimmed.startsWith('>') && /^>\s*\{%/.test(trimmed)) {
      if (state === 'response-body') closeResponse(lastContentEnd);
      stateBeforeScript = state === 'response-body' ? 'request-body' : state;
      if (!trimmed.slice(trimmed.indexOf('{%') + 2).includes('%}')) state = 'script';
      continue;
    }
    const reference = trimmed.startsWith('<>') ? REFERENCE.exec(trimmed) : null;
    if (reference && state !== 'preamble') {
      if (state === 'response-body') closeResponse(lastContentEnd);
      const path = reference[1] as string;
      const pathStart = lineStartAt + line.indexOf(path);
      const named = STATUS_IN_NAME.exec(path);
      references.push({
        path,
        range: { start: pathStart, end: pathStart + path.length },
        context: {
          ...request,
          requestHeaders: { ...request.requestHeaders },
          status: named ? Number(named[1]) : undefined,
          statusSource: named ? 'file-name' : undefined,
          responseHeaders: {},
        },
      });
      state = 'request-body';
      continue;
    }
    if (trimmed.startsWith('>') && (/^>>!?\s/.test(trimmed) || (/^>\s/.test(trimmed) && state !== 'response-body'))) continue;

    const status = trimmed.startsWith('HTTP/') ? STATUS_LINE.exec(trimmed) : null;
    if (status && state !== 'response-body' && state !== 'response-headers') {
      closeResponse(lastContentEnd);
      response = {
        context: {
          ...request,
          requestHeaders: { ...request.requestHeaders },
          status: Number(status[1]),
          statusSource: 'response-line',
          statusLine: { start: lineStartAt + line.indexOf('HTTP'), end: lineStartAt + line.length },
          responseHeaders: {},
        },
        bodyStart: -1,
      };
      state = 'response-headers';
      continue;
    }

    switch (state) {
      case 'preamble': {
        if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('//')) continue;
        const variable = VARIABLE.exec(trimmed);
        if (variable) {
          variables.set(variable[1] as string, substitute((variable[2] as string).trim(), variables));
          continue;
        }
        const method = METHOD.exec(trimmed) ?? BARE_URL.exec(trimmed);
        if (method) {
          const url = substitute((method[2] ?? method[1]) as string, variables);
          request = { method: method[2] ? (method[1] as string).toUpperCase() : 'GET', url, host: hostOf(url), requestHeaders: {}, responseHeaders: {} };
          state = 'request-headers';
        }
        continue;
      }
      case 'request-headers': {
        if (trimmed === '') {
          state = 'request-body';
          continue;
        }
        if (/^[?&]/.test(trimmed) || trimmed.startsWith('#') || trimmed.startsWith('//')) continue;
        const header = HEADER.exec(trimmed);
        if (header) request.requestHeaders[header[1] as string] = substitute((header[2] as string).trim(), variables);
        continue;
      }
      case 'request-body':
        continue;
      case 'response-headers': {
        if (!response) continue;
        if (trimmed === '') {
          state = 'response-body';
          response.bodyStart = pos > end ? end : pos;
          lastContentEnd = response.bodyStart;
          continue;
        }
        const header = HEADER.exec(trimmed);
        if (header) {
          response.context.responseHeaders[header[1] as string] = (header[2] as string).trim();
          continue;
        }
        // A body right after the headers without a blank line: be lenient.
        state = 'response-body';
        response.bodyStart = lineStartAt;
        lastContentEnd = lineEndAt;
        continue;
      }
      case 'response-body':
        if (trimmed !== '') lastContentEnd = lineEndAt;
        continue;
    }
  }
  if (state === 'response-headers' && response) response.bodyStart = end;
  closeResponse(state === 'response-body' ? lastContentEnd : end);
  return { responses, references };
}
