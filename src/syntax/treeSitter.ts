import { Language, Parser, Query, type Tree } from '@vscode/tree-sitter-wasm';
import type { SourceLanguage, SourceSyntax } from '../core/detect/syntax';

/** The wasm files shipped in dist/tree-sitter/: the runtime and only the grammars detection uses. */
export const RUNTIME_WASM = 'tree-sitter.wasm';
export const GRAMMAR_WASM: Record<SourceLanguage, string> = {
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  python: 'tree-sitter-python.wasm',
};

/** Reads one of the files above, the way the host can: fs in the CLI, the extension's URI in the editor. */
export type WasmReader = (file: string) => Promise<Uint8Array>;

/**
 * Tree-sitter for source documents, loaded on first use: the runtime when the first source document
 * is detected, each grammar when its language first comes up. Until a grammar is loaded, `withTree`
 * answers undefined (detection reads the document without a tree) and starts loading it;
 * `onLoaded` then tells the adapter to detect again. The wasm bytes are read by the adapter and
 * handed to tree-sitter: its own file lookup does not work in a web worker.
 */
export class LazyTreeSitter implements SourceSyntax {
  private runtime: Promise<void> | undefined;
  private readonly parsers = new Map<SourceLanguage, Parser>();
  private readonly loading = new Map<SourceLanguage, Promise<Parser | undefined>>();
  /** Why loading failed, if it did: detection goes on without trees. */
  failure: unknown;

  constructor(
    private readonly readWasm: WasmReader,
    private readonly onLoaded: (language: SourceLanguage) => void = () => undefined,
  ) {}

  withTree<T>(text: string, language: SourceLanguage, use: (tree: Tree) => T): T | undefined {
    const parser = this.parsers.get(language);
    if (!parser) {
      void this.load(language);
      return undefined;
    }
    const tree = parser.parse(text);
    if (!tree) return undefined;
    try {
      return use(tree);
    } finally {
      // Trees live in the wasm heap: freed as soon as detection has read them.
      tree.delete();
    }
  }

  query(language: Language, source: string): Query {
    return new Query(language, source);
  }

  /** Loads the runtime and a grammar (once); resolves when `withTree` can use it, or undefined when it cannot. */
  load(language: SourceLanguage): Promise<Parser | undefined> {
    let loading = this.loading.get(language);
    if (!loading) {
      loading = this.loadParser(language);
      this.loading.set(language, loading);
    }
    return loading;
  }

  private async loadParser(language: SourceLanguage): Promise<Parser | undefined> {
    try {
      this.runtime ??= this.readWasm(RUNTIME_WASM).then((wasmBinary) => Parser.init({ wasmBinary } as unknown as Parameters<typeof Parser.init>[0]));
      await this.runtime;
      const grammar = await Language.load(await this.readWasm(GRAMMAR_WASM[language]));
      const parser = new Parser();
      parser.setLanguage(grammar);
      this.parsers.set(language, parser);
      this.onLoaded(language);
      return parser;
    } catch (error) {
      this.failure = error;
      return undefined;
    }
  }
}
