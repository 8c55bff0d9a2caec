import type { Catalog, EnvelopeShape } from '../catalog';
import type { Evidence, GenericFormat } from './types';
import { type JsonNode, childOf, keysOfPath, nodeAtKeys, numberAt } from './jsonScan';

export interface ShapeMatch {
  provider: string;
  envelope: EnvelopeShape;
  /** Every `requiredPaths` of the envelope is present: the shape alone names the provider. */
  distinctive: boolean;
  /** "Kynasmith error envelope" as evidence, weighed by `distinctive`. */
  evidence: Evidence;
  /** The string node holding the code (or, for providers without codes, the message). */
  codeNode: JsonNode;
  messageNode?: JsonNode;
}

export interface Classification {
  /** Set for other APIs' formats: never attributed to a catalog provider. */
  generic?: GenericFormat;
  codeNode: JsonNode;
  code: string;
  messageNode?: JsonNode;
  statusInBody?: number;
  matches: ShapeMatch[];
}

function stringNode(node: JsonNode | undefined): JsonNode | undefined {
  return node?.type === 'string' ? node : undefined;
}

/** RFC 9457, AIP-193, JSON:API and Stripe-style bodies: recognised so that a coinciding string is not misread. */
function classifyGeneric(body: JsonNode): Classification | undefined {
  const errors = childOf(body, 'errors');
  if (errors?.type === 'array') {
    const first = errors.children?.[0];
    if (first?.type === 'object') {
      const codeNode = stringNode(childOf(first, 'code')) ?? stringNode(childOf(first, 'title')) ?? stringNode(childOf(first, 'detail'));
      const statusNode = childOf(first, 'status');
      const anchor = codeNode ?? (statusNode?.type === 'string' ? statusNode : undefined);
      if (anchor) {
        return {
          generic: 'json-api',
          codeNode: anchor,
          code: String(anchor.value),
          messageNode: stringNode(childOf(first, 'detail')) ?? stringNode(childOf(first, 'title')),
          statusInBody: numberAt(first, 'status'),
          matches: [],
        };
      }
    }
  }
  const error = childOf(body, 'error');
  if (error?.type === 'object') {
    const status = stringNode(childOf(error, 'status'));
    const numericCode = childOf(error, 'code');
    if (numericCode?.type === 'number' && status) {
      return {
        generic: 'aip-193',
        codeNode: status,
        code: status.value as string,
        messageNode: stringNode(childOf(error, 'message')),
        statusInBody: numericCode.value as number,
        matches: [],
      };
    }
    const type = stringNode(childOf(error, 'type'));
    if (type) {
      const code = stringNode(childOf(error, 'code')) ?? type;
      return { generic: 'stripe', codeNode: code, code: code.value as string, messageNode: stringNode(childOf(error, 'message')), matches: [] };
    }
  }
  if (!error) {
    const title = stringNode(childOf(body, 'title'));
    const type = stringNode(childOf(body, 'type'));
    const status = numberAt(body, 'status');
    if (title && (type || status !== undefined)) {
      const code = type && type.value !== 'about:blank' ? type : title;
      return {
        generic: 'problem+json',
        codeNode: code,
        code: code.value as string,
        messageNode: stringNode(childOf(body, 'detail')) ?? title,
        statusInBody: status,
        matches: [],
      };
    }
  }
  return undefined;
}

/**
 * What the body is: another API's format, or an envelope of one or more catalog providers (as
 * declared by their catalog's `envelopes`).
 */
export function classify(body: JsonNode, catalog: Catalog, providers?: readonly string[]): Classification | undefined {
  if (body.type !== 'object') return undefined;
  // Every known shape has one of these keys (or a custom catalog's own) at its top: reject the rest
  // before any path lookup.
  if (!hasAnchorKey(body, catalog.extraAnchorKeys)) return undefined;
  const generic = classifyGeneric(body);
  if (generic) return generic;

  // Each provider's best envelope, gathered in a reused array and copied out at its final size:
  // findings keep it.
  let found = 0;
  for (const provider of envelopesOf(catalog)) {
    if (providers && !providers.includes(provider.id)) continue;
    let best: CompiledEnvelope | undefined;
    let bestCode: JsonNode | undefined;
    let bestDistinctive = false;
    for (const compiled of provider.envelopes) {
      const { envelope, facts } = compiled;
      const codeNode = stringNode(nodeAtKeys(body, facts.codeKeys));
      if (!codeNode) continue;
      // A provider without codes is matched by its message field; one with codes needs the code.
      if (!envelope.codePath && !envelopeAllowsCodeless(body, facts.allowed)) continue;
      const required = facts.requiredKeys;
      let distinctive = required.length > 0;
      for (let i = 0; i < required.length && distinctive; i++) distinctive = nodeAtKeys(body, required[i] as readonly string[]) !== undefined;
      if (!best || (distinctive && !bestDistinctive)) {
        best = compiled;
        bestCode = codeNode;
        bestDistinctive = distinctive;
      }
    }
    if (best) {
      const messageKeys = best.facts.messageKeys;
      const messageNode = messageKeys ? stringNode(nodeAtKeys(body, messageKeys)) : undefined;
      const evidence = bestDistinctive ? best.distinctive : best.shared;
      scratch[found++] = { provider: provider.id, envelope: best.envelope, distinctive: bestDistinctive, evidence, codeNode: bestCode as JsonNode, messageNode };
    }
  }
  const matches = scratch.slice(0, found);
  scratch.fill(undefined as unknown as ShapeMatch, 0, found);
  if (matches.length === 0) return undefined;
  const first = matches.find((m) => m.distinctive) ?? (matches[0] as ShapeMatch);
  return {
    codeNode: first.codeNode,
    code: first.codeNode.value as string,
    messageNode: first.messageNode,
    statusInBody: numberAt(body, 'status') ?? numberAt(body, 'statusCode'),
    matches,
  };
}

