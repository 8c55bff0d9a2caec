import type { Catalog } from '../catalog';
import { contextEvidence } from './context';
import { codeEvidenceOf } from './findings';
import type { CodeComparison } from './source';
import type { Candidate, DetectOptions, Evidence, Finding } from './types';

/**
 * `err.code === 'grant_exhausted'`, `case "SCOPE_DENIED":` — references to known codes in source,
 * from the comparisons the reader found (through the syntax tree, or the lexer without one).
 */
export function codeReferences(text: string, comparisons: readonly CodeComparison[], catalog: Catalog, options: DetectOptions, responses: readonly Finding[]): Finding[] {
  if (comparisons.length === 0) return [];
  const inResponse = (at: number) => responses.some((f) => at >= f.bodyRange.start && at < f.bodyRange.end);
  const fileEvidence = [...contextEvidence(catalog, undefined, text), ...importEvidence(text, catalog)];
  const out: Finding[] = [];
  for (const comparison of comparisons) {
    if (inResponse(comparison.start)) continue;
    // Source compares case-sensitively: 'conflict' is never Kayle's CONFLICT.
    const entries = catalog
      .byCode(comparison.code)
      .filter((e) => e.kind === 'code' && e.code === comparison.code && (!options.providers || options.providers.includes(e.provider)));
    if (entries.length === 0) continue;
    const candidates: Candidate[] = [];
    for (const entry of entries) {
      if (candidates.some((c) => c.provider === entry.provider)) continue;
      const evidence: Evidence[] = [
        codeEvidenceOf(catalog, entry, entry.code),
        ...fileEvidence.filter((e) => e.provider === entry.provider),
      ];
      candidates.push({ provider: entry.provider, score: evidence.reduce((s, e) => s + e.weight, 0), entry, evidence });
    }
    candidates.sort((a, b) => b.score - a.score);
    const best = candidates[0] as Candidate;
    const decided = candidates.length === 1 || best.score > (candidates[1]?.score ?? 0);
    const range = { start: comparison.start, end: comparison.end };
    out.push({
      kind: 'reference',
      provider: decided ? best.provider : null,
      candidates,
      code: comparison.code,
      known: decided,
      entry: decided ? best.entry : undefined,
      status: decided ? best.entry?.status : undefined,
      statusSource: decided ? 'catalog' : undefined,
      codeRange: range,
      bodyRange: range,
      headers: {},
      fields: [],
      evidence: decided ? best.evidence : [],
    });
  }
  return out;
}

/** SDK packages and provider names in imports or identifiers (`@kakunin/sdk`, `KnoudsClient`). */
function importEvidence(text: string, catalog: Catalog): Evidence[] {
  const evidence: Evidence[] = [];
  const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
  for (const provider of catalog.providers) {
    const names = [provider.id, provider.displayName.split(' ')[0] as string];
    const re = new RegExp(`(?:${names.map((n) => n.replace(/[^A-Za-z0-9]/g, '')).join('|')})`, 'i');
    if (re.test(sample)) evidence.push({ kind: 'import', provider: provider.id, detail: `the file mentions ${provider.displayName}`, weight: 25 });
  }
  return evidence;
}
