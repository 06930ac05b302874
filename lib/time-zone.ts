/** The time zone in which a viewer sees times, and its validation. */
import type { Viewer } from "./auth/permissions";
import { getEnv } from "./env";

/** Returns true when `value` is an IANA time zone name that this runtime supports. */
export function isTimeZone(value: string): boolean {
  if (value === "" || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Returns the viewer's chosen time zone, or DISPLAY_TIME_ZONE until they have one. */
export function viewerTimeZone(viewer: Viewer): string {
  return viewer.timeZone ?? getEnv().DISPLAY_TIME_ZONE;
}

/** Lists the IANA time zones for a picker, with UTC first. */
export function timeZoneChoices(): string[] {
  const zones = Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC");
  return ["UTC", ...zones];
}
