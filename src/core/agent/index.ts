/**
 * The catalog and detection as tools for coding agents: one implementation (AgentTools) that the VS Code
 * language-model tools (src/editor/languageModelTools.ts) and the MCP server (src/cli/mcp.ts) adapt.
 * Pure: arguments in, text and data out; the hosts only read documents and wrap the answers.
 */
export { type AgentToolDefinition, type AgentToolName, type DocumentArgument, type JsonSchema, MAX_TEXT_LABEL, MAX_TEXT_LENGTH, SNIPPET_LANGUAGE_NAMES, agentToolDefinitions, sizeProblem } from './definitions';
export { checkInput } from './validate';
export { type AgentDocument, type AgentToolHost, type AgentToolResult, AgentToolError, AgentTools, explainTool, handlerTool, lookupTool } from './tools';
