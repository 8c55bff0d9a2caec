import * as vscode from 'vscode';
import { Settings } from './contributions';

export type SnippetLanguageSetting = 'auto' | 'typescript' | 'javascript' | 'python' | 'go';

/** A typed view of `apiErrors.*`, read fresh each time so changes apply without a reload. */
export function readSettings(scope?: vscode.ConfigurationScope) {
  const config = vscode.workspace.getConfiguration(Settings.section, scope);
  const severity = config.get<string>(Settings.diagnosticsSeverity, 'information');
  return {
    diagnosticsEnabled: config.get<boolean>(Settings.diagnosticsEnabled, true),
    diagnosticsSeverity:
      severity === 'error'
        ? vscode.DiagnosticSeverity.Error
        : severity === 'warning'
          ? vscode.DiagnosticSeverity.Warning
          : severity === 'hint'
            ? vscode.DiagnosticSeverity.Hint
            : vscode.DiagnosticSeverity.Information,
    providers: config.get<string[]>(Settings.providers),
    snippetLanguage: config.get<SnippetLanguageSetting>(Settings.snippetLanguage, 'auto'),
    inlayHints: config.get<boolean>(Settings.inlayHints, true),
    maxFileSizeBytes: Math.max(0, config.get<number>(Settings.maxFileSizeMB, 10)) * 1024 * 1024,
  };
}

export type ApiErrorSettings = ReturnType<typeof readSettings>;
