import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Finding } from '../../src/core/detect';
import { log } from '../fixtures/bigInputs';
import { mutate, rng } from '../fixtures/fuzzInputs';
import { heapAfterGc } from './heap';
import { activate, closeAll, hoverAt, ourDiagnostics, positionOf, setSetting, waitFor, workspaceFile } from './helpers';
import { MemoryFileSystem } from './memoryFileSystem';

const FIXTURES = ['kynasmith-429.json', 'requests.http', 'api.log', 'client.ts', 'incident.md', 'responses/quota.json', 'responses/acme-declined.json'];
/**
 * The extension picks the container by language (from the name), so every kind of file gets fuzzed
 * input; TypeScript and JavaScript less often, as each new file costs the TypeScript server seconds.
 */
const EXTENSIONS = ['json', 'jsonc', 'log', 'jsonl', 'http', 'md', 'py', 'txt', 'ts', 'json', 'log', 'http', 'md', 'jsonl', 'txt', 'js', 'jsonc', 'log', 'http', 'py'];
const MB = 1024 * 1024;

/** Every feature the editor calls on a document, as the editor calls it; resolves when all answered. */
async function exerciseFeatures(document: vscode.TextDocument, offsets: readonly number[]): Promise<void> {
  const whole = new vscode.Range(new vscode.Position(0, 0), document.positionAt(document.getText().length));
  for (const offset of offsets) await vscode.commands.executeCommand('vscode.executeHoverProvider', document.uri, document.positionAt(offset));
  await vscode.commands.executeCommand('vscode.executeCodeActionProvider', document.uri, whole);
  await vscode.commands.executeCommand('vscode.executeInlayHintProvider', document.uri, whole);
}

function assertInside(document: vscode.TextDocument, findings: readonly Finding[]): void {
  const length = document.getText().length;
  for (const f of findings) {
    assert.ok(f.codeRange.start >= 0 && f.codeRange.start <= f.codeRange.end && f.codeRange.end <= length, `code range inside ${document.uri.path}`);
    assert.ok(f.bodyRange.start >= 0 && f.bodyRange.start <= f.bodyRange.end && f.bodyRange.end <= length, `body range inside ${document.uri.path}`);
  }
}

/** How late a 1 ms timer fires while `work` runs: the longest the extension host could not answer. */
async function worstStall<T>(work: () => Promise<T>): Promise<{ value: T; stallMs: number }> {
  let stallMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last - 1);
    last = now;
  }, 1);
  try {
    return { value: await work(), stallMs };
  } finally {
    clearInterval(timer);
  }
}

