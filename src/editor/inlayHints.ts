import * as vscode from 'vscode';
import type { FindingsStore } from './findingsStore';
import type { Health } from './health';
import { readSettings } from './settings';

/** `429 · retry` after each code, so a log reads at a glance. */
export class ApiErrorInlayHints implements vscode.InlayHintsProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(
    private readonly store: FindingsStore,
    private readonly health: Health,
  ) {}

  refresh(): void {
    this.changed.fire();
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.InlayHint[]> {
    return this.health.guard('inlayHints', [], async () => {
      if (!readSettings(document.uri).inlayHints) return [];
      const from = document.offsetAt(range.start);
      const to = document.offsetAt(range.end);
      return (await this.store.get(document))
        .filter((f) => f.codeRange.end >= from && f.codeRange.start <= to && (f.provider || f.generic))
        .map((f) => {
          const retry = f.entry?.retryable === 'yes' ? 'retry' : f.entry?.retryable === 'conditional' ? 'retry?' : f.entry?.retryable === 'unknown' ? 'retry: unknown' : f.entry ? 'no retry' : '?';
          const hint = new vscode.InlayHint(document.positionAt(f.codeRange.end), `${f.status ?? '—'} · ${retry}`, vscode.InlayHintKind.Type);
          hint.paddingLeft = true;
          return hint;
        });
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
