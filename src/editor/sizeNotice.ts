import * as vscode from 'vscode';
import { Settings } from './contributions';
import type { FindingsStore } from './findingsStore';

/** A status-bar notice for the active file when it is above `apiErrors.maxFileSizeMB` and was skipped. */
export class SizeNotice implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('apiErrors.sizeNotice', vscode.StatusBarAlignment.Right, 100);
  private readonly skipped = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(store: FindingsStore) {
    this.item.name = vscode.l10n.t('API Errors: file size');
    this.item.command = { title: vscode.l10n.t('Open setting'), command: 'workbench.action.openSettings', arguments: [`${Settings.section}.${Settings.maxFileSizeMB}`] };
    this.disposables.push(
      store.onDidSkip((event) => {
        const key = event.uri.toString();
        if (event.sizeBytes === undefined) this.skipped.delete(key);
        else {
          const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
          this.skipped.set(key, vscode.l10n.t('API Errors: not scanned ({0} MB > {1} MB)', mb(event.sizeBytes), mb(event.limitBytes)));
        }
        this.update();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.skipped.delete(d.uri.toString());
        this.update();
      }),
    );
  }

  private update(): void {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const text = uri ? this.skipped.get(uri) : undefined;
    if (text) {
      this.item.text = `$(warning) ${text}`;
      this.item.tooltip = vscode.l10n.t('This file is larger than apiErrors.maxFileSizeMB, so API Error Inspector does not scan it. Click to change the limit.');
      this.item.show();
    } else this.item.hide();
  }

  /** For tests and the UI: the notice currently shown, if any. */
  get visibleText(): string | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    return uri ? this.skipped.get(uri) : undefined;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
