import type { Catalog, ResolvedEntry } from '../catalog';
import type { Classification, ShapeMatch } from './classify';
import { NO_EVIDENCE, relevantHeaders } from './context';
import { type JsonNode, nodeAt, plainValue } from './jsonScan';
import type { BodyFieldValue, Candidate, Evidence, Finding, OffsetRange, RequestContext } from './types';

/**
 * The finding for a classified body (`bodyStart`, `bodyEnd` in the segment's text; `offsets` maps an
 * escape-resolved literal back to the document), or undefined when the evidence is too weak.
 * `evidence` comes from the body's surroundings (log line, request).
 */
export function toFinding(
  catalog: Catalog,
  classification: Classification,
  body: JsonNode,
  bodyStart: number,
  bodyEnd: number,
  context: RequestContext | undefined,
  siblingStatus: number | undefined,
  wrapperHeaders: Record<string, string> | undefined,
  offsets: Int32Array | undefined,
  evidence: readonly Evidence[],
): Finding | undefined {
  const headers = relevantHeaders(wrapperHeaders, context?.responseHeaders);
  const status = context?.status ?? siblingStatus ?? classification.statusInBody;
  const statusSource = context?.status !== undefined ? context.statusSource : siblingStatus !== undefined ? 'sibling' : classification.statusInBody !== undefined ? 'body' : undefined;

  if (classification.generic) {
    const node = classification.codeNode;
    return withRequest(context, {
      kind: 'response',
      provider: null,
      candidates: NO_CANDIDATES,
      code: classification.code,
      known: false,
      generic: classification.generic,
      status,
      statusSource,
      codeRange: documentRange(offsets, node.offset, node.offset + node.length),
      bodyRange: documentRange(offsets, bodyStart, bodyEnd),
      statusRange: context?.statusLine,
      headers,
      message: classification.messageNode?.value as string | undefined,
      fields: NO_FIELDS,
      evidence: NO_EVIDENCE,
    });
  }

  const candidates = rankCandidates(classification.matches, context, evidence, catalog, status);
  const best = candidates[0];
  // A shape shared by many APIs (`{"error": "…"}`) needs a known code or other evidence to count.
  if (!best || best.score < 80) return undefined;
  const decided = candidates.length === 1 || best.score > (candidates[1]?.score ?? 0);
  let match = classification.matches[0] as ShapeMatch;
  for (const m of classification.matches) {
    if (m.provider === best.provider) {
      match = m;
      break;
    }
  }
  const node = match.codeNode;
  const code = node.value as string;
  const entry = decided ? best.entry : undefined;
  return withRequest(context, {
    kind: 'response',
    provider: decided ? best.provider : null,
    candidates,
    code,
    known: decided ? Boolean(entry) && entry?.kind !== 'status' : false,
    entry,
    status: status ?? entry?.status,
    statusSource: status !== undefined ? statusSource : entry ? 'catalog' : undefined,
    codeRange: documentRange(offsets, node.offset, node.offset + node.length),
    bodyRange: documentRange(offsets, bodyStart, bodyEnd),
    statusRange: context?.statusLine,
    headers,
    message: match.messageNode?.value as string | undefined,
    fields: fieldValues(body, entry),
    // An undecided finding has no single provider's evidence to show: its candidates carry theirs.
    evidence: decided ? best.evidence : NO_EVIDENCE,
  });
}

/** The finding, with the request it answers when the context names one (set after: most have none). */
function withRequest(context: RequestContext | undefined, finding: Finding): Finding {
  if (context?.url) finding.request = context.method ? { method: context.method, url: context.url } : { url: context.url };
  return finding;
}

/** [start, end) in the document: through an escape-resolved literal's offset map when there is one. */
function documentRange(offsets: Int32Array | undefined, start: number, end: number): OffsetRange {
  return offsets ? { start: offsets[start] ?? start, end: offsets[end] ?? end } : { start, end };
}

/** "an Overten", "a Kynasmith": evidence reads as a sentence. */
function withArticle(name: string): string {
  return `${STARTS_WITH_VOWEL.test(name) ? 'an' : 'a'} ${name}`;
}

const STARTS_WITH_VOWEL = /^[aeiou]/i;

/**
 * "rate_limited is a Kynasmith code", made once per catalog entry (and shared like the shape's). An
 * entry belongs to one catalog (the catalog copies its entries), so its provider's name is fixed.
 */
