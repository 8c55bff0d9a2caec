import * as vscode from 'vscode';
import { type AgentDocument, AgentToolError, AgentTools, type AgentToolName } from '../core/agent';
import type { Catalog } from '../core/catalog';
import { LanguageModelTools } from './contributions';

interface ToolInput {
  query?: unknown;
  provider?: unknown;
  language?: unknown;
  code?: unknown;
  uri?: unknown;
  text?: unknown;
  fileName?: unknown;
}

const shown = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 80) : '');

/**
 * `explain`'s `uri`: only a document already open in the editor (by URI, path or workspace-relative
 * path). The tool never opens files itself, so an agent cannot steer it to read anything the user
 * has not opened.
 */
async function readOpenDocument(reference: string): Promise<AgentDocument> {
  const document = vscode.workspace.textDocuments.find(
    (d) => d.uri.toString() === reference || d.uri.toString(true) === reference || (d.uri.scheme === 'file' && d.uri.fsPath === reference) || vscode.workspace.asRelativePath(d.uri, false) === reference,
  );
  if (!document) throw new AgentToolError(`no open document has the URI '${shown(reference)}': pass the text instead, or ask the user to open the file`);
  return { text: document.getText(), name: vscode.workspace.asRelativePath(document.uri, false), languageId: document.languageId };
}

function invocationMessage(name: AgentToolName, input: ToolInput): string {
  switch (name) {
    case 'lookup':
      return vscode.l10n.t('Looking up "{0}" in the API error catalog', shown(input.query));
    case 'explain':
      return typeof input.uri === 'string' ? vscode.l10n.t('Explaining API errors in {0}', shown(input.uri)) : vscode.l10n.t('Explaining API errors in the given text');
    case 'handler':
      return vscode.l10n.t('Writing {0} error handling in {1}', shown(input.provider), shown(input.language) || 'typescript');
  }
}

/**
 * The core's agent tools as VS Code language-model tools: the same answers as the MCP server, as
 * text parts. The catalog is the store's, so Restricted Mode gets the built-in one only.
 */
export function registerLanguageModelTools(getCatalog: () => Catalog): vscode.Disposable {
  const tools = new AgentTools({ documentArgument: 'uri', catalog: getCatalog, now: () => Date.now(), readDocument: readOpenDocument });
  const tool = (name: AgentToolName): vscode.LanguageModelTool<ToolInput> => ({
    prepareInvocation: (options) => ({ invocationMessage: invocationMessage(name, options.input ?? {}) }),
    invoke: async (options) => {
      const result = await tools.run(name, options.input);
      // A thrown error's message is what VS Code hands the model: it says what to change.
      if (!result.ok) throw new Error(result.error);
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(result.text)]);
    },
  });
  return vscode.Disposable.from(...(Object.keys(LanguageModelTools) as AgentToolName[]).map((name) => vscode.lm.registerTool(LanguageModelTools[name].name, tool(name))));
}
