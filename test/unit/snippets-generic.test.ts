import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { builtinCatalog } from '../../src/core/catalog';
import type { ProviderCatalog } from '../../src/core/catalog/types';
import { generateGenericHandler } from '../../src/core/snippets/generic';
import { startReplayServer } from '../snippets/server';
import { PYTHON, TSC, ensurePythonHttpx, root, run } from '../snippets/toolchain';

const acme = JSON.parse(
  readFileSync(resolve(root, 'test/fixtures/catalogs/acme.api-errors.json'), 'utf8'),
) as ProviderCatalog;
/** A built-in provider treated as if it came from a custom catalog: the generator must cope with any. */
const kynasmith = {
  provider: builtinCatalog.provider('kynasmith')!,
  entries: builtinCatalog.entriesOf('kynasmith'),
};
const dir = mkdtempSync(join(tmpdir(), 'generic-handler-'));

describe('generic handlers from a custom catalog', () => {
  before(async () => {
    await ensurePythonHttpx();
  });

  it('compile: tsc --strict, node --check and py_compile', async () => {
    const files: string[] = [];
    for (const [name, input] of [
      ['acme', acme],
      ['kynasmith', kynasmith],
    ] as const) {
      const ts = join(dir, `${name}.ts`);
      writeFileSync(ts, generateGenericHandler(input, 'typescript').text);
      files.push(ts);
      const js = join(dir, `${name}.mjs`);
      writeFileSync(js, generateGenericHandler(input, 'javascript').text);
      const check = await run(process.execPath, ['--check', js]);
      assert.equal(check.code, 0, check.stderr);
      const py = join(dir, `${name}.py`);
      writeFileSync(py, generateGenericHandler(input, 'python').text);
      const compiled = await run(PYTHON, ['-m', 'py_compile', py]);
      assert.equal(compiled.code, 0, compiled.stderr);
    }
    const tsc = await run(process.execPath, [
      TSC,
      '--noEmit',
      '--strict',
      '--noUnusedLocals',
      '--target',
      'es2022',
      '--lib',
      'es2022,dom',
      '--module',
      'esnext',
      '--moduleResolution',
      'bundler',
      '--skipLibCheck',
      ...files,
    ]);
    assert.equal(tsc.code, 0, tsc.stdout + tsc.stderr);
  });

  it('snippet bodies keep the code intact and add tab stops', () => {
    const generated = generateGenericHandler(acme, 'typescript');
    assert.match(generated.snippet, /\$\{1:callAcmePay\}/);
    assert.match(generated.snippet, /\$\{3:apiKey\}/);
    assert.ok(!generated.text.includes('⟦'));
  });

  describe('runs against a local server', () => {
    it('TypeScript: a retryable code waits Retry-After, then succeeds; a permanent one raises its remedy', async () => {
      const file = join(dir, 'acme-run.ts');
      writeFileSync(file, generateGenericHandler(acme, 'typescript').text);
      const module = (await import(pathToFileURL(file).href)) as {
        callAcmePay: (path: string, key: string, init?: RequestInit, options?: object) => Promise<Response>;
        AcmePayError: new (...args: never[]) => Error & { code: string; status: number; remedy: string };
      };
      const retryable = acme.entries.find((e) => e.retryable === 'yes')!;
      const permanent = acme.entries.find((e) => e.retryable === 'no')!;
      const server = await startReplayServer([
        {
          status: retryable.status,
          headers: { 'Retry-After': '2' },
          body: { fault: { id: retryable.code, detail: 'slow down', request_id: 'r1' } },
        },
        { status: 200, body: { ok: true } },
        {
          status: permanent.status,
          headers: { 'X-Request-ID': 'req_9' },
          body: { fault: { id: permanent.code, detail: 'no', request_id: 'r2' } },
        },
      ]);
      const sleeps: number[] = [];
      const options = { sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5 };
      const call = (path: string) => module.callAcmePay(path, 'acme_sk_test_1', {}, options);
      try {
        // The generated code's base URL is a tab stop default: point it at the local server.
        const original = globalThis.fetch;
        globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) =>
          original(String(input).replace(/^https:\/\/[^/]+/, server.url), init)) as typeof fetch;
        try {
          const ok = await call('/v1/charges');
          assert.equal(ok.status, 200);
          assert.deepEqual(sleeps, [2000]);
          assert.equal(server.requests[0]?.headers['x-acme-key'], 'acme_sk_test_1');
          await assert.rejects(
            call('/v1/charges'),
            (error: Error & { code?: string; status?: number; remedy?: string }) => {
              assert.equal(error.name, 'AcmePayError');
              assert.equal(error.code, permanent.code);
              assert.equal(error.status, permanent.status);
              assert.equal(error.remedy, permanent.action);
              return true;
            },
          );
          assert.equal(server.requests.length, 3, 'the permanent error is not retried');
        } finally {
          globalThis.fetch = original;
        }
      } finally {
        await server.close();
      }
    });

    it('Python (httpx): the same behaviour', async () => {
      const retryable = acme.entries.find((e) => e.retryable === 'yes')!;
      const permanent = acme.entries.find((e) => e.retryable === 'no')!;
      const server = await startReplayServer([
        {
          status: retryable.status,
          headers: { 'Retry-After': '2' },
          body: { fault: { id: retryable.code, detail: 'slow down', request_id: 'r1' } },
        },
        { status: 200, body: { ok: true } },
        { status: permanent.status, body: { fault: { id: permanent.code, detail: 'no', request_id: 'r2' } } },
      ]);
      try {
        const module = join(dir, 'acme_handler.py');
        writeFileSync(
          module,
          generateGenericHandler(acme, 'python').text.replace('https://api.acmepay.example', server.url),
        );
        const driver = `
import json, sys
sys.path.insert(0, ${JSON.stringify(dir)})
import httpx
from acme_handler import call_acme_pay, AcmePayError
sleeps = []
with httpx.Client() as client:
    ok = call_acme_pay(client, "POST", "/v1/charges", "acme_sk_test_1", sleep=sleeps.append, rand=lambda: 0.5)
    try:
        call_acme_pay(client, "POST", "/v1/charges", "acme_sk_test_1", sleep=sleeps.append, rand=lambda: 0.5)
        err = None
    except AcmePayError as e:
        err = {"code": e.code, "status": e.status, "remedy": e.remedy}
print(json.dumps({"ok": ok.status_code, "sleeps": sleeps, "error": err}))
`;
        const result = await run(PYTHON, ['-c', driver]);
        assert.equal(result.code, 0, result.stderr);
        const out = JSON.parse(result.stdout) as {
          ok: number;
          sleeps: number[];
          error: { code: string; status: number; remedy: string };
        };
        assert.equal(out.ok, 200);
        assert.deepEqual(out.sleeps, [2]);
        assert.deepEqual(out.error, {
          code: permanent.code,
          status: permanent.status,
          remedy: permanent.action,
        });
        assert.equal(server.requests.length, 3);
      } finally {
        await server.close();
      }
    });
  });
});
