/** The snippet generator's API: names, errors, tab stops, and what each provider's code must say. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CatalogEntry } from '../../src/core/catalog';
import {
  SNIPPET_PROVIDERS,
  SnippetError,
  generateCodeBranch,
  generateHandler,
  type CodeFacts,
  type GeneratedSnippet,
} from '../../src/core/snippets';
import { TAB_STOPS } from '../../src/core/snippets/text';
import { branchTargets, catalogEntries, LANGUAGES } from '../snippets/inventory';

/** Reads a SnippetString body back: placeholders become their defaults, escapes their characters. */
function expand(snippet: string): { text: string; stops: Map<number, string[]> } {
  const stops = new Map<number, string[]>();
  let text = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\') {
      text += snippet[++i] ?? '';
    } else if (c === '$') {
      const tabStop = /^\$(\d+)/.exec(snippet.slice(i));
      const placeholder = /^\$\{(\d+):((?:\\.|[^\\}])*)\}/.exec(snippet.slice(i));
      if (placeholder) {
        const value = (placeholder[2] ?? '').replace(/\\(.)/g, '$1');
        stops.set(Number(placeholder[1]), [...(stops.get(Number(placeholder[1])) ?? []), value]);
        text += value;
        i += placeholder[0].length - 1;
      } else if (tabStop) {
        stops.set(Number(tabStop[1]), [...(stops.get(Number(tabStop[1])) ?? []), '']);
        i += tabStop[0].length - 1;
      } else {
        assert.fail(`an unescaped $ at ${i}: ${snippet.slice(i, i + 30)}`);
      }
    } else {
      assert.notEqual(c, '}', `an unescaped } at ${i}: ${snippet.slice(Math.max(0, i - 30), i + 1)}`);
      text += c;
    }
  }
  return { text, stops };
}

function everySnippet(): GeneratedSnippet[] {
  return SNIPPET_PROVIDERS.flatMap((provider) =>
    LANGUAGES.flatMap((language) => [
      generateHandler(provider, language),
      ...branchTargets(provider).map(({ code, facts }) =>
        generateCodeBranch(provider, code, language, facts),
      ),
    ]),
  );
}

describe('snippets API', () => {
  it('offers the five providers in the catalog order', () => {
    assert.deepEqual(SNIPPET_PROVIDERS, ['kynasmith', 'kayle', 'overten', 'knouds', 'kakunin']);
  });

  it('says what is wrong, in one line, with a SnippetError', () => {
    assert.throws(
      () => generateHandler('acme', 'typescript'),
      (e: unknown) => e instanceof SnippetError && /unknown provider 'acme'.*kynasmith/.test(e.message),
    );
    assert.throws(
      () => generateCodeBranch('kynasmith', 'nope', 'python'),
      (e: unknown) => e instanceof SnippetError && /unknown code 'nope' for Kynasmith/.test(e.message),
    );
    assert.throws(
      () => generateHandler('knouds', 'ruby' as 'python'),
      (e: unknown) => e instanceof SnippetError && /unknown language 'ruby'/.test(e.message),
    );
    assert.throws(() => generateCodeBranch('kakunin', '418', 'typescript'), SnippetError);
  });

  it('accepts every catalog code of every provider, with or without the entry', () => {
    for (const provider of SNIPPET_PROVIDERS) {
      for (const entry of catalogEntries(provider)) {
        for (const language of LANGUAGES) {
          assert.equal(generateCodeBranch(provider, entry.code, language, entry).code, entry.code);
          assert.equal(generateCodeBranch(provider, entry.code, language).provider, provider);
        }
      }
    }
  });

  it('takes a catalog entry as it is for the facts', () => {
    const entry: CatalogEntry | undefined = catalogEntries('kynasmith').find(
      (e) => e.code === 'quota_exceeded',
    );
    assert.ok(entry);
    const facts: CodeFacts = entry;
    const branch = generateCodeBranch('kynasmith', 'QUOTA_EXCEEDED', 'typescript', facts);
    assert.equal(branch.code, 'quota_exceeded');
    const comments = branch.text.replace(/\n\/\/ /g, ' ');
    assert.match(comments, /403 Forbidden, not retryable/);
    assert.match(comments, /Upgrade your plan or wait for the quota reset/);
  });

  it('matches codes case-insensitively to their documented spelling', () => {
    assert.equal(generateCodeBranch('knouds', 'insufficient_credits', 'python').code, 'INSUFFICIENT_CREDITS');
    assert.equal(
      generateCodeBranch('Kayle ID', 'organization_frozen', 'javascript').code,
      'ORGANIZATION_FROZEN',
    );
  });
});

