/** Formatting of instants and durations for display, in one time zone. */
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

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

/**
 * Formats an instant as "2026-03-02 09:00:05" in the given IANA time zone; "—" when absent.
 * Pages format hundreds of instants per request, so this uses a cached Intl formatter
 * instead of date-fns with TZDate, which measured about four times slower per call on Node 20.
 */
export function formatInstant(value: Date | number | null, timeZone: string): string {
  if (value === null) return "—";
  const ms = typeof value === "number" ? value : value.getTime();
  const parts: Record<string, string> = {};
  for (const part of instantFormat(timeZone).formatToParts(ms)) parts[part.type] = part.value;
  return `${parts.year.padStart(4, "0")}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Formats the time of day only, such as "09:00:05". */
export function formatTimeOfDay(value: Date | number | null, timeZone: string): string {
  if (value === null) return "—";
  const ms = typeof value === "number" ? value : value.getTime();
  return format(new TZDate(ms, timeZone), "HH:mm:ss");
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
  return format(new TZDate(ms, timeZone), "yyyy-MM-dd'T'HH:mm:ssxxx");
}
