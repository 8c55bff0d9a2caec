/**
 * A local HTTP server on 127.0.0.1 that replays a scripted sequence of responses (the providers'
 * documented error bodies and headers) and records every request it gets.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Sent as JSON; a string is sent as it is; absent: an empty body. */
  body?: unknown;
}

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or undefined. */
  body: unknown;
  /** performance.now() when the request arrived. */
  at: number;
}

export interface ReplayServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Past the end of the script: a status no handler retries, so that a test sees the extra request. */
const EXHAUSTED: Reply = { status: 418, body: { error: 'the replay script has no more replies' } };

export async function startReplayServer(replies: readonly Reply[]): Promise<ReplayServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
        at: performance.now(),
      });
      const reply = replies[requests.length - 1] ?? EXHAUSTED;
      const payload =
        reply.body === undefined
          ? ''
          : typeof reply.body === 'string'
            ? reply.body
            : JSON.stringify(reply.body);
      response.writeHead(reply.status, {
        ...(payload === '' ? {} : { 'Content-Type': 'application/json' }),
        ...reply.headers,
      });
      response.end(payload);
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((closed) => {
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}
