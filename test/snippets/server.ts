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
  /** Sent this long after the request arrived: a slow server. */
  delayMs?: number;
  /** No response at all: the connection is reset once the request has arrived. */
  drop?: boolean;
}

export interface ServerOptions {
  /**
   * A body field the server treats as an idempotency key, as Overten does: a key seen before with
   * another body gets 409 `conflict` ("Idempotency key reused with different body"), and the script
   * does not advance.
   */
  idempotencyKeyField?: string;
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

const KEY_REUSED: Reply = {
  status: 409,
  body: { success: false, error: 'conflict', message: 'Idempotency key reused with different body' },
};

export async function startReplayServer(
  replies: readonly Reply[],
  options: ServerOptions = {},
): Promise<ReplayServer> {
  const requests: RecordedRequest[] = [];
  const bodiesByKey = new Map<string, string>();
  let scripted = 0;
  const timers = new Set<NodeJS.Timeout>();
  /** The reply to a request: a reused idempotency key is refused, else the script's next reply. */
  const replyTo = (body: unknown, text: string): Reply => {
    const field = options.idempotencyKeyField;
    const key =
      field && typeof body === 'object' && body !== null
        ? (body as Record<string, unknown>)[field]
        : undefined;
    if (typeof key === 'string') {
      const seen = bodiesByKey.get(key);
      if (seen !== undefined && seen !== text) return KEY_REUSED;
      bodiesByKey.set(key, text);
    }
    return replies[scripted++] ?? EXHAUSTED;
  };
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
      const reply = replyTo(requests.at(-1)?.body, text);
      if (reply.drop) {
        request.socket.destroy();
        return;
      }
      const payload =
        reply.body === undefined
          ? ''
          : typeof reply.body === 'string'
            ? reply.body
            : JSON.stringify(reply.body);
      const send = () => {
        if (response.destroyed) return;
        response.writeHead(reply.status, {
          ...(payload === '' ? {} : { 'Content-Type': 'application/json' }),
          ...reply.headers,
        });
        response.end(payload);
      };
      if (reply.delayMs === undefined) return send();
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, reply.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((closed) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}
