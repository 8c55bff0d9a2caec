import * as vscode from 'vscode';
import { diagnosticText } from '../core/quickFixes';
import type { Finding } from '../core/detect';
import { DIAGNOSTIC_SOURCE } from './contributions';
import type { FindingsStore } from './findingsStore';
import type { Health } from './health';
import { toRange } from './ranges';
import { readSettings } from './settings';

const DEBOUNCE_MS = 250;

/** Findings in the Problems panel: updated as the user types (debounced), cleared on close. */
export class DiagnosticsFeature implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('apiErrors');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(
    private readonly store: FindingsStore,
    private readonly health: Health,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d.uri)),
      store.onDidChange((uri) => {
        const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (document) this.schedule(document, 0);
      }),
    );
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.update(document);
      }, delay),
    );
  }

  private async update(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed) return;
    try {
      const settings = readSettings(document.uri);
      if (!settings.diagnosticsEnabled) {
        this.collection.delete(document.uri);
        return;
      }
      const version = document.version;
      const findings = await this.store.get(document);
      // Typing went on meanwhile: the next scheduled update will publish the newer version.
      if (document.isClosed || document.version !== version) return;
      this.collection.set(document.uri, findings.map((f) => this.toDiagnostic(document, f, settings.diagnosticsSeverity)));
    } catch (error) {
      this.health.error('diagnostics', error);
      this.collection.delete(document.uri);
    }
  }

  private toDiagnostic(document: vscode.TextDocument, finding: Finding, severity: vscode.DiagnosticSeverity): vscode.Diagnostic {
    const text = diagnosticText(finding, this.store.getCatalog());
    const diagnostic = new vscode.Diagnostic(toRange(document, finding.codeRange), text.message, severity);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = text.docs ? { value: text.code, target: vscode.Uri.parse(text.docs) } : text.code;
    return diagnostic;
  }

  private clear(uri: vscode.Uri): void {
    clearTimeout(this.timers.get(uri.toString()));
    this.timers.delete(uri.toString());
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
  }
}
