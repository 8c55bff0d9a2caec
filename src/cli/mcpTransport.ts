import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, type JSONRPCMessage, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';

/**
 * MCP's stdio framing (one JSON-RPC message per line) for big messages. The SDK's
 * StdioServerTransport joins every chunk onto the buffer and searches all of it again for the
 * newline, so a 20 MB message (about 320 pipe chunks) took 50 s to read; here chunks are kept in a
 * list and each byte is searched once. A message over `maxMessageBytes` is skipped as it streams,
 * answered with an error and never held in memory; a line that is not JSON-RPC is answered with a
 * parse error. Neither closes the connection. Input ending closes it, once the requests already
 * read are answered (`printf '…' | api-errors mcp` gets every answer).
 */
export class StdioLineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private chunks: Buffer[] = [];
  private size = 0;
  /** Inside a message over the limit: its bytes are dropped until its newline. */
  private skipping = false;
  /** The last bytes of a skipped message: its id comes last in the SDK client's serialisation. */
  private skippedTail = '';
  private closed = false;
  private inputEnded = false;
  /** Ids of requests read and not yet answered. */
  private readonly unanswered = new Set<string | number>();

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly maxMessageBytes: number,
  ) {}

  async start(): Promise<void> {
    this.input.on('data', this.onData);
    this.input.on('end', this.onEnd);
    this.input.on('error', this.onInputError);
  }

  private readonly onData = (chunk: Buffer): void => {
    let start = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
      this.append(chunk.subarray(start, newline));
      this.endOfLine();
      start = newline + 1;
    }
    if (start < chunk.length) this.append(chunk.subarray(start));
  };

  private readonly onEnd = (): void => {
    this.inputEnded = true;
    if (this.unanswered.size === 0) void this.close();
  };

  private readonly onInputError = (error: Error): void => this.onerror?.(error);

  private append(piece: Buffer): void {
    if (piece.length === 0) return;
    if (!this.skipping && this.size + piece.length > this.maxMessageBytes) {
      this.skipping = true;
      this.chunks = [];
      this.size = 0;
    }
    if (this.skipping) {
      this.skippedTail = (this.skippedTail + piece.subarray(Math.max(0, piece.length - 200)).toString('latin1')).slice(-200);
      return;
    }
    this.chunks.push(piece);
    this.size += piece.length;
  }

  private endOfLine(): void {
    if (this.skipping) {
      const id = /"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.){0,100}")\s*}\s*$/.exec(this.skippedTail)?.[1];
      this.skipping = false;
      this.skippedTail = '';
      const limit = `${Math.round(this.maxMessageBytes / 1024 / 1024)} MB`;
      void this.send({ jsonrpc: '2.0', id: id === undefined ? (null as unknown as number) : (JSON.parse(id) as string | number), error: { code: ErrorCode.InvalidRequest, message: `Message larger than ${limit}: not read` } });
      return;
    }
    const line = Buffer.concat(this.chunks, this.size).toString('utf8').replace(/\r$/, '');
    this.chunks = [];
    this.size = 0;
    if (line.trim() === '') return;
    let message: JSONRPCMessage;
    try {
      message = JSONRPCMessageSchema.parse(JSON.parse(line));
    } catch (error) {
      this.onerror?.(error as Error);
      // JSON-RPC answers an unreadable message with a parse error whose id is null.
      void this.send({ jsonrpc: '2.0', id: null as unknown as number, error: { code: ErrorCode.ParseError, message: 'Parse error: not a JSON-RPC message' } });
      return;
    }
    if ('method' in message && 'id' in message) this.unanswered.add(message.id);
    this.onmessage?.(message);
  }

  send(message: JSONRPCMessage): Promise<void> {
    const sent = new Promise<void>((resolveSent) => {
      if (this.closed) return resolveSent();
      if (this.output.write(`${JSON.stringify(message)}\n`)) resolveSent();
      else this.output.once('drain', resolveSent);
    });
    const answered = !('method' in message) && 'id' in message ? message.id : undefined;
    if (answered !== undefined && this.unanswered.delete(answered) && this.inputEnded && this.unanswered.size === 0) {
      return sent.then(() => this.close());
    }
    return sent;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.off('data', this.onData);
    this.input.off('end', this.onEnd);
    this.input.off('error', this.onInputError);
    this.input.pause();
    this.chunks = [];
    this.onclose?.();
  }
}
