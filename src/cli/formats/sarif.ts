import { isAbsolute, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleIdOf } from './contract';
import type { FormatFactory, Result } from './types';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/api-error-inspector/api-error-inspector';

/**
 * `--format sarif`: SARIF 2.1.0 for code scanning. One rule per provider code (`kynasmith/rate_limited`:
 * the same id in every run and version), with its meaning, what to do and its docs page; one result
 * per finding with its region. Results are written as they come; the rules, which only grow with the
 * codes seen, follow them in the same run object.
 */
export const sarif: FormatFactory = ({ version }) => {
  const rules = new Map<string, object>();
  let count = 0;
  return {
    begin: () => `{"$schema":${JSON.stringify(SCHEMA)},"version":"2.1.0","runs":[{"columnKind":"utf16CodeUnits","results":[`,
    results(results) {
      let out = '';
      for (const r of results) {
        const ruleId = ruleIdOf(r);
        if (!rules.has(ruleId)) rules.set(ruleId, ruleOf(ruleId, r));
        out += `${count++ === 0 ? '' : ','}\n${JSON.stringify(resultOf(ruleId, r))}`;
      }
      return out;
    },
    end: () => {
      const driver = { name: 'api-errors', version, semanticVersion: version, informationUri: INFORMATION_URI, rules: [...rules.values()] };
      return `\n],"tool":${JSON.stringify({ driver })}}]}\n`;
    },
  };
};

function ruleOf(id: string, r: Result): object {
  const s = r.summary;
  return {
    id,
    shortDescription: { text: `${s.providerName}: ${r.finding.code}${s.status !== undefined ? ` (${s.status})` : ''}` },
    fullDescription: { text: s.title },
    help: { text: s.remedy },
    ...(s.docs ? { helpUri: s.docs } : {}),
    defaultConfiguration: { level: 'warning' },
    properties: { provider: r.finding.provider ?? r.finding.generic ?? 'ambiguous', ...(s.status !== undefined ? { status: s.status } : {}) },
  };
}

function resultOf(ruleId: string, r: Result): object {
  const s = r.summary;
  const retry = s.retryable === true ? 'retryable' : s.retryable === false ? 'not retryable' : 'retry with care';
  const text = [`${s.providerName} ${r.finding.code} ${r.finding.status ?? '-'}, ${retry}: ${r.finding.generic ? s.title : s.remedy}`, ...r.says].join('\n');
  return {
    ruleId,
    level: 'warning',
    message: { text },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uriOf(r.file) },
          region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
        },
      },
    ],
  };
}

/** A relative path stays relative (code scanning resolves it from the checkout); an absolute one becomes a file URL. */
function uriOf(file: string): string {
  if (file === '-') return 'stdin';
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(sep).map(encodeURIComponent).join('/');
}
