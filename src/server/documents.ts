import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from '../core/catalog';
import { type DetectOptions, type Finding, detectSteps, updateFindings } from '../core/detect';

/** Longest stretch of detection before the server reads its next message (a hover, a cancel). */
const SLICE_MS = 8;

interface OpenDocument {
  document: TextDocument;
  /** Findings of `findingsVersion`, kept up to date through edits where the core can. */
  findings?: readonly Finding[];
  findingsVersion?: number;
  running?: { version: number; done: Promise<readonly Finding[] | undefined> };
}

/** Why a document is not scanned: over the size limit. */
export interface Skipped {
  sizeBytes: number;
  limitBytes: number;
}

/** What detection needs to know about one document, from the server's settings and catalog. */
export interface DetectionContext {
  catalog: Catalog;
  options: DetectOptions;
  maxFileSizeBytes: number;
}

/**
 * Open documents and their findings, as the extension's FindingsStore keeps them: detected once per
 * version, big documents in slices between messages, and carried through single edits of logs with
 * the core's updateFindings instead of a rescan.
 */
export class ServerDocuments {
  private readonly open = new Map<string, OpenDocument>();

  constructor(private readonly contextOf: (document: TextDocument) => DetectionContext) {}

  get(uri: string): TextDocument | undefined {
    return this.open.get(uri)?.document;
  }

  all(): TextDocument[] {
    return [...this.open.values()].map((d) => d.document);
  }

  didOpen(uri: string, languageId: string, version: number, text: string): TextDocument {
    const document = TextDocument.create(uri, languageId, version, text);
    this.open.set(uri, { document });
    return document;
  }

  /** Applies the client's changes one by one, following the findings through each where it can. */
  didChange(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): TextDocument | undefined {
    const open = this.open.get(uri);
    if (!open) return undefined;
    let findings = open.findings !== undefined && open.findingsVersion === open.document.version ? open.findings : undefined;
    let document = open.document;
    for (const change of changes) {
      if (!('range' in change)) {
        findings = undefined;
        document = TextDocument.update(document, [change], version);
        continue;
      }
      const offset = document.offsetAt(change.range.start);
      const removedLength = document.offsetAt(change.range.end) - offset;
      document = TextDocument.update(document, [change], version);
      if (findings) {
        const context = this.contextOf(document);
        const text = document.getText();
        findings = text.length > context.maxFileSizeBytes ? undefined : updateFindings(findings, text, { offset, removedLength, insertedText: change.text }, context.catalog, context.options);
      }
    }
    open.document = document;
    open.findings = findings;
    open.findingsVersion = findings ? version : undefined;
    open.running = undefined;
    return document;
  }

  didClose(uri: string): void {
    this.open.delete(uri);
  }

  /** Forgets every document's findings (a new catalog or new settings). */
  invalidateAll(): void {
    for (const open of this.open.values()) {
      open.findings = undefined;
      open.findingsVersion = undefined;
      open.running = undefined;
    }
  }

  /** How big the document is against its limit, when over it. */
  skipped(document: TextDocument): Skipped | undefined {
    const { maxFileSizeBytes } = this.contextOf(document);
    const size = document.getText().length;
    return size > maxFileSizeBytes ? { sizeBytes: size, limitBytes: maxFileSizeBytes } : undefined;
  }

  /**
   * The findings of the document's current version; undefined when it closed, changed meanwhile or
   * `cancelled()` said to stop. Never rejects: detection does not throw.
   */
  async findings(uri: string, cancelled: () => boolean = () => false): Promise<readonly Finding[] | undefined> {
    const open = this.open.get(uri);
    if (!open) return undefined;
    const { document } = open;
    if (open.findings && open.findingsVersion === document.version) return open.findings;
    if (!open.running || open.running.version !== document.version) {
      open.running = { version: document.version, done: this.detect(open, document) };
    }
    const done = await open.running.done;
    return cancelled() ? undefined : done;
  }

  private async detect(open: OpenDocument, document: TextDocument): Promise<readonly Finding[] | undefined> {
    if (this.skipped(document)) return this.remember(open, document, []);
    const { catalog, options } = this.contextOf(document);
    const steps = detectSteps(document.getText(), catalog, options);
    let started = performance.now();
    let step = steps.next();
    while (!step.done) {
      if (performance.now() - started >= SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        // A newer version or a close makes this run pointless.
        if (this.open.get(document.uri) !== open || open.document !== document) return undefined;
        started = performance.now();
      }
      step = steps.next();
    }
    return this.remember(open, document, step.value);
  }

  private remember(open: OpenDocument, document: TextDocument, findings: readonly Finding[]): readonly Finding[] {
    if (open.document === document) {
      open.findings = findings;
      open.findingsVersion = document.version;
    }
    return findings;
  }
}
