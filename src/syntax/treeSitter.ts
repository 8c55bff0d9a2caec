import type { Edit, Parser, Point, Tree } from '@vscode/tree-sitter-wasm';
import type { SourceLanguage, SourceSyntax, TreeChange } from '../core/detect/types';

/** The wasm files shipped in dist/tree-sitter/: the runtime and only the grammars detection uses. */
export const RUNTIME_WASM = 'tree-sitter.wasm';
export const GRAMMAR_WASM: Record<SourceLanguage, string> = {
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  python: 'tree-sitter-python.wasm',
  go: 'tree-sitter-go.wasm',
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
  /** The runtime module, imported on first use: activation does not evaluate its 170 KB of glue. */
  private runtime: Promise<typeof import('@vscode/tree-sitter-wasm')> | undefined;
  private readonly parsers = new Map<SourceLanguage, Parser>();
  private readonly loading = new Map<SourceLanguage, Promise<Parser | undefined>>();
  private readonly lastTrees = new Map<SourceLanguage, { text: string; tree: Tree }>();
  /** How each last tree differs from the one before it. */
  private readonly lastChanges = new Map<SourceLanguage, TreeChange>();
  /** Why loading failed, if it did: detection goes on without trees. */
  failure: unknown;

  constructor(
    private readonly readWasm: WasmReader,
    private readonly onLoaded: (language: SourceLanguage) => void = () => undefined,
    private readonly onFailed: (error: unknown) => void = () => undefined,
  ) {}

  withTree<T>(text: string, language: SourceLanguage, use: (tree: Tree, change?: TreeChange) => T): T | undefined {
    const parser = this.parsers.get(language);
    if (!parser) {
      void this.load(language);
      return undefined;
    }
    const tree = this.parse(parser, text, language);
    return tree ? use(tree, this.lastChanges.get(language)) : undefined;
  }

  /**
   * The text's tree. The last tree of each language is kept with its text: the next text (most often
   * the same document after an edit) is parsed incrementally from it, told what changed (the span
   * between their common start and common end). Any two texts are related that way, so the tree is
   * always right; it is only faster when they share most of their text.
   */
  private parse(parser: Parser, text: string, language: SourceLanguage): Tree | undefined {
    const last = this.lastTrees.get(language);
    if (last?.text === text) {
      this.lastChanges.set(language, { previousText: text, start: text.length, oldEnd: text.length, newEnd: text.length, changedRanges: [] });
      return last.tree;
    }
    const edit = last ? editBetween(last.text, text) : undefined;
    if (last && edit) last.tree.edit(edit);
    const tree = parser.parse(text, last?.tree) ?? undefined;
    if (last && edit && tree) {
      const changedRanges = last.tree.getChangedRanges(tree).map((r) => ({ start: r.startIndex, end: r.endIndex }));
      this.lastChanges.set(language, { previousText: last.text, start: edit.startIndex, oldEnd: edit.oldEndIndex, newEnd: edit.newEndIndex, changedRanges });
    } else this.lastChanges.delete(language);
    // Trees live in the wasm heap: only the newest of each language is kept.
    last?.tree.delete();
    if (tree) this.lastTrees.set(language, { text, tree });
    else this.lastTrees.delete(language);
    return tree;
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

  private async loadRuntime(): Promise<typeof import('@vscode/tree-sitter-wasm')> {
    const [imported, wasmBinary] = await Promise.all([import('@vscode/tree-sitter-wasm'), this.readWasm(RUNTIME_WASM)]);
    // A bundle sees the module's exports; Node's own loader (tests, tsx) sees the UMD's as `default`.
    const treeSitter = (imported.Parser ? imported : (imported as unknown as { default: typeof imported }).default) as typeof imported;
    // The wasm is handed over as bytes: the runtime's own lookup of its file fails in a web worker
    // (it builds a URL from its script's, which a worker does not have); `locateFile` keeps it from trying.
    await treeSitter.Parser.init({ wasmBinary, locateFile: (file: string) => file } as Parameters<typeof treeSitter.Parser.init>[0]);
    return treeSitter;
  }

  private async loadParser(language: SourceLanguage): Promise<Parser | undefined> {
    try {
      this.runtime ??= this.loadRuntime();
      const treeSitter = await this.runtime;
      const grammar = await treeSitter.Language.load(await this.readWasm(GRAMMAR_WASM[language]));
      const parser = new treeSitter.Parser();
      parser.setLanguage(grammar);
      this.parsers.set(language, parser);
      this.onLoaded(language);
      return parser;
    } catch (error) {
      this.failure = error;
      this.onFailed(error);
      return undefined;
    }
  }
}

const CHUNK = 1024;

/** The edit that turns `before` into `after`: the span between their common start and common end. */
export function editBetween(before: string, after: string): Edit {
  const limit = Math.min(before.length, after.length);
  // Whole chunks compared natively first (a keystroke in a big file leaves most of it equal), then
  // characters.
  let start = 0;
  while (start + CHUNK <= limit && before.slice(start, start + CHUNK) === after.slice(start, start + CHUNK)) start += CHUNK;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end + CHUNK <= limit - start && before.slice(before.length - end - CHUNK, before.length - end) === after.slice(after.length - end - CHUNK, after.length - end)) end += CHUNK;
  while (end < limit - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return {
    startIndex: start,
    oldEndIndex: before.length - end,
    newEndIndex: after.length - end,
    startPosition: pointAt(before, start),
    oldEndPosition: pointAt(before, before.length - end),
    newEndPosition: pointAt(after, after.length - end),
  };
}

/** Row and column (in UTF-16 code units, as tree-sitter's JavaScript binding counts) of an offset. */
function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) {
    row++;
    lineStart = at + 1;
  }
  return { row, column: offset - lineStart };
}
