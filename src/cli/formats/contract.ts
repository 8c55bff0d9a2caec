import type { Result } from './types';

/** The `--format json` / `jsonl` object of one finding (the JSON contract in the README). */
export function contractOf(r: Result): Record<string, unknown> {
  const f = r.finding;
  const summary = r.summary;
  const hasFields = f.fields.length > 0;
  const hasHeaders = Object.keys(f.headers).length > 0;
  return {
    file: r.file,
    line: r.line,
    column: r.column,
    endLine: r.endLine,
    endColumn: r.endColumn,
    kind: f.kind,
    provider: f.provider,
    candidates: f.candidates.map((c) => ({ provider: c.provider, score: c.score, code: c.entry?.code ?? null, evidence: c.evidence.map((e) => e.detail) })),
    code: f.code,
    status: f.status ?? null,
    retryable: summary.retryable,
    ...(summary.retryUnknown ? { retryUnknown: true } : {}),
    title: summary.title,
    remedy: summary.remedy,
    known: f.known,
    ...(f.generic ? { generic: f.generic } : {}),
    ...(summary.retryCondition ? { retryCondition: summary.retryCondition } : {}),
    ...(summary.docs ? { docs: summary.docs } : {}),
    ...(f.statusSource ? { statusSource: f.statusSource } : {}),
    ...(hasHeaders ? { headers: f.headers } : {}),
    ...(hasFields ? { fields: Object.fromEntries(f.fields.map((x) => [x.path, x.value])) } : {}),
    ...(hasFields || hasHeaders ? { says: r.says } : {}),
    ...(f.referencedFile ? { referencedFile: f.referencedFile } : {}),
    ...(f.request ? { request: f.request } : {}),
    evidence: f.evidence.map((e) => e.detail),
  };
}

/** A stable id per provider code (code scanning matches results across runs by it). */
export function ruleIdOf(r: Result): string {
  const f = r.finding;
  const owner = f.provider ?? (f.generic ? f.generic : 'ambiguous');
  return `${owner}/${f.code}`;
}