const codeEvidence = new WeakMap<ResolvedEntry, Evidence>();

export function codeEvidenceOf(catalog: Catalog, entry: ResolvedEntry, code: string): Evidence {
  // A case-insensitive match names the code as the body wrote it, and weighs less.
  if (code !== entry.code) return newCodeEvidence(catalog, entry, code, 30);
  let evidence = codeEvidence.get(entry);
  if (!evidence) {
    // The catalog's own string, not the body's equal one: a string cut from a document keeps the
    // whole document alive, and this cache lives as long as the catalog.
    evidence = newCodeEvidence(catalog, entry, entry.code, 50);
    codeEvidence.set(entry, evidence);
  }
  return evidence;
}

function newCodeEvidence(catalog: Catalog, entry: ResolvedEntry, code: string, weight: number): Evidence {
  const detail = `${code} is ${withArticle(catalog.displayName(entry.provider))} ${entry.kind === 'message' ? 'message' : 'code'}`;
  return { kind: 'code', provider: entry.provider, detail, weight };
}

/** Scores every provider whose envelope the body matches, by shape, code, request and key evidence. */
function rankCandidates(matches: ShapeMatch[], context: RequestContext | undefined, around: readonly Evidence[], catalog: Catalog, status: number | undefined): Candidate[] {
  // Envelopes that share a code path (`error.code`) share the code node: look its entries up once.
  let lastCode: string | undefined;
  let entries: readonly ResolvedEntry[] = [];
  const candidates = matches.map((match): Candidate => {
    const shape = match.evidence;
    const code = match.codeNode.value as string;
    if (code !== lastCode) {
      lastCode = code;
      entries = catalog.byCode(code);
    }
    let entry = findEntry(entries, match.provider, code, context);
    const codeEvidence = entry ? codeEvidenceOf(catalog, entry, code) : undefined;
    // Kakunin-style bodies carry only a message: the status entry explains them.
    if (!entry && status !== undefined) entry = statusEntry(catalog, match.provider, status);
    // Findings are kept until the document changes: their arrays are made at their final size
    // (an array grown by push keeps room for 16 more).
    let size = codeEvidence ? 2 : 1;
    for (const e of around) if (e.provider === match.provider) size++;
    const evidence = new Array<Evidence>(size);
    evidence[0] = shape;
    let score = shape.weight;
    let n = 1;
    if (codeEvidence) {
      evidence[n++] = codeEvidence;
      score += codeEvidence.weight;
    }
    for (const e of around) {
      if (e.provider !== match.provider) continue;
      evidence[n++] = e;
      score += e.weight;
    }
    return { provider: match.provider, score, entry, evidence };
  });
  return byScore(candidates);
}

/**
 * catalog.statusEntry, remembered per catalog, provider and status (a catalog never changes once
 * built): the lookup filters the provider's entries for the status on every call.
 */
const statusEntries = new WeakMap<Catalog, Map<string, Map<number, ResolvedEntry | undefined>>>();

function statusEntry(catalog: Catalog, provider: string, status: number): ResolvedEntry | undefined {
  let byProvider = statusEntries.get(catalog);
  if (!byProvider) statusEntries.set(catalog, (byProvider = new Map()));
  let byStatus = byProvider.get(provider);
  if (!byStatus) byProvider.set(provider, (byStatus = new Map()));
  if (byStatus.has(status)) return byStatus.get(status);
  const entry = catalog.statusEntry(provider, status);
  // Statuses are three-digit numbers, but the bound keeps odd input from growing the map.
  if (byStatus.size < 1024) byStatus.set(status, entry);
  return entry;
}

/** Best first, ties in their order: Array.prototype.sort's result, without its cost on 1–5 items. */
function byScore(candidates: Candidate[]): Candidate[] {
  for (let i = 1; i < candidates.length; i++) {
    const c = candidates[i] as Candidate;
    let j = i - 1;
    for (; j >= 0 && (candidates[j] as Candidate).score < c.score; j--) candidates[j + 1] = candidates[j] as Candidate;
    candidates[j + 1] = c;
  }
  return candidates;
}

