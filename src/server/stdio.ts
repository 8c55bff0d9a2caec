import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { type CatalogIo, discoverCatalogs, loadCatalogs } from '../cli/catalogs';
import { type ServerFiles, startServer } from './server';

/** Response files referenced from .http documents bigger than this are not read (as in the extension). */
const MAX_REFERENCE_BYTES = 5 * 1024 * 1024;

/** The file system as the CLI's catalog discovery reads it; nothing may reach stdout, which is the protocol's. */
function catalogIo(cwd: string, warn: (message: string) => void): CatalogIo {
  return {
    err: (text) => warn(text.trimEnd()),
    readFile: async (path) => readFileSync(path),
    readDir: async (path) => readdirSync(path, { withFileTypes: true }).map((d) => ({ name: d.name, isDirectory: d.isDirectory(), isFile: d.isFile(), isSymbolicLink: d.isSymbolicLink() })),
    cwd,
  };
}

export const nodeFiles: ServerFiles = {
  async loadCatalog(folders, listed, warn) {
    const cwd = folders[0] ?? process.cwd();
    const found: string[] = [];
    for (const folder of folders) found.push(...(await discoverCatalogs(catalogIo(folder, warn), folder)));
    // Listed catalogs are relative to the first folder, as `apiErrors.catalogs` is in VS Code.
    return (await loadCatalogs(catalogIo(cwd, warn), { catalogs: [...listed, ...found], discover: false })).catalog;
  },
  readWasm: async (file) => readFileSync(resolve(__dirname, 'tree-sitter', file)),
  readReference(path) {
    try {
      const bytes = readFileSync(path);
      return bytes.byteLength > MAX_REFERENCE_BYTES || bytes.subarray(0, 8192).includes(0) ? undefined : bytes.toString('utf8');
    } catch {
      return undefined;
    }
  },
};

/** `api-errors lsp --stdio`: the language server on stdin and stdout until the client says exit. */
export function runLanguageServer(): Promise<number> {
  const connection = createConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  startServer(connection, nodeFiles);
  connection.listen();
  // The server runs until the client's `exit` notification (the library exits the process) or stdin closes.
  return new Promise((resolve) => process.stdin.on('close', () => resolve(0)));
}
