// The `api-errors-lsp` executable: the language server on stdio (the same as `api-errors lsp --stdio`).
import { runLanguageServer } from './stdio';

void runLanguageServer().then((code) => process.exit(code));
