import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Finding } from '../../src/core/detect';
import { LanguageModelTools } from '../../src/editor/contributions';

export const EXTENSION_ID = 'api-error-inspector.api-error-inspector';

export interface Api {
  findings(document: vscode.TextDocument): Promise<readonly Finding[]>;
  sizeNotice(): string | undefined;
  activationMs: number;
  health(): { longestCallMs: Record<string, number>; longestBlockMs: number; errors: number };
}

export async function activate(): Promise<Api> {
  const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export async function open(relative: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relative));
  await vscode.window.showTextDocument(document);
  return document;
}

/** Polls until `check` returns a value (no fixed sleeps), or fails with `what` after the deadline. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function positionOf(document: vscode.TextDocument, needle: string, delta = 1): vscode.Position {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in ${document.uri.path}`);
  return document.positionAt(offset + delta);
}

/**
 * The hover as a reader sees it: MarkdownString.appendText writes spaces as &nbsp; and escapes
 * Markdown punctuation; undo both so assertions read like the rendered card.
 */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n')
    .replace(/&nbsp;/g, ' ')
    .replace(/\\([\\`*_{}[\]()#+\-.!|~<>])/g, '$1');
}

/** Runs a command that opens a quick pick and closes the pick until the command settles. */
export async function runClosingQuickPicks<T>(command: string, ...args: unknown[]): Promise<T> {
  let settled = false;
  const result = Promise.resolve(vscode.commands.executeCommand<T>(command, ...args)).finally(() => (settled = true));
  await waitFor(`${command} to finish`, async () => {
    if (!settled) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    return settled || undefined;
  });
  return result;
}

export async function hoverAt(document: vscode.TextDocument, position: vscode.Position): Promise<{ text: string; hovers: vscode.Hover[] }> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
  // VS Code's hover shows the diagnostics at the position above the providers' hovers: what a person reads.
  const problems = vscode.languages.getDiagnostics(document.uri).filter((d) => d.range.contains(position)).map((d) => d.message);
  return { text: [...problems, hoverText(hovers)].join('\n\n'), hovers };
}

export async function ourDiagnostics(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'API Errors');
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('apiErrors').update(key, value, vscode.ConfigurationTarget.Global);
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * In the Node extension host, compile the edited text with the project's TypeScript or Python, as a
 * user would; the web-worker host cannot start processes (the unit suite compiles every snippet).
 */
export async function compiles(text: string, language: 'typescript' | 'python' | 'go'): Promise<void> {
  if (typeof process !== 'object' || !process.versions?.node) return;
  // Loaded only in the Node host: the web bundle never reaches this line.
  const req = eval('require') as NodeJS.Require;
  const { execFileSync } = req('node:child_process') as typeof import('node:child_process');
  const { mkdtempSync, writeFileSync } = req('node:fs') as typeof import('node:fs');
  const { join } = req('node:path') as typeof import('node:path');
  const { tmpdir } = req('node:os') as typeof import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'api-errors-fix-'));
  const root = vscode.extensions.getExtension('api-error-inspector.api-error-inspector')!.extensionPath;
  const file = join(dir, language === 'typescript' ? 'client.ts' : language === 'go' ? 'client.go' : 'client.py');
  writeFileSync(file, text);
  // Go: a module of its own, vetted (which builds it) offline with Debian's Go, its cache in the temp dir.
  if (language === 'go') writeFileSync(join(dir, 'go.mod'), 'module example.com/client\n\ngo 1.19\n');
  const [command, args] =
    language === 'typescript'
      ? [process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--target', 'es2022', '--lib', 'es2022,dom', '--module', 'nodenext', '--skipLibCheck', file]]
      : language === 'go'
        ? ['/usr/bin/go', ['vet', './...']]
        : ['/usr/bin/python3', ['-m', 'py_compile', file]];
  const go = language === 'go' ? { cwd: dir, env: { ...process.env, GOPROXY: 'off', GOFLAGS: '-mod=mod', GO111MODULE: 'on', GOCACHE: join(dir, 'gocache'), GOPATH: join(dir, 'gopath') } } : {};
  try {
    execFileSync(command as string, args as string[], { stdio: 'pipe', encoding: 'utf8', ...go });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    assert.fail(`the edited file does not compile:\n${e.stdout ?? ''}${e.stderr ?? ''}\n--- file ---\n${text}`);
  }
}

/** The text an agent gets back from one of our tools, invoked as any extension (or chat) does. */
export async function invokeText(name: keyof typeof LanguageModelTools, input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(LanguageModelTools[name].name, { input, toolInvocationToken: undefined });
  assert.ok(result.content.length > 0, `${name} returned no parts`);
  return result.content
    .map((part) => {
      assert.ok(part instanceof vscode.LanguageModelTextPart, `${name} returns text parts`);
      return part.value;
    })
    .join('');
}
