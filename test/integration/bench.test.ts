import * as vscode from 'vscode';
import { jsonArray, log } from '../fixtures/bigInputs';
import { activate, ourDiagnostics, setSetting, waitFor } from './helpers';

// Speed figures measured in the real editor (npm run bench:vscode). They print numbers; they assert
// only that the work completes, because speed targets belong in benchmarks, not in timed tests.
suite('@bench speed in the editor', () => {
  suiteSetup(async () => {
    await setSetting('maxFileSizeMB', 50);
  });
  suiteTeardown(async () => {
    await setSetting('maxFileSizeMB', undefined);
  });

  test('activation, hover latency on a 16 MB JSON, open-to-diagnostics on a 10 MB log', async function () {
    this.timeout(300_000);
    const api = await activate();
    console.log(`bench: activation ${api.activationMs.toFixed(1)} ms`);

    // A file of our own language id first: the cost of our detection alone, without json's language service.
    const plain = await vscode.workspace.openTextDocument({ language: 'plaintext', content: jsonArray(16 * 1024 * 1024) });
    let d = performance.now();
    // The extension host keeps answering meanwhile: count how late a 1 ms timer fires during detection.
    let worstTimerLag = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      worstTimerLag = Math.max(worstTimerLag, now - last - 1);
      last = now;
    }, 1);
    const plainFindings = (await api.findings(plain)).length;
    clearInterval(timer);
    console.log(`bench: detection of a 16 MB JSON text inside the extension host: ${(performance.now() - d).toFixed(0)} ms (${plainFindings} findings); longest stall of the extension host meanwhile: ${worstTimerLag.toFixed(0)} ms`);
    d = performance.now();
    await api.findings(plain);
    console.log(`bench: the same, answered from the cache: ${(performance.now() - d).toFixed(2)} ms`);

    const json = await vscode.workspace.openTextDocument({ language: 'json', content: jsonArray(16 * 1024 * 1024) });
    const target = json.positionAt(json.getText().lastIndexOf('"rate_limited"') + 3);
    let t = performance.now();
    await vscode.commands.executeCommand('vscode.executeHoverProvider', json.uri, target);
    const firstHover = performance.now() - t;
    const samples: number[] = [];
    for (let i = 0; i < 20; i++) {
      t = performance.now();
      await vscode.commands.executeCommand('vscode.executeHoverProvider', json.uri, target);
      samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    console.log(`bench: 16 MB JSON hover: first ${firstHover.toFixed(0)} ms (detects the document), then median ${samples[10]!.toFixed(1)} ms, worst ${samples[19]!.toFixed(1)} ms (cached)`);

    t = performance.now();
    const logDocument = await vscode.workspace.openTextDocument({ language: 'log', content: log(10 * 1024 * 1024) });
    await vscode.window.showTextDocument(logDocument);
    const diagnostics = await waitFor('diagnostics of the 10 MB log', async () => {
      const d = await ourDiagnostics(logDocument.uri);
      return d.length > 0 ? d : undefined;
    }, 240_000);
    console.log(`bench: 10 MB log: ${diagnostics.length} diagnostics ${(performance.now() - t).toFixed(0)} ms after opening`);

    // Typing in it: only the records near the edit are detected again.
    const editor = vscode.window.activeTextEditor!;
    const line = Math.floor(logDocument.lineCount / 2);
    t = performance.now();
    await editor.edit((edit) => edit.insert(new vscode.Position(line, 0), '2026-11-22T10:00:00Z ERROR {"error": "Insufficient scope", "code": "SCOPE_DENIED"}\n'));
    const edited = performance.now() - t;
    t = performance.now();
    const afterEdit = await api.findings(logDocument);
    const findingsMs = performance.now() - t;
    await waitFor('the diagnostic of the typed record', async () => ((await ourDiagnostics(logDocument.uri)).length === diagnostics.length + 1 ? true : undefined), 60_000);
    console.log(`bench: 10 MB log, one line typed: edit applied in ${edited.toFixed(0)} ms, findings of the new version ${findingsMs.toFixed(1)} ms later (${afterEdit.length}), diagnostics ${(performance.now() - t).toFixed(0)} ms later (incl. the 250 ms debounce); longest block ${api.health().longestBlockMs.toFixed(0)} ms`);
  });
});
