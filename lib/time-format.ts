/** Formatting of instants and durations for display, in one time zone. */
import { TZDate } from "@date-fns/tz";

const instantFormats = new Map<string, Intl.DateTimeFormat>();

/** Returns a cached formatter for one time zone, because constructing one costs far more than formatting. */
function instantFormat(timeZone: string): Intl.DateTimeFormat {
  let formatter = instantFormats.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    instantFormats.set(timeZone, formatter);
  }
  return formatter;
}

const offsetCaches = new Map<string, Map<number, number>>();

/** Largest number of minutes whose offset is kept per time zone; a long export touches a few hundred. */
const MAX_CACHED_MINUTES = 100_000;

/**
 * Returns the zone's offset from UTC at `ms`, in minutes. The IANA time zone database
 * changes offsets only on whole minutes in the years 2000 to 2100 that Rollcall accepts,
 * so the offset is looked up with Intl once per minute of the timeline and cached.
 */
export function utcOffsetMinutes(ms: number, timeZone: string): number {
  let cache = offsetCaches.get(timeZone);
  if (!cache) {
    cache = new Map();
    offsetCaches.set(timeZone, cache);
  }
  const minute = Math.floor(ms / 60_000);
  let offset = cache.get(minute);
  if (offset === undefined) {
    const parts: Record<string, string> = {};
    for (const part of instantFormat(timeZone).formatToParts(minute * 60_000)) parts[part.type] = part.value;
    const wallClockMs = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
    offset = Math.round((wallClockMs - minute * 60_000) / 60_000);
    if (cache.size >= MAX_CACHED_MINUTES) cache.clear();
    cache.set(minute, offset);
  }
  return offset;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * Returns the calendar date and time of day that `ms` shows on a clock in the zone.
 * The date comes from the day count by Howard Hinnant's civil_from_days, without a Date
 * object, because Next.js wraps the Date constructor on the server and exports format
 * millions of instants.
 */
function wallClock(ms: number, timeZone: string): WallClock {
  const localSeconds = Math.floor(ms / 1000) + utcOffsetMinutes(ms, timeZone) * 60;
  const days = Math.floor(localSeconds / 86_400);
  const secondOfDay = localSeconds - days * 86_400;

  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

  return { year, month, day, hour: Math.floor(secondOfDay / 3600), minute: Math.floor((secondOfDay % 3600) / 60), second: secondOfDay % 60 };
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

function formatDate({ year, month, day }: WallClock): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

function formatTime({ hour, minute, second }: WallClock): string {
  return `${pad(hour)}:${pad(minute)}:${pad(second)}`;
}

/** Formats an instant as "2026-03-02 09:00:05" in the given IANA time zone; "—" when absent. */
export function formatInstant(value: Date | number | null, timeZone: string): string {
  if (value === null) return "—";
  const clock = wallClock(typeof value === "number" ? value : value.getTime(), timeZone);
  return `${formatDate(clock)} ${formatTime(clock)}`;
}

/** Formats the time of day only, such as "09:00:05". */
export function formatTimeOfDay(value: Date | number | null, timeZone: string): string {
  if (value === null) return "—";
  return formatTime(wallClock(typeof value === "number" ? value : value.getTime(), timeZone));
}

/** Returns the UTC instant of midnight at the start of a calendar day ("2026-03-02") in a time zone. */
export function startOfDayInZone(day: string, timeZone: string): number {
  const [year, month, date] = day.split("-").map(Number);
  return new TZDate(year, month - 1, date, timeZone).getTime();
}

/** Formats a duration in milliseconds as "1 h 05 min" or "12 min 30 s" for summaries. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, "0")} min`;
  if (minutes > 0) return `${minutes} min ${String(seconds).padStart(2, "0")} s`;
  return `${seconds} s`;
}

/** Formats an instant as ISO 8601 local time with the zone's offset, such as "2026-03-29T03:30:00+02:00" ("+00:00" for UTC). */
export function formatLocalIso(value: Date | number | null, timeZone: string): string | null {
  if (value === null) return null;
  const ms = typeof value === "number" ? value : value.getTime();
  const offset = utcOffsetMinutes(ms, timeZone);
  const clock = wallClock(ms, timeZone);
  const sign = offset < 0 ? "-" : "+";
  return `${formatDate(clock)}T${formatTime(clock)}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}
