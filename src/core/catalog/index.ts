import type { CatalogEntry, ProviderCatalog, ProviderId, ProviderInfo } from './types';
import kynasmith from './kynasmith.json';
import kayle from './kayle.json';
import overten from './overten.json';
import knouds from './knouds.json';
import kakunin from './kakunin.json';

export type * from './types';

/** A catalog entry together with the provider it belongs to. */
export interface ResolvedEntry extends CatalogEntry {
  provider: ProviderId;
  /** The user's catalog file the entry comes from (absent for the built-in catalogs). */
  origin?: string;
}

const lower = (s: string): string => s.toLowerCase();

/** Top-level keys detection anchors on for every catalog: see ANCHOR in detect/jsonScan.ts. */
export const BASE_ANCHOR_KEYS: readonly string[] = ['error', 'errors', 'title'];

/** The merged, indexed knowledge base: built-in providers (and, later, users' own). */
export class Catalog {
  readonly providers: readonly ProviderInfo[];
  readonly entries: readonly ResolvedEntry[];
  /**
   * Top-level keys of envelopes that have none of BASE_ANCHOR_KEYS (a custom `{"fault": {…}}`):
   * detection anchors on these too. Empty for the built-in providers.
   */
  readonly extraAnchorKeys: readonly string[];
  private readonly providerById = new Map<string, ProviderInfo>();
  private readonly entriesByCode = new Map<string, ResolvedEntry[]>();
  /** The same lists under each code as the catalog writes it: most lookups need no lower-cased copy. */
  private readonly entriesByExactCode = new Map<string, ResolvedEntry[]>();

  constructor(catalogs: readonly ProviderCatalog[]) {
    this.providers = catalogs.map((c) => c.provider);
    this.entries = catalogs.flatMap((c) => c.entries.map((e) => ({ ...e, provider: c.provider.id })));
    for (const p of this.providers) this.providerById.set(p.id, p);
    this.extraAnchorKeys = anchorKeysOf(this.providers);
    for (const e of this.entries) {
      const key = lower(e.code);
      const list = this.entriesByCode.get(key);
      if (list) list.push(e);
      else this.entriesByCode.set(key, [e]);
    }
    for (const e of this.entries) this.entriesByExactCode.set(e.code, this.entriesByCode.get(lower(e.code)) as ResolvedEntry[]);
  }

  provider(id: string): ProviderInfo | undefined {
    return this.providerById.get(id) ?? this.providers.find((p) => lower(p.displayName) === lower(id));
  }

  displayName(id: string | null | undefined): string {
    return (id && this.providerById.get(id)?.displayName) ?? 'Unknown provider';
  }

  /** Every entry whose code equals `code`, case-insensitively, across providers. */
  byCode(code: string): readonly ResolvedEntry[] {
    return this.entriesByExactCode.get(code) ?? this.entriesByCode.get(lower(code)) ?? [];
  }

  /** One provider's entry for a code; an exact-case match wins over a case-insensitive one. */
  find(provider: string, code: string, endpoint?: string): ResolvedEntry | undefined {
    const candidates = this.byCode(code).filter((e) => e.provider === provider);
    return (
      candidates.find((e) => e.code === code && (!endpoint || e.endpoint === endpoint)) ??
      candidates.find((e) => e.code === code) ??
      candidates[0]
    );
  }

  /** The provider's status-table entry for an HTTP status, if it has one. */
  statusEntry(provider: string, status: number): ResolvedEntry | undefined {
    return this.find(provider, String(status));
  }

  entriesOf(provider: string): readonly ResolvedEntry[] {
    return this.entries.filter((e) => e.provider === provider);
  }
}

/**
 * The top-level key of each envelope that has none detection already anchors on: its code's key
 * (or its message's, for providers without codes), which every matching body has.
 */
function anchorKeysOf(providers: readonly ProviderInfo[]): string[] {
  const known = new Set(BASE_ANCHOR_KEYS);
  const extra: string[] = [];
  for (const provider of providers) {
    for (const envelope of provider.envelopes) {
      const sure = envelope.codePath ?? envelope.messagePath;
      if (!sure) continue;
      // The message's key counts too: Knouds' `{"error": "<message>", "code": "…"}` is found by "error".
      const tops = [sure, ...(envelope.messagePath ? [envelope.messagePath] : []), ...(envelope.requiredPaths ?? [])].map((p) => p.split('.')[0] as string);
      if (tops.some((t) => known.has(t))) continue;
      const key = tops[0] as string;
      known.add(key);
      extra.push(key);
    }
  }
  return extra;
}

export const builtinCatalogs: readonly ProviderCatalog[] = [kynasmith, kayle, overten, knouds, kakunin].map(
  (c) => c as unknown as ProviderCatalog,
);

export const builtinCatalog = new Catalog(builtinCatalogs);
