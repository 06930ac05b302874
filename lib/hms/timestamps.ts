/**
 * 100ms sends RFC 3339 UTC times with up to 9 fractional digits, and
 * `0001-01-01T00:00:00Z` for "no time". JavaScript's Date keeps milliseconds,
 * so extra digits are truncated rather than rounded.
 */

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

/** Earliest and latest instants accepted; anything outside is a malformed payload, not a session. */
export const EARLIEST_ACCEPTED_MS = Date.UTC(2000, 0, 1);
export const LATEST_ACCEPTED_MS = Date.UTC(2100, 0, 1);

/**
 * Parses a 100ms timestamp. Returns the instant in UTC milliseconds, null for
 * the zero time, and undefined when the text is not a valid timestamp in the
 * accepted range.
 */
export function parseHmsTimestamp(text: string): number | null | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;

  const [, year, month, day, hour, minute, second, fraction = "", offset] = match;
  if (Number(year) <= 1) return null;

  const millis = fraction.padEnd(3, "0").slice(0, 3);
  const iso = `${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}${offset.toUpperCase()}`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;

  // Date.parse rolls 2026-02-30 over to March; reject such dates instead.
  const utc = new Date(ms + offsetMinutes(offset) * 60_000);
  if (utc.getUTCDate() !== Number(day) || utc.getUTCMonth() + 1 !== Number(month)) return undefined;

  if (ms < EARLIEST_ACCEPTED_MS || ms >= LATEST_ACCEPTED_MS) return undefined;
  return ms;
}

function offsetMinutes(offset: string): number {
  if (offset.toUpperCase() === "Z") return 0;
  const sign = offset.startsWith("-") ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}
