import type { Catalog } from '../catalog';
import { isSpace } from './context';
import { ANCHOR } from './jsonScan';

/**
 * The anchor matcher of one detection run (lastIndex is state: never shared between runs), with the
 * last look-ahead remembered: a search from a segment's start runs on past its end to the next
 * match, and the next segment starts from that match instead of scanning the same text again.
 * Matches are offsets (their ends in `end`), not match objects: a big file has tens of thousands.
 */
export class Anchors {
  readonly re: RegExp;
  /** The end of the match first() or next() returned last. */
  end = -1;
  /** No key holds a quote: a match's start can be found back from its end (see search). */
  private readonly plainKeys: boolean;
  private text: string | undefined;
  private from = 0;
  private found = -1;
  private foundEnd = -1;
  /**
   * With `remember`: the matches (starts and ends) of one scan from the text's start (each search
   * resuming where the last match ended), found so far, up to `scannedTo` (Infinity once the scan
   * reached the end).
   */
  private readonly starts: number[] | undefined;
  private readonly ends: number[] = [];
  private scannedTo = 0;

  constructor(catalog: Catalog, remember = false) {
    this.re = new RegExp(anchorSource(catalog), 'g');
    this.plainKeys = catalog.extraAnchorKeys.every((key) => !key.includes('"'));
    if (remember) this.starts = [];
  }

  /** The first match at or after `at` (as a search from `at` finds it), leaving lastIndex after it; -1 for none. */
  first(text: string, at: number): number {
    if (this.starts) return this.recall(text, at);
    // Nothing matches in [from, found): the first match at or after `at` is the same one.
    if (this.text === text && this.from <= at && (this.found < 0 || this.found >= at)) {
      if (this.found >= 0) this.re.lastIndex = this.end = this.foundEnd;
      return this.found;
    }
    this.re.lastIndex = at;
    return this.next(text);
  }

  /** The next match from the current lastIndex; -1 for none. */
  next(text: string): number {
    if (this.starts) return this.recall(text, this.re.lastIndex);
    this.text = text;
    this.from = this.re.lastIndex;
    this.found = this.search(text);
    this.foundEnd = this.end;
    return this.found;
  }

  /**
   * The regex's next match from lastIndex: its start, with its end in `end` (and lastIndex); -1 for
   * none. A match is `"<key>"\s*:`, so with plain keys its start is the quote before the one that
   * precedes the spaces before its colon: test() finds it without making a match object.
   */
  private search(text: string): number {
    if (this.plainKeys) {
      if (!this.re.test(text)) return -1;
      this.end = this.re.lastIndex;
      let q = this.end - 2;
      while (isSpace(text.charCodeAt(q))) q--;
      return text.lastIndexOf('"', q - 1);
    }
    const m = this.re.exec(text);
    if (!m) return -1;
    this.end = m.index + m[0].length;
    return m.index;
  }

  /**
   * first() from the remembered scan. Between two consecutive matches of a scan nothing matches, and
   * whether a match starts at an offset does not depend on where the search began: so a search from
   * `at` finds the first remembered match at or after `at`, unless `at` falls inside a match.
   */
  private recall(text: string, at: number): number {
    const starts = this.starts as number[];
    const ends = this.ends;
    if (this.text !== text) {
      this.text = text;
      starts.length = 0;
      ends.length = 0;
      this.scannedTo = 0;
    }
    while (this.scannedTo !== Infinity && (starts.length === 0 || (starts[starts.length - 1] as number) < at)) {
      this.re.lastIndex = this.scannedTo;
      const start = this.search(text);
      if (start >= 0) {
        starts.push(start);
        ends.push(this.end);
      }
      this.scannedTo = start >= 0 ? this.end : Infinity;
    }
    // The first remembered match at or after `at`.
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((starts[mid] as number) < at) low = mid + 1;
      else high = mid;
    }
    let found: number;
    let foundEnd = -1;
    if (low > 0 && (ends[low - 1] as number) > at) {
      this.re.lastIndex = at;
      found = this.search(text);
      foundEnd = this.end;
    } else {
      found = low < starts.length ? (starts[low] as number) : -1;
      if (found >= 0) foundEnd = ends[low] as number;
    }
    if (found >= 0) this.re.lastIndex = this.end = foundEnd;
    return found;
  }
}


const anchorSources = new WeakMap<Catalog, string>();

/** ANCHOR, plus the top-level keys of custom catalogs' envelopes that have none of its keys. */
function anchorSource(catalog: Catalog): string {
  if (catalog.extraAnchorKeys.length === 0) return ANCHOR.source;
  let source = anchorSources.get(catalog);
  if (!source) {
    const extra = catalog.extraAnchorKeys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    source = ANCHOR.source.replace('(?:errors?|title)', `(?:errors?|title|${extra.join('|')})`);
    anchorSources.set(catalog, source);
  }
  return source;
}
