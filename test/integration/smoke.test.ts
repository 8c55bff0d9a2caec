/// <reference types="mocha" />
// Smoke test: the extension under development is loaded by the real workbench, activates, and
// registers its commands. Runs unchanged in the Node and the web-worker extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'api-error-inspector.api-error-inspector';

async function activatedExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
  await extension.activate();
  return extension;
}

suite('smoke', () => {
  test('the extension is present and activates', async () => {
    const extension = await activatedExtension();
    assert.equal(extension.isActive, true);
  });

  test('the apiErrors.lookup command is registered', async () => {
    await activatedExtension();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('apiErrors.lookup'), 'apiErrors.lookup is not among the registered commands');
  });

  test('a workspace folder is open', () => {
    assert.ok(vscode.workspace.workspaceFolders?.length, 'no workspace folder is open');
  });
});