suite('reliability: fuzzed, huge and odd files', () => {
  const files = new MemoryFileSystem('api-errors-test');
  let registration: vscode.Disposable;
  suiteSetup(() => {
    registration = vscode.workspace.registerFileSystemProvider(files.scheme, files, { isCaseSensitive: true });
  });
  suiteTeardown(async () => {
    await closeAll();
    await setSetting('maxFileSizeMB', undefined);
    registration.dispose();
  });

  test('a virtual file system (no file: scheme): hovers, diagnostics, quick fixes and `<>` response files work', async () => {
    const api = await activate();
    const read = async (f: string) => vscode.workspace.fs.readFile(workspaceFile(f));
    files.put('/virtual/responses/quota.json', await read('responses/quota.json'));
    const json = await vscode.workspace.openTextDocument(files.put('/virtual/kynasmith-429.json', await read('kynasmith-429.json')));
    await vscode.window.showTextDocument(json);
    const hover = await hoverAt(json, positionOf(json, '"rate_limited"', 3));
    assert.match(hover.text, /Kynasmith · rate_limited · 429 Too Many Requests · retryable/);
    await waitFor('diagnostics on the virtual file', async () => ((await ourDiagnostics(json.uri)).length > 0 ? true : undefined));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', json.uri, new vscode.Range(positionOf(json, '"rate_limited"', 3), positionOf(json, '"rate_limited"', 3)));
    assert.ok(actions.some((a) => /Kynasmith handler/.test(a.title)), actions.map((a) => a.title).join('\n'));

    // A saved response next to an .http file is read through the same virtual file system.
    const requests = await vscode.workspace.openTextDocument(files.put('/virtual/requests.http', 'GET https://api.kynasmith.dev/api/usage\n\n<> ./responses/quota.json\n'));
    const reference = await waitFor('the <> response file to be read', async () => (await api.findings(requests)).find((f) => f.code === 'quota_exceeded'));
    assert.equal(reference.provider, 'kynasmith');
    await closeAll();
  });

  test('200 fuzzed files: every feature answers, ranges stay inside the text, nothing is logged as an error', async function () {
    this.timeout(600_000);
    const api = await activate();
    const errorsBefore = api.health().errors;
    const decoder = new TextDecoder();
    const texts = await Promise.all(FIXTURES.map(async (f) => decoder.decode(await vscode.workspace.fs.readFile(workspaceFile(f)))));
    const random = rng(2026);
    let findingsSeen = 0;
    for (let n = 0; n < 200; n++) {
      let text = texts[n % texts.length]!;
      const rounds = 1 + Math.floor(random() * 3);
      for (let r = 0; r < rounds; r++) text = mutate(text, random);
      const uri = files.put(`/fuzz/case-${n}.${EXTENSIONS[n % EXTENSIONS.length]}`, text);
      const document = await vscode.workspace.openTextDocument(uri);
      // An editor for every tenth: rendering is the workbench's cost, and the features run without one.
      const shown = n % 10 === 0;
      if (shown) await vscode.window.showTextDocument(document, { preview: true });
      const findings = await api.findings(document);
      findingsSeen += findings.length;
      assertInside(document, findings);
      const length = document.getText().length;
      const offsets = [...findings.slice(0, 2).map((f) => f.codeRange.start + 1), Math.floor(random() * (length + 1))];
      await exerciseFeatures(document, offsets);
      if (shown) await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      files.remove(uri.path);
    }
    const health = api.health();
    console.log(`reliability: 200 fuzzed files, ${findingsSeen} findings; longest call per feature (ms): ${JSON.stringify(roundAll(health.longestCallMs))}; longest block ${health.longestBlockMs.toFixed(1)} ms`);
    assert.ok(findingsSeen > 0, 'mutations keep enough structure for some findings: the features ran on real findings too');
    assert.equal(health.errors - errorsBefore, 0, 'no feature caught an error (see the "API Error Inspector" output channel)');
  });

  test('odd files: a 5 MB single line, 100 000-deep nesting, binary bytes, invalid UTF-16', async function () {
    this.timeout(300_000);
    const api = await activate();
    const errorsBefore = api.health().errors;
    const line = `${JSON.stringify({ error: { code: 'rate_limited', message: 'x'.repeat(5 * MB), retryable: true } })}`;
    const utf16 = new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x00, 0xd8, 0x22, 0x00, 0x00, 0xdc, 0x7d]); // BOM, lone surrogates, odd length
    const cases: [string, string | Uint8Array][] = [
      ['/odd/single-line.json', line],
      ['/odd/deep.json', `${'['.repeat(100_000)}{"error":{"code":"rate_limited"}}${']'.repeat(100_000)}`],
      ['/odd/deep-objects.log', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`],
      ['/odd/binary.log', Uint8Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919) % 256)],
      ['/odd/utf16.json', utf16],
    ];
    for (const [path, content] of cases) {
      const uri = files.put(path, content);
      let document: vscode.TextDocument;
      try {
        document = await vscode.workspace.openTextDocument(uri);
      } catch (error) {
        // VS Code itself declines some files (binary): then there is nothing for the extension to do.
        console.log(`reliability: VS Code does not open ${path} as text (${(error as Error).message.split('\n')[0]})`);
        continue;
      }
      await vscode.window.showTextDocument(document, { preview: true });
      const { value: findings, stallMs } = await worstStall(() => api.findings(document));
      assertInside(document, findings);
      await exerciseFeatures(document, [0, Math.floor(document.getText().length / 2)]);
      console.log(`reliability: ${path}: ${document.getText().length} characters, ${findings.length} findings, longest extension host stall ${stallMs.toFixed(0)} ms`);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
    // Lone surrogates inside the editor's own text (a file's bytes are decoded before they get here).
    const untitled = await vscode.workspace.openTextDocument({ language: 'json', content: '{"error": {"code": "rate_\ud800limited", "message": "\udc00\ud800"}}\n{"error":"\udfff' });
    assertInside(untitled, await api.findings(untitled));
    await exerciseFeatures(untitled, [5, 20, 40]);
    assert.equal(api.health().errors - errorsBefore, 0, 'no feature caught an error');
  });

  test('a 49 MB log: skipped with a notice at the default limit, scanned in slices at 50 MB, memory returns after closing', async function () {
    this.timeout(600_000);
    const api = await activate();
    // On the server's disk, like a file the user opens (VS Code hands extensions files up to 50 MB).
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const directory = folder.with({ path: `/tmp/api-errors-reliability-${Date.now()}` });
    const uri = vscode.Uri.joinPath(directory, '49mb.log');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(log(49 * MB)));
    try {
      const baseline = heapAfterGc();
      // In a function of its own, so that nothing of the test's holds the document or findings afterwards.
      const withFindings = await (async () => {
        const document = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(document, { preview: true });

        assert.equal((await api.findings(document)).length, 0, 'above the default limit (10 MB): not scanned');
        await waitFor('the size notice', () => api.sizeNotice());
        assert.match(api.sizeNotice()!, /not scanned \(49\.0 MB > 10\.0 MB\)/);

        await setSetting('maxFileSizeMB', 50);
        const started = performance.now();
        const { value: findings, stallMs } = await worstStall(() => api.findings(document));
        const scanMs = performance.now() - started;
        assert.ok(findings.length > 20_000, `${findings.length} findings (1 line in 20 is an error)`);
        assertInside(document, findings);
        assert.equal(api.sizeNotice(), undefined, 'the notice goes once the file is scanned');
        const target = document.positionAt(document.getText().lastIndexOf('"rate_limited"') + 3);
        const hoverStarted = performance.now();
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, target);
        const hoverMs = performance.now() - hoverStarted;
        assert.ok(hovers.length > 0, 'the last record of the file hovers');
        const health = api.health();
        console.log(
          `reliability: 49 MB log: ${findings.length} findings in ${scanMs.toFixed(0)} ms, longest extension host stall meanwhile ${stallMs.toFixed(0)} ms, longest detection block ${health.longestBlockMs.toFixed(1)} ms, hover then ${hoverMs.toFixed(0)} ms (our provider's longest call ${Math.round(health.longestCallMs.hover ?? 0)} ms)`,
        );
        return heapAfterGc();
      })();
      await closeAll();
      const open = () => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
      await waitFor('the document to close', () => (open() ? undefined : true), 240_000);
      const after = heapAfterGc();
      if (baseline !== undefined && after !== undefined && withFindings !== undefined) {
        console.log(`reliability: extension host heap before ${(baseline / MB).toFixed(0)} MB, with the 49 MB log open ${(withFindings / MB).toFixed(0)} MB, after closing it ${(after / MB).toFixed(0)} MB`);
        assert.ok(after - baseline < 16 * MB, `the heap returns to within 16 MB of where it was (before ${(baseline / MB).toFixed(0)} MB, after ${(after / MB).toFixed(0)} MB)`);
      }
    } finally {
      await vscode.workspace.fs.delete(directory, { recursive: true });
    }
  });
});

function roundAll(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, Math.round(v)]));
}
