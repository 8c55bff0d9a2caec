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
}

const lower = (s: string): string => s.toLowerCase();

/** The merged, indexed knowledge base: built-in providers (and, later, users' own). */
export class Catalog {
  readonly providers: readonly ProviderInfo[];
  readonly entries: readonly ResolvedEntry[];
  private readonly providerById = new Map<string, ProviderInfo>();
  private readonly entriesByCode = new Map<string, ResolvedEntry[]>();

  constructor(catalogs: readonly ProviderCatalog[]) {
    this.providers = catalogs.map((c) => c.provider);
    this.entries = catalogs.flatMap((c) => c.entries.map((e) => ({ ...e, provider: c.provider.id })));
    for (const p of this.providers) this.providerById.set(p.id, p);
    for (const e of this.entries) {
      const key = lower(e.code);
      const list = this.entriesByCode.get(key);
      if (list) list.push(e);
      else this.entriesByCode.set(key, [e]);
    }
  }

  provider(id: string): ProviderInfo | undefined {
    return this.providerById.get(id) ?? this.providers.find((p) => lower(p.displayName) === lower(id));
  }

  displayName(id: string | null | undefined): string {
    return (id && this.providerById.get(id)?.displayName) ?? 'Unknown provider';
  }

  /** Every entry whose code equals `code`, case-insensitively, across providers. */
  byCode(code: string): readonly ResolvedEntry[] {
    return this.entriesByCode.get(lower(code)) ?? [];
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

export const builtinCatalogs: readonly ProviderCatalog[] = [kynasmith, kayle, overten, knouds, kakunin].map(
  (c) => c as unknown as ProviderCatalog,
);

export const builtinCatalog = new Catalog(builtinCatalogs);
