import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { agentToolDefinitions } from '../../src/core/agent';
import { Commands, LanguageModelTools, Settings, hoverCommands, languages, paletteCommands } from '../../src/editor/contributions';
import { root } from './helpers/cli';

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category: string }[];
    menus: { commandPalette: { command: string; when: string }[] };
    configuration: { properties: Record<string, { markdownDescription?: string }> };
    languageModelTools: { name: string; toolReferenceName?: string; canBeReferencedInPrompt?: boolean; displayName: string; modelDescription: string; inputSchema: object }[];
  };
  activationEvents: string[];
  engines: { vscode: string };
  devDependencies: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as Manifest;
const nls = JSON.parse(readFileSync(resolve(root, 'package.nls.json'), 'utf8')) as Record<string, string>;

describe('package.json agrees with src/editor/contributions.ts', () => {
  it('contributes exactly the commands the code registers, in the "API Errors" category', () => {
    assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), Object.values(Commands).sort());
    for (const c of manifest.contributes.commands) assert.equal(nls[c.category.slice(1, -1)], 'API Errors');
  });

  it('hides the internal commands from the palette and shows the palette ones', () => {
    const hidden = manifest.contributes.menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command).sort();
    const internal = Object.values(Commands).filter((c) => !(paletteCommands as readonly string[]).includes(c)).sort();
    assert.deepEqual(hidden, internal);
    // Hovers may run only the extension's own commands, and every link a hover makes must be allowed.
    for (const c of hoverCommands) assert.ok((Object.values(Commands) as string[]).includes(c), `${c} is ours`);
    const hoverSource = readFileSync(resolve(root, 'src/editor/hover.ts'), 'utf8');
    for (const m of hoverSource.matchAll(/commandLink\([^,]+, Commands\.(\w+)/g)) {
      assert.ok((hoverCommands as readonly string[]).includes(Commands[m[1] as keyof typeof Commands]), `hover links ${m[1]}, which enabledCommands must allow`);
    }
  });

  it('documents every setting the code reads, and no others', () => {
    const keys = Object.keys(manifest.contributes.configuration.properties).sort();
    const read = Object.entries(Settings).filter(([k]) => k !== 'section').map(([, v]) => `${Settings.section}.${v}`).sort();
    assert.deepEqual(keys, read);
    for (const key of keys) {
      const description = manifest.contributes.configuration.properties[key]?.markdownDescription ?? '';
      assert.ok(nls[description.slice(1, -1)], `${key} has a localized description`);
    }
  });

  it('contributes the core\'s agent tools as language-model tools, with the same descriptions and schemas', () => {
    const tools = manifest.contributes.languageModelTools;
    const definitions = agentToolDefinitions('uri');
    assert.deepEqual(tools.map((t) => t.name), definitions.map((d) => LanguageModelTools[d.name].name));
    for (const definition of definitions) {
      const tool = tools.find((t) => t.name === LanguageModelTools[definition.name].name);
      assert.ok(tool);
      assert.equal(tool.modelDescription, definition.description, `${tool.name} modelDescription`);
      assert.deepEqual(tool.inputSchema, JSON.parse(JSON.stringify(definition.inputSchema)), `${tool.name} inputSchema`);
      // VS Code rejects a referenceable tool without a reference name, and names outside [\w-].
      assert.match(tool.name, /^[\w-]+$/);
      assert.equal(tool.canBeReferencedInPrompt, true);
      assert.equal(tool.toolReferenceName, LanguageModelTools[definition.name].reference);
      assert.ok(nls[tool.displayName.slice(1, -1)], `${tool.name} has a localized display name`);
    }
    // The adapter registers every tool of the table by its name.
    const adapter = readFileSync(resolve(root, 'src/editor/languageModelTools.ts'), 'utf8');
    assert.match(adapter, /vscode\.lm\.registerTool\(LanguageModelTools\[name\]\.name/);
  });

  it('activates on every supported language', () => {
    for (const language of languages) assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), language);
  });

  it('localizes every %placeholder% of the manifest', () => {
    const placeholders = JSON.stringify(manifest).match(/"%[^%"]+%"/g) ?? [];
    for (const p of placeholders) assert.ok(nls[p.slice(2, -2)], p);
  });

  it('targets the test VS Code: engines.vscode ≤ 1.100 with @types/vscode pinned to it', () => {
    assert.equal(manifest.engines.vscode, '^1.100.0');
    assert.equal(manifest.devDependencies['@types/vscode'], '1.100.0');
  });
});
