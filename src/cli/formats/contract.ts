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

/**
 * `JSON.stringify(contractOf(r))`, the same characters, written field by field: the catalog's long
 * texts (title, remedy, retry condition, docs) and evidence sentences are quoted once per catalog
 * entry and evidence object and reused, as a streamed log repeats the same few codes thousands of
 * times. Values from the document (code, message, headers, fields, request) are quoted each time.
 */
export function contractLine(r: Result): string {
  const f = r.finding;
  const summary = r.summary;
  const hasFields = f.fields.length > 0;
  const hasHeaders = Object.keys(f.headers).length > 0;
  if (r.file !== lastFile) {
    lastFile = r.file;
    lastFileQuoted = JSON.stringify(r.file);
  }
  let s = `{"file":${lastFileQuoted},"line":${num(r.line)},"column":${num(r.column)},"endLine":${num(r.endLine)},"endColumn":${num(r.endColumn)},"kind":${JSON.stringify(f.kind)},"provider":${f.provider === null ? 'null' : JSON.stringify(f.provider)},"candidates":[`;
  for (let i = 0; i < f.candidates.length; i++) {
    const c = f.candidates[i] as Result['finding']['candidates'][number];
    s += `${i > 0 ? ',' : ''}{"provider":${JSON.stringify(c.provider)},"score":${num(c.score)},"code":${c.entry?.code === undefined || c.entry.code === null ? 'null' : JSON.stringify(c.entry.code)},"evidence":${evidenceList(c.evidence)}}`;
  }
  s += `],"code":${JSON.stringify(f.code)},"status":${f.status === undefined || f.status === null ? 'null' : num(f.status)}`;
  if (summary.retryable !== undefined) s += `,"retryable":${JSON.stringify(summary.retryable)}`;
  if (summary.retryUnknown) s += ',"retryUnknown":true';
  const entry = f.entry;
  s += `,"title":${quoted(summary.title, entry?.meaning, entry, 'title')},"remedy":${quoted(summary.remedy, entry?.action, entry, 'remedy')},"known":${f.known}`;
  if (f.generic) s += `,"generic":${JSON.stringify(f.generic)}`;
  if (summary.retryCondition) s += `,"retryCondition":${quoted(summary.retryCondition, entry?.retryCondition, entry, 'retryCondition')}`;
  if (summary.docs) s += `,"docs":${quoted(summary.docs, entry?.docs, entry, 'docs')}`;
  if (f.statusSource) s += `,"statusSource":${JSON.stringify(f.statusSource)}`;
  if (hasHeaders) s += `,"headers":${JSON.stringify(f.headers)}`;
  if (hasFields) s += `,"fields":${JSON.stringify(Object.fromEntries(f.fields.map((x) => [x.path, x.value])))}`;
  if (hasFields || hasHeaders) s += `,"says":${JSON.stringify(r.says)}`;
  if (f.referencedFile) s += `,"referencedFile":${JSON.stringify(f.referencedFile)}`;
  if (f.request) s += `,"request":${JSON.stringify(f.request)}`;
  return `${s},"evidence":${evidenceList(f.evidence)}}`;
}

/** The last file's name, quoted: a file's results come together. */
let lastFile: string | undefined;
let lastFileQuoted = '';

/** A number as JSON.stringify writes it. */
function num(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

type Quotable = 'title' | 'remedy' | 'retryCondition' | 'docs';

/** Each catalog entry's texts, quoted once (an entry belongs to one catalog and never changes). */
const entryTexts = new WeakMap<object, Partial<Record<Quotable, string>>>();

/** `text` quoted: from the cache when it is the entry's own string (`entryText`), else afresh. */
function quoted(text: string, entryText: string | undefined, entry: object | undefined, field: Quotable): string {
  if (!entry || text !== entryText) return JSON.stringify(text);
  let texts = entryTexts.get(entry);
  if (!texts) entryTexts.set(entry, (texts = {}));
  return (texts[field] ??= JSON.stringify(text));
}

/** An evidence list's details as a JSON array; each evidence object's detail quoted once. */
function evidenceList(evidence: readonly { detail: string }[]): string {
  let s = '[';
  for (let i = 0; i < evidence.length; i++) {
    const e = evidence[i] as { detail: string };
    let q = quotedDetails.get(e);
    if (q === undefined) quotedDetails.set(e, (q = JSON.stringify(e.detail)));
    s += i > 0 ? `,${q}` : q;
  }
  return `${s}]`;
}

/** Evidence objects are mostly made once per catalog and shared by findings: their details quoted once. */
const quotedDetails = new WeakMap<object, string>();