/** The provider's entry for `code` among `byCode` (the catalog's entries for that code, in any case). */
function findEntry(byCode: readonly ResolvedEntry[], provider: string, code: string, context?: RequestContext): ResolvedEntry | undefined {
  // Most codes have one entry per provider: pick it without building the filtered list.
  let count = 0;
  let first: ResolvedEntry | undefined;
  let exact: ResolvedEntry | undefined;
  for (const e of byCode) {
    if (e.provider !== provider || e.kind === 'status') continue;
    count++;
    first ??= e;
    if (!exact && e.code === code) exact = e;
  }
  if (count <= 1 || !context?.url) return exact ?? first;
  const all = byCode.filter((e) => e.provider === provider && e.kind !== 'status');
  // Kakunin documents the same message on several endpoints: the request's path tells which.
  const path = context.url.replace(/^[a-z]+:\/\/[^/]+/i, '').split('?')[0] ?? '';
  return (
    all.find((e) => e.endpoint && endpointMatches(e.endpoint, context.method, path)) ?? all.find((e) => e.code === code) ?? all[0]
  );
}

const endpointPatterns = new Map<string, { method?: string; path: RegExp }>();

/** `POST /v1/agents/{id}/certify` as a method and a path pattern, compiled once per endpoint. */
function endpointPattern(endpoint: string): { method?: string; path: RegExp } {
  let compiled = endpointPatterns.get(endpoint);
  if (!compiled) {
    const [method, pattern] = endpoint.includes(' ') ? endpoint.split(' ', 2) : [undefined, endpoint];
    const source = (pattern ?? '')
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'))
      .join('[^/]+');
    compiled = { method: method?.toUpperCase(), path: new RegExp(`${source}$`) };
    if (endpointPatterns.size < 1024) endpointPatterns.set(endpoint, compiled);
  }
  return compiled;
}

function endpointMatches(endpoint: string, method: string | undefined, path: string): boolean {
  const pattern = endpointPattern(endpoint);
  if (pattern.method && method && pattern.method !== method.toUpperCase()) return false;
  return pattern.path.test(path);
}

function fieldValues(body: JsonNode, entry: ResolvedEntry | undefined): BodyFieldValue[] {
  const fields = entry?.fields;
  if (!fields || fields.length === 0) return NO_FIELDS;
  let found: BodyFieldValue[] | undefined;
  for (const field of fields) {
    const node = nodeAt(body, field.path);
    if (node) (found ??= []).push({ path: field.path, value: plainValue(node), meaning: field.meaning, format: field.format });
  }
  // Kept with the finding: copied at its final size (an array grown by push keeps room for 16 more).
  return found ? found.slice() : NO_FIELDS;
}

/** Empty lists findings share (read-only: frozen) rather than each keeping its own. */
const NO_FIELDS = Object.freeze([]) as unknown as BodyFieldValue[];
const NO_CANDIDATES = Object.freeze([]) as unknown as Candidate[];

/**
 * "The other codes nearby": an ambiguous finding leans towards providers that other findings of the
 * same document were attributed to with confidence.
 */
export function rerankByNeighbours(findings: Finding[], catalog: Catalog): Finding[] {
  const confident = new Map<string, number>();
  for (const f of findings) if (f.provider) confident.set(f.provider, (confident.get(f.provider) ?? 0) + 1);
  if (confident.size === 0) return findings;
  return findings.map((f) => {
    if (f.provider || f.generic || f.candidates.length < 2) return f;
    const candidates = f.candidates
      .map((c) =>
        confident.has(c.provider)
          ? { ...c, score: c.score + 20, evidence: [...c.evidence, { kind: 'nearby' as const, provider: c.provider, detail: `other ${catalog.displayName(c.provider)} errors in this file`, weight: 20 }] }
          : c,
      )
      .sort((a, b) => b.score - a.score);
    const best = candidates[0] as Candidate;
    if (best.score <= (candidates[1]?.score ?? 0)) return { ...f, candidates };
    return {
      ...f,
      candidates,
      provider: best.provider,
      entry: best.entry,
      known: Boolean(best.entry) && best.entry?.kind !== 'status',
      status: f.status ?? best.entry?.status,
      statusSource: f.statusSource ?? (best.entry ? 'catalog' : undefined),
      evidence: best.evidence,
    };
  });
}

/** A finding moved `by` characters with its text (a record or literal an edit left alone). */
export function movedFinding(finding: Finding, by: number): Finding {
  if (by === 0) return finding;
  const move = (range: OffsetRange): OffsetRange => ({ start: range.start + by, end: range.end + by });
  return { ...finding, codeRange: move(finding.codeRange), bodyRange: move(finding.bodyRange), ...(finding.statusRange ? { statusRange: move(finding.statusRange) } : {}) };
}
