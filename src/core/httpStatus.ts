/** Reason phrases and general meanings of HTTP statuses, for errors of APIs outside the catalog. */
const statuses: Record<number, [reason: string, meaning: string]> = {
  400: ['Bad Request', 'The request is malformed or failed validation; fix it before sending again.'],
  401: ['Unauthorized', 'Credentials are missing or invalid.'],
  402: ['Payment Required', 'The account cannot pay for this request.'],
  403: ['Forbidden', 'The credentials are valid but not allowed to do this.'],
  404: ['Not Found', 'The resource does not exist (or is not visible to this caller).'],
  405: ['Method Not Allowed', 'The endpoint does not accept this HTTP method.'],
  406: ['Not Acceptable', 'The server cannot produce a response in an accepted format.'],
  408: ['Request Timeout', 'The server gave up waiting for the request.'],
  409: ['Conflict', 'The request conflicts with the current state of the resource.'],
  410: ['Gone', 'The resource existed but is gone for good.'],
  412: ['Precondition Failed', 'A precondition header (If-Match…) did not hold.'],
  413: ['Payload Too Large', 'The request body is larger than the server accepts.'],
  415: ['Unsupported Media Type', 'The request body has a content type the server does not accept.'],
  422: ['Unprocessable Entity', 'The request is well-formed but semantically invalid.'],
  423: ['Locked', 'The resource is locked.'],
  425: ['Too Early', 'The server is not ready to process this yet; try again later.'],
  426: ['Upgrade Required', 'The client must switch protocols (for example to a WebSocket).'],
  428: ['Precondition Required', 'The server requires a conditional request.'],
  429: ['Too Many Requests', 'Rate limited: wait (see Retry-After) before retrying.'],
  451: ['Unavailable For Legal Reasons', 'The resource is unavailable for legal reasons.'],
  500: ['Internal Server Error', 'The server failed unexpectedly.'],
  501: ['Not Implemented', 'The server does not support this functionality.'],
  502: ['Bad Gateway', 'An upstream server returned an invalid response.'],
  503: ['Service Unavailable', 'The server is temporarily unavailable; retry later with backoff.'],
  504: ['Gateway Timeout', 'An upstream server did not answer in time.'],
};

export function reasonPhrase(status: number): string {
  return statuses[status]?.[0] ?? (status >= 500 ? 'Server Error' : status >= 400 ? 'Client Error' : 'Status');
}

export function statusMeaning(status: number): string {
  return statuses[status]?.[1] ?? (status >= 500 ? 'A server-side failure.' : 'A client-side error.');
}

/** Generic retry advice by status, for errors outside the catalog. */
export function genericRetryable(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status === 502 || status === 503 || status === 504;
}
