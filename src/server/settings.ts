import { DiagnosticSeverity } from 'vscode-languageserver';

/**
 * The extension's `apiErrors.*` settings as a language client sends them: nested
 * (`{ diagnostics: { enabled } }`, as workspace/configuration answers) or with dotted keys
 * (`{ "diagnostics.enabled": … }`, as in VS Code's settings.json). Anything else falls back to the
 * extension's default.
 */
export interface ServerSettings {
  diagnosticsEnabled: boolean;
  diagnosticsSeverity: DiagnosticSeverity;
  providers: readonly string[] | undefined;
  snippetLanguage: 'auto' | 'typescript' | 'javascript' | 'python';
  maxFileSizeBytes: number;
  catalogs: readonly string[];
}

const severities: Record<string, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function read(raw: unknown, key: string): unknown {
  if (!raw || typeof raw !== 'object') return undefined;
  const record = raw as Record<string, unknown>;
  if (key in record) return record[key];
  const [head, ...rest] = key.split('.');
  return rest.length ? read(record[head as string], rest.join('.')) : undefined;
}

const MAX_FILE_SIZE_MB = 50;

export function settingsFrom(raw: unknown): ServerSettings {
  const enabled = read(raw, 'diagnostics.enabled');
  const severity = read(raw, 'diagnostics.severity');
  const providers = read(raw, 'providers');
  const language = read(raw, 'snippetLanguage');
  const size = read(raw, 'maxFileSizeMB');
  const catalogs = read(raw, 'catalogs');
  return {
    diagnosticsEnabled: typeof enabled === 'boolean' ? enabled : true,
    diagnosticsSeverity: (typeof severity === 'string' && severities[severity]) || DiagnosticSeverity.Information,
    providers: Array.isArray(providers) ? providers.filter((p): p is string => typeof p === 'string') : undefined,
    snippetLanguage: language === 'typescript' || language === 'javascript' || language === 'python' ? language : 'auto',
    maxFileSizeBytes: (typeof size === 'number' && Number.isFinite(size) ? Math.min(Math.max(0, size), MAX_FILE_SIZE_MB) : 10) * 1024 * 1024,
    catalogs: Array.isArray(catalogs) ? catalogs.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : [],
  };
}
