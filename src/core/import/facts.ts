import type { ProviderInfo, RateLimitHeader } from '../catalog/types';
import { SAFE_URL } from '../custom/validate';
import type { Block } from './blocks';

/** Words that precede "API" without naming anyone: "the REST API", "All … API errors". */
const NOT_NAMES = new Set([
  'Common',
  'General',
  'HTTP',
  'API',
  'Other',
  'Known',
  'Standard',
  'All',
  'The',
  'This',
  'Our',
  'Your',
  'Public',
  'REST',
  'HTTP',
  'JSON',
  'Error',
  'Errors',
  'Web',
  'An',
  'A',
  'Any',
  'Every',
  'Each',
  'Fetch',
  'Use',
  'Open',
  'Platform',
  'Management',
  'Admin',
  'Core',
  'Main',
  'V1',
  'V2',
]);

function titleCase(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

const urlsIn = (text: string): string[] =>
  [...text.matchAll(/https:\/\/[^\s"'<>()`]+/g)].map((m) => m[0].replace(/[.,;:]+$/, ''));

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** The provider's name: the HTML title, "<Name> API" in the text, a brand line in capitals, or the docs host. */
export function providerNameOf(
  allText: string,
  blocks: readonly Block[],
  title?: string,
): string | undefined {
  if (title) {
    const parts = title
      .split(/\s[|\u2013\u2014·:-]\s/)
      .map((p) =>
        p
          .replace(
            /\b(?:API|Docs|Documentation|Reference|Developer(?:s)?|Errors?|Error codes|Guide|Help Center)\b/gi,
            '',
          )
          .trim(),
      )
      .filter((p) => /^[A-Z]/.test(p) && p.split(/\s+/).length <= 3);
    if (parts.length > 0) return parts[parts.length - 1];
  }
  const counts = new Map<string, number>();
  for (const m of allText.matchAll(/\b([A-Z][A-Za-z0-9]+(?:[ -][A-Z][A-Za-z0-9]+)?)\s+API\b/g)) {
    const words = (m[1] as string).split(/[ -]/).filter((w) => !NOT_NAMES.has(w));
    if (words.length === 0) continue;
    const name = words.join(' ');
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const phrase = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (phrase) return phrase;
  // "Tessera errors", "Acme Pay API error codes" as one of the page's first lines.
  for (const b of blocks.slice(0, 4)) {
    if (b.kind !== 'heading') continue;
    const m = /^([A-Z][\w.-]*(?: [A-Z][\w.-]*)?)(?: API)? (?:errors|error codes|error reference)$/i.exec(
      b.text,
    );
    if (m && /^[A-Z]/.test(m[1] as string) && !NOT_NAMES.has((m[1] as string).split(' ')[0] as string))
      return m[1];
  }
  const first = blocks.find((b) => b.kind === 'text' || b.kind === 'heading');
  if (
    first &&
    (first.kind === 'text' || first.kind === 'heading') &&
    /^[A-Z][A-Z0-9]{2,}(?: [A-Z][A-Z0-9]+)?$/.test(first.text)
  ) {
    return first.text.split(' ').map(titleCase).join(' ');
  }
  for (const url of urlsIn(allText)) {
    const labels = (parseUrl(url)?.hostname.split('.') ?? []).filter(
      (l) => !/^(?:www|docs|doc|api|apidocs|developer|developers|app|dashboard|help|support)$/.test(l),
    );
    const name = labels.length >= 2 ? labels[labels.length - 2] : undefined;
    if (name && /^[a-z][a-z0-9-]+$/.test(name) && !/^example$/.test(name)) return titleCase(name);
  }
  return undefined;
}

/** A catalog id from a name: `Acme Pay` → `acme-pay`. */
export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(s) ? s : `api-${s || 'imported'}`;
}

/** The docs page: the page's own URL, else the docs site it links to. */
export function docsOf(allText: string, pageUrl?: string): string | undefined {
  if (pageUrl && SAFE_URL.test(pageUrl)) return pageUrl;
  const urls = urlsIn(allText).filter((u) => SAFE_URL.test(u));
  const docs =
    urls.find((u) => /^https:\/\/(?:docs|doc|apidocs|developers?)\./.test(u)) ??
    urls.find((u) => /\/docs?\b/.test(u));
  const url = docs ? parseUrl(docs) : undefined;
  if (!url) return undefined;
  // `…/llms.txt`, `…/sessions#create`: the site, not that page.
  return /error/i.test(url.pathname) ? `${url.origin}${url.pathname}` : url.origin;
}

export function hostsOf(allText: string): string[] {
  const hosts = new Set<string>();
  for (const url of urlsIn(allText)) {
    const u = parseUrl(url);
    if (!u) continue;
    if (/^api[.-]|\.api\./.test(u.hostname) || /^\/v\d+\//.test(u.pathname)) hosts.add(u.hostname);
  }
  return [...hosts].filter((h) => !/(?:^|\.)example\.(?:com|org|net)$/.test(h));
}

export function keyPrefixesOf(allText: string): string[] {
  const prefixes = new Set<string>();
  for (const m of allText.matchAll(/\b([a-z]{2,6}_(?:live|test|prod|sandbox)_)(?:\*|\w)/g))
    prefixes.add(m[1] as string);
  return [...prefixes];
}

export function authOf(allText: string): ProviderInfo['auth'] {
  const custom = /\b(x-[a-z0-9-]*(?:key|token|auth|secret)[a-z0-9-]*)\b/i.exec(allText)?.[1];
  if (custom) return { header: custom, description: `The page names the ${custom} header.` };
  if (/\bBearer\b/.test(allText))
    return {
      header: 'Authorization',
      scheme: 'Bearer',
      description: 'A bearer token in the Authorization header, as the page shows.',
    };
  return { header: 'Authorization', description: 'Not stated on the imported page: check it.' };
}

export function rateLimitHeadersOf(allText: string): RateLimitHeader[] {
  const names = new Set<string>();
  for (const m of allText.matchAll(
    /\b(Retry-After|X-RateLimit-[A-Za-z-]*[A-Za-z]|RateLimit-[A-Za-z-]*[A-Za-z])\b/g,
  ))
    names.add(m[1] as string);
  const seconds = /Retry-After[^.\n]{0,40}\bin seconds\b|Retry-After[^.\n]{0,20}\bseconds\b/i.test(allText);
  return [...names].map((name) =>
    /^retry-after$/i.test(name)
      ? {
          name,
          meaning: 'How long to wait before retrying.',
          unit: seconds ? ('seconds' as const) : ('http-date-or-seconds' as const),
        }
      : { name, meaning: 'A rate-limit header the page names.' },
  );
}

/** The page's own words on retrying: the section under a heading about retries, else sentences that say "retry". */
export function retryGuidanceOf(blocks: readonly Block[]): string {
  const about = (t: string): boolean =>
    /\bretr(?:y|ies|ying)\b(?!-)/i.test(t) && !/[:=]/.test(t) && t.length < 40;
  const at = blocks.findIndex((b) => b.kind === 'heading' && about(b.text));
  const words: string[] = [];
  if (at >= 0) {
    for (const b of blocks.slice(at + 1, at + 4)) {
      if (b.kind !== 'text' || /[{};=]|\/\//.test(b.text)) break;
      words.push(b.text);
    }
  }
  const text = words.join(' ').trim();
  return text.length > 600 ? `${text.slice(0, 597)}\u2026` : text;
}
