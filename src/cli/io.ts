/** What a command may touch: injected so commands stay testable and never reach for globals. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Colours and styles only on a terminal that wants them (NO_COLOR, FORCE_COLOR honoured). */
  color: boolean;
  readFile(path: string): Promise<Uint8Array>;
  readStdin(): Promise<Uint8Array>;
  isDirectory(path: string): Promise<boolean>;
  /** A directory's entries (symbolic links are neither files nor directories here: never followed). */
  readDir(path: string): Promise<{ name: string; isDirectory: boolean; isFile: boolean; isSymbolicLink: boolean }[]>;
  /** What a path is, following symbolic links. */
  stat(path: string): Promise<{ kind: 'file' | 'directory' | 'fifo' | 'other'; size: number }>;
  isSymbolicLink(path: string): Promise<boolean>;
  /** A file (`-`: standard input) as its bytes arrive, in chunks of up to about 1 MB; a chunk may be overwritten once the next is asked for. */
  chunks(path: string): AsyncIterable<Uint8Array>;
  /** A whole file read off the main thread, so that several can be read at once. */
  readFileInBackground(path: string): Promise<Uint8Array>;
  /** Resolves once standard output has taken what was written (at once unless its buffer is full). */
  drained(): Promise<void>;
  cwd: string;
  now(): number;
}

/** A mistake in how the command was called: one line, a usage hint, exit status 2. */
export class UsageError extends Error {}

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

export function makeStyle(color: boolean): Style {
  const wrap = (open: number, close: number) => (s: string) => (color ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}
