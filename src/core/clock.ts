/**
 * The moment a card is written for, and how its dates are written. The core never reads a clock, a
 * time zone or a locale of its own: the editor and the CLI pass the real ones, tests a fixed one, so
 * what a card says about `resets_at` or `Retry-After` does not depend on the day the tests run.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now: number;
  /** IANA time zone for local times (`Europe/Berlin`); absent: the runtime's own. */
  timeZone?: string;
  /** BCP 47 locale for dates (`de`, `en-US`); absent: the runtime's own. */
  locale?: string;
}

const UNITS: readonly [number, string][] = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
];

/** A length of time in its largest whole unit: "9 days", "1 hour", "a moment". */
export function humanDuration(ms: number): string {
  const abs = Math.abs(ms);
  for (const [size, name] of UNITS) {
    if (abs >= size) {
      const n = Math.round(abs / size);
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return 'a moment';
}

/** "in 9 days" or "2 days ago", seen from the clock's now. */
export function relativeTo(ms: number, clock: Clock): string {
  const delta = ms - clock.now;
  return delta >= 0 ? `in ${humanDuration(delta)}` : `${humanDuration(delta)} ago`;
}

/** The instant as the reader's local date and time; ISO 8601 (UTC) if the locale or zone is unusable. */
export function localTime(ms: number, clock: Clock): string {
  const date = new Date(ms);
  try {
    return date.toLocaleString(clock.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: clock.timeZone });
  } catch {
    // An unknown locale or time zone (a pseudo-locale, a typo in TZ) is a RangeError: the date still shows.
    return date.toISOString().replace(/\.000Z$/, 'Z');
  }
}

/** A timestamp as the reader's local time plus its distance from now: "Dec 1, 2026, 12:00 AM (in 9 days)". */
export function describeInstant(ms: number, clock: Clock): string {
  if (!Number.isFinite(ms) || Number.isNaN(new Date(ms).getTime())) return 'an invalid time';
  return `${localTime(ms, clock)} (${relativeTo(ms, clock)})`;
}

/** ISO 8601 date-times without an offset, which Date.parse would read in the runtime's own zone. */
const ZONELESS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

/**
 * A timestamp as written in a body or header (ISO 8601, HTTP date) in epoch milliseconds, or NaN.
 * A date-time without an offset is read as UTC, as servers write them, so the result does not depend
 * on the time zone of the machine reading it.
 */
export function parseTimestamp(text: string): number {
  const trimmed = text.trim();
  return Date.parse(ZONELESS.test(trimmed) ? `${trimmed}Z` : trimmed);
}
