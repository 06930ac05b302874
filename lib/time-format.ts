/** Formatting of instants and durations for display, in one time zone. */
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

/** Formats an instant as "2026-03-02 09:00:05" in the given IANA time zone; "—" when absent. */
export function formatInstant(value: Date | number | null, timeZone: string): string {
  if (value === null) return "—";
  const ms = typeof value === "number" ? value : value.getTime();
  return format(new TZDate(ms, timeZone), "yyyy-MM-dd HH:mm:ss");
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