/** classify's working list of matches (one per provider at most). */
const scratch: ShapeMatch[] = [];

/** Whether the object has a top-level `error`, `errors` or `title` key, or one of `extra`. */
function hasAnchorKey(body: JsonNode, extra: readonly string[]): boolean {
  for (const key of body.keys ?? []) {
    if (key === 'error' || key === 'errors' || key === 'title' || (extra.length > 0 && extra.includes(key))) return true;
  }
  return false;
}

/** What classify reads of an envelope on every body, worked out once per envelope. */
interface EnvelopeFacts {
  /** Paths beyond the code and message: what sets a shape apart (`success`, `error.retryable`). */
  required: string[];
  /** Top-level keys a code-less body may have: its example's and its required paths'. */
  allowed: Set<string>;
  /** The paths classify looks up, split into keys once. */
  codeKeys: readonly string[];
  messageKeys?: readonly string[];
  requiredKeys: (readonly string[])[];
}

const envelopeFacts = new WeakMap<EnvelopeShape, EnvelopeFacts>();

/**
 * An envelope with its facts and its shape evidence, made once: findings keep their evidence and only
 * read it, so one object serves them all.
 */
interface CompiledEnvelope {
  envelope: EnvelopeShape;
  facts: EnvelopeFacts;
  distinctive: Evidence;
  shared: Evidence;
}

/** Each provider's envelopes, compiled, in catalog order: one lookup per body, not one per envelope. */
const catalogEnvelopes = new WeakMap<Catalog, { id: string; envelopes: CompiledEnvelope[] }[]>();

function envelopesOf(catalog: Catalog): { id: string; envelopes: CompiledEnvelope[] }[] {
  let compiled = catalogEnvelopes.get(catalog);
  if (!compiled) {
    compiled = catalog.providers.map((p) => ({
      id: p.id,
      envelopes: p.envelopes.map((envelope) => ({
        envelope,
        facts: factsOf(envelope),
        distinctive: { kind: 'shape', provider: p.id, detail: envelope.name, weight: 100 },
        shared: { kind: 'shape', provider: p.id, detail: `${envelope.name} (a shape other APIs share)`, weight: 40 },
      })),
    }));
    catalogEnvelopes.set(catalog, compiled);
  }
  return compiled;
}

function factsOf(envelope: EnvelopeShape): EnvelopeFacts {
  let facts = envelopeFacts.get(envelope);
  if (!facts) {
    const allowed = new Set(Object.keys((envelope.example ?? {}) as Record<string, unknown>));
    for (const p of envelope.requiredPaths ?? []) allowed.add(p.split('.')[0] as string);
    const required = (envelope.requiredPaths ?? []).filter((p) => p !== envelope.codePath && p !== envelope.messagePath);
    facts = {
      required,
      allowed,
      codeKeys: keysOfPath(envelope.codePath ?? envelope.messagePath ?? ''),
      messageKeys: envelope.messagePath ? keysOfPath(envelope.messagePath) : undefined,
      requiredKeys: required.map((p) => keysOfPath(p)),
    };
    envelopeFacts.set(envelope, facts);
  }
  return facts;
}

/**
 * A code-less envelope (`{"error": "<message>"}`) matches only bodies whose other top-level keys the
 * envelope's example also has, so `{"error": "x", "code": "Y"}` is not read as code-less.
 */
function envelopeAllowsCodeless(body: JsonNode, allowed: Set<string>): boolean {
  // The top-level keys, read in place: no list of them per envelope tried.
  for (const k of body.keys ?? []) if (!allowed.has(k) && k !== 'status' && k !== 'statusCode') return false;
  return true;
}