describe('tab stops', () => {
  it('every snippet reads back as its text, with `$`, `}` and `\\` escaped outside the tab stops', () => {
    for (const snippet of everySnippet()) {
      const { text, stops } = expand(snippet.snippet);
      assert.equal(
        text,
        snippet.text,
        `${snippet.provider} ${snippet.language} ${snippet.code ?? 'handler'}`,
      );
      assert.ok(stops.has(0), 'a final $0');
    }
  });

  it('handlers offer the function name, the base URL and the key variable', () => {
    for (const provider of SNIPPET_PROVIDERS) {
      for (const language of LANGUAGES) {
        const { stops } = expand(generateHandler(provider, language).snippet);
        for (const index of Object.values(TAB_STOPS))
          assert.ok(stops.get(index)?.[0], `${provider} ${language}: no \${${index}}`);
        assert.match(stops.get(TAB_STOPS.baseUrl)?.[0] ?? '', /^https:\/\//);
        assert.match(stops.get(TAB_STOPS.apiKeyVariable)?.[0] ?? '', /^[A-Z_]+$/);
        assert.equal(new Set(stops.get(TAB_STOPS.functionName)).size, 1, 'a mirrored function name');
      }
    }
  });
});

describe('generated code', () => {
  const ts = (provider: string) => generateHandler(provider, 'typescript').text;
  const js = (provider: string) => generateHandler(provider, 'javascript').text;
  const py = (provider: string) => generateHandler(provider, 'python').text;

  it('has no `any`, and JavaScript has no TypeScript left in it', () => {
    for (const provider of SNIPPET_PROVIDERS) {
      assert.doesNotMatch(ts(provider), /:\s*any\b|<any>|as any\b/);
      assert.doesNotMatch(
        js(provider),
        /\binterface\b|\breadonly\b| as [A-Z]\w*|\): (Promise|string|number|boolean|void)|⟦|⟧/,
      );
      assert.doesNotMatch(py(provider), /\bAny\b/);
    }
  });

  it('names the error classes as the SDKs do', () => {
    for (const name of ['RateLimitError', 'AuthorizationError', 'AuthError']) {
      assert.match(ts('kynasmith'), new RegExp(`export class ${name} extends KynasmithError`));
      assert.match(py('kynasmith'), new RegExp(`class ${name}\\(KynasmithError\\)`));
    }
    for (const name of ['KakuninAuthError', 'KakuninRateLimitError'])
      assert.match(ts('kakunin'), new RegExp(`export class ${name} extends KakuninError`));
    for (const name of [
      'AuthenticationError',
      'ValidationError',
      'NotFoundError',
      'ConflictError',
      'UnprocessableError',
      'RateLimitError',
      'ServerError',
    ]) {
      assert.match(py('kakunin'), new RegExp(`class ${name}\\(KakuninError\\)`));
    }
    assert.match(
      ts('knouds'),
      /class KnoudsInsufficientCreditsError[\s\S]*class KnoudsPlanUpgradeRequiredError/,
    );
    assert.match(ts('overten'), /export class OvertenError extends Error/);
  });

  it('Kakunin branches test the status, and read the message only to match "KMS not configured" exactly', () => {
    // The page lists that one 503 as "AWS credentials missing — contact support": no retry fixes it.
    const documented = /failure\.[mM]essage (===|==) ['"]KMS not configured['"]/;
    for (const entry of catalogEntries('kakunin')) {
      for (const language of LANGUAGES) {
        const branch = generateCodeBranch('kakunin', entry.code, language, entry).text;
        const code = branch
          .split('\n')
          .filter((l) => !/^\s*(\/\/|#)/.test(l))
          .map((l) => l.replace(documented, ''));
        assert.ok(
          code.some((l) => /failure\.[sS]tatus(_code)? (===|==) \d{3}|response\.[sS]tatus/.test(l)),
          branch,
        );
        assert.ok(!code.some((l) => /\.[mM]essage\b|\["error"\]|body\.error/.test(l)), branch);
        assert.equal(documented.test(branch), entry.code === 'KMS not configured', branch);
      }
    }
  });

  it('the Kakunin "KMS not configured" branch raises at once, as its header says', () => {
    for (const language of LANGUAGES) {
      const entry = catalogEntries('kakunin').find((e) => e.code === 'KMS not configured');
      const branch = generateCodeBranch('kakunin', 'KMS not configured', language, entry).text;
      assert.match(branch, /not retryable/);
      assert.doesNotMatch(branch, /sleep|continue/, branch);
    }
  });

  it('a branch lists every name of the handler it reads (Kakunin 425, 429 and 503 read polls)', () => {
    for (const provider of SNIPPET_PROVIDERS) {
      for (const language of LANGUAGES) {
        const text = generateHandler(provider, language).text;
        // The handler function's own locals: what a branch may read from the loop around it.
        const start = text.search(/^(export async function call|def call_|func Call)/m);
        const handler = text.slice(start, text.indexOf(language === 'python' ? '\n\n\n' : '\n}\n', start));
        const locals = new Set(
          [...handler.matchAll(/^\s+(?:(?:const|let) )?(\w+) (?:=|\+=|:=)|^\s+(\w+)(?: = \w+)?,$/gm)]
            .map((m) => m[1] ?? m[2] ?? '')
            .filter((name) => name !== ''),
        );
        for (const { code, facts } of branchTargets(provider)) {
          const branch = generateCodeBranch(provider, code, language, facts).text;
          const uses = /uses ([\w, \n/#]*)\./.exec(branch)?.[1]?.replace(/\s*(\/\/|#)\s*/g, ' ') ?? '';
          const listed = new Set(uses.split(/[,\s]+/).filter((n) => n !== ''));
          const body = branch
            .split('\n')
            .filter((l) => !/^\s*(\/\/|#)/.test(l))
            .join('\n');
          const declared = (name: string) =>
            new RegExp(`^\\s*(?:(?:const|let) )?${name} :?=[^=]`, 'm').test(body);
          for (const name of locals) {
            if (declared(name)) continue;
            if (new RegExp(`(?<![.\\w"'])${name}\\b(?!["':])`).test(body)) {
              assert.ok(listed.has(name), `${provider} ${language} ${code}: reads ${name}, lists ${uses}`);
            }
          }
        }
      }
    }
  });

  it('each language names its own file in the header, and the Kakunin example certifies with POST', () => {
    assert.match(generateHandler('kayle', 'javascript').text, /say kayle-client\.js\)/);
    assert.match(generateHandler('kayle', 'typescript').text, /say kayle-client\.ts\)/);
    for (const language of LANGUAGES) {
      const text = generateHandler('kakunin', language).text;
      assert.match(
        text,
        /(method: 'POST', path: |call_kakunin\("POST", |Method: "POST", Path: )['"]\/agents\/agt_123\/certify/,
      );
      assert.doesNotMatch(text, /GET['"],? (path: )?['"]\/agents\/agt_123\/certify/);
    }
  });

  it("Overten's request timeout is above its 300 s sync ceiling in every language, so the 408 arrives", () => {
    for (const language of LANGUAGES) {
      const text = generateHandler('overten', language).text;
      const ms = /REQUEST_TIMEOUT_MS = ([\d_]+);/.exec(text)?.[1];
      const seconds = /REQUEST_TIMEOUT = ([\d.]+)|requestTimeout = (\d+) \* time\.Second/.exec(text);
      const timeout = ms ? Number(ms.replace(/_/g, '')) / 1000 : Number(seconds?.[1] ?? seconds?.[2]);
      assert.ok(timeout > 300, `${language}: ${timeout} s`);
    }
  });

  it('Kayle branches test error.code, never message or hint', () => {
    const branch = generateCodeBranch('kayle', 'SESSION_EXPIRED', 'typescript').text;
    assert.match(branch, /if \(failure\.code === 'SESSION_EXPIRED'\)/);
    assert.doesNotMatch(branch.replace(/^\/\/.*$/gm, ''), /hint|message/);
  });

  it('JavaScript is the TypeScript with the types left out', () => {
    const strip = (code: string) => code.replace(/\s+/g, ' ');
    const branchTs = generateCodeBranch('kynasmith', 'rate_limited', 'typescript').text;
    const branchJs = generateCodeBranch('kynasmith', 'rate_limited', 'javascript').text;
    assert.equal(strip(branchJs), strip(branchTs));
    assert.ok(js('overten').length < ts('overten').length);
  });

  it('is deterministic', () => {
    assert.equal(generateHandler('overten', 'python').snippet, generateHandler('overten', 'python').snippet);
  });
});
