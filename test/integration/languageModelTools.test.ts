import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
// definitions only: the rest of the core is the extension's, and needs the bundling of scripts/build.mjs.
import { agentToolDefinitions } from '../../src/core/agent/definitions';
import { LanguageModelTools } from '../../src/editor/contributions';
import { activate, closeAll, invokeText, open, waitFor } from './helpers';

suite('language-model tools', () => {
  suiteSetup(async () => {
    await activate();
  });

  teardown(closeAll);

  test('vscode.lm.tools lists the three tools with the core\'s descriptions and schemas', async () => {
    const ours = await waitFor('our tools in vscode.lm.tools', () => {
      const tools = vscode.lm.tools.filter((t) => t.name.startsWith('apiErrors_'));
      return tools.length === 3 ? tools : undefined;
    });
    for (const definition of agentToolDefinitions('uri')) {
      const tool = ours.find((t) => t.name === LanguageModelTools[definition.name].name);
      assert.ok(tool, `${definition.name} is listed`);
      assert.equal(tool.description, definition.description);
      assert.deepEqual(tool.inputSchema, JSON.parse(JSON.stringify(definition.inputSchema)));
    }
  });

  test('lookup returns the entry of a code of each provider', async () => {
    for (const [query, title] of [
      ['rate_limited', /^Kynasmith · rate_limited · 429 Too Many Requests · retryable\nMeaning: .+\nRemedy: .+/],
      ['SESSION_NOT_FOUND', /^Kayle ID · SESSION_NOT_FOUND · 404 Not Found · not retryable/],
      ['rate_limit_exceeded', /^Overten · rate_limit_exceeded · 429 Too Many Requests · retryable/],
      ['grant_exhausted', /^Knouds · grant_exhausted · 402 Payment Required · not retryable/],
      ['Agent not found', /^Kakunin · "Agent not found" · 404 Not Found · not retryable/],
    ] as const) {
      const text = await invokeText('lookup', { query, limit: 1 });
      assert.match(text, title, query);
      assert.match(text, /Docs: https:\/\//, query);
    }
  });

  test('explain reads an open fixture by URI and by workspace-relative path', async () => {
    const document = await open('api.log');
    for (const uri of [document.uri.toString(), 'api.log']) {
      const text = await invokeText('explain', { uri });
      assert.match(text, /^5 findings in api\.log, 5 distinct/, uri);
      assert.match(text, /Kynasmith · session_already_completed · 409 Conflict · not retryable — line 2/);
      assert.match(text, /Overten · rate_limit_exceeded · 429 Too Many Requests · retryable — line 3/);
      assert.match(text, /Kakunin · "Report is still generating" · 425 Too Early · retryable — line 5/);
    }
    const json = await open('kynasmith-429.json');
    assert.match(await invokeText('explain', { uri: json.uri.toString() }), /Line 3 says: .*retry after 42 s/);
  });

  test('explain takes text too, and handler gives the snippet', async () => {
    const text = await invokeText('explain', { text: '{"error":"rate_limit_exceeded","message":"slow down"}', fileName: 'x.json' });
    assert.match(text, /Overten · rate_limit_exceeded/);
    assert.match(await invokeText('handler', { provider: 'kynasmith', code: 'rate_limited', language: 'python' }), /rate_limited/);
  });

  test('bad input and documents that are not open are refused with a message for the model', async () => {
    await assert.rejects(invokeText('explain', { uri: 'file:///etc/passwd' }), /no open document has the URI 'file:\/\/\/etc\/passwd'/);
    await assert.rejects(invokeText('lookup', { query: 'x', provider: 'stripe' }), /unknown provider 'stripe'/);
    await assert.rejects(invokeText('handler', {}), /missing required argument 'provider'/);
  });
});
