// The web-worker build (vscode.dev, code-server's web extension host): the same composition root.
export { activate, deactivate } from './extension';
