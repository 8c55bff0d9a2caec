import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import type { RequestContext } from './types';

const FUNCTIONS = new Set(['function_declaration', 'method_declaration', 'func_literal']);
/** The net/http status constants fixtures write most. */
const HTTP_STATUS: Record<string, number> = {
  StatusBadRequest: 400,
  StatusUnauthorized: 401,
  StatusPaymentRequired: 402,
  StatusForbidden: 403,
  StatusNotFound: 404,
  StatusMethodNotAllowed: 405,
  StatusConflict: 409,
  StatusGone: 410,
  StatusUnprocessableEntity: 422,
  StatusTooManyRequests: 429,
  StatusInternalServerError: 500,
  StatusBadGateway: 502,
  StatusServiceUnavailable: 503,
  StatusGatewayTimeout: 504,
};
/** Calls read in one function, at most: a handler is short. */
const MAX_CALLS = 500;

/**
 * The status and headers a Go handler gives a body string (httptest fixtures): `http.Error(w, body,
 * 429)` around it, else `w.WriteHeader(429)` in the same function (the last one before the string,
 * else the first after), and `w.Header().Set("Retry-After", "2")` there.
 */
export function goContextAt(tree: Tree, text: string, offset: number): RequestContext | undefined {
  let status: number | undefined;
  let fn: Node | null = tree.rootNode.namedDescendantForIndex(offset);
  for (; fn && !FUNCTIONS.has(fn.type); fn = fn.parent) {
    if (status === undefined && fn.type === 'call_expression' && calleeField(fn) === 'Error') status = statusOf(argumentsOf(fn)[2], text);
  }
  const headers: Record<string, string> = {};
  let before: number | undefined;
  let after: number | undefined;
  const body = fn?.childForFieldName('body');
  const calls = body ? body.descendantsOfType('call_expression') : [];
  for (const call of calls.slice(0, MAX_CALLS)) {
    // Nodes are fresh wrappers each time: compared by id. Nested handlers have their own calls.
    if (!call || enclosingFunction(call)?.id !== fn?.id) continue;
    const name = calleeField(call);
    const args = argumentsOf(call);
    if (name === 'WriteHeader') {
      const written = statusOf(args[0], text);
      if (written === undefined) continue;
      if (call.startIndex < offset) before = written;
      else after ??= written;
    } else if ((name === 'Set' || name === 'Add') && calleeField(call.childForFieldName('function')?.childForFieldName('operand') ?? null) === 'Header') {
      const key = stringValue(args[0], text);
      const value = stringValue(args[1], text);
      if (key && value !== undefined) headers[key] = value;
    }
  }
  status ??= before ?? after;
  if (status === undefined && Object.keys(headers).length === 0) return undefined;
  return { requestHeaders: {}, status, statusSource: status !== undefined ? 'sibling' : undefined, responseHeaders: headers };
}

function enclosingFunction(node: Node): Node | null {
  let parent = node.parent;
  while (parent && !FUNCTIONS.has(parent.type)) parent = parent.parent;
  return parent;
}

/** `WriteHeader` of `w.WriteHeader(…)`. */
function calleeField(call: Node | null): string | undefined {
  if (call?.type !== 'call_expression') return undefined;
  return call.childForFieldName('function')?.childForFieldName('field')?.text;
}

function argumentsOf(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => a !== null && a.type !== 'comment');
}

/** `429` or `http.StatusTooManyRequests`. */
function statusOf(node: Node | undefined, text: string): number | undefined {
  if (!node) return undefined;
  const n = node.type === 'int_literal' ? Number(text.slice(node.startIndex, node.endIndex)) : node.type === 'selector_expression' ? HTTP_STATUS[node.childForFieldName('field')?.text ?? ''] : undefined;
  return n !== undefined && n >= 100 && n <= 599 ? n : undefined;
}

function stringValue(node: Node | undefined, text: string): string | undefined {
  if (node?.type !== 'interpreted_string_literal' && node?.type !== 'raw_string_literal') return undefined;
  return text.slice(node.startIndex + 1, node.endIndex - 1);
}
