import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { describe, expect, it } from "vitest";

import { formatInstant, formatLocalIso, formatTimeOfDay, utcOffsetMinutes } from "./time-format";

describe("formatInstant", () => {
  it("formats in UTC and in a zone", () => {
    expect(formatInstant(Date.UTC(2026, 2, 2, 9, 0, 5), "UTC")).toBe("2026-03-02 09:00:05");
    expect(formatInstant(Date.UTC(2026, 2, 2, 23, 30, 0), "Europe/Berlin")).toBe("2026-03-03 00:30:00");
    expect(formatInstant(new Date(Date.UTC(2026, 0, 1, 0, 0, 0)), "America/New_York")).toBe("2025-12-31 19:00:00");
  });

  it("returns a dash without a value", () => {
    expect(formatInstant(null, "UTC")).toBe("—");
  });

  it("matches date-fns across daylight-saving changes", () => {
    const zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham"];
    // Every 37 minutes 11 seconds through 2026, which crosses each zone's changes of offset.
    const step = (37 * 60 + 11) * 1000;
    for (const timeZone of zones) {
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += step) {
        const zoned = new TZDate(ms, timeZone);
        const expected = format(zoned, "yyyy-MM-dd HH:mm:ss");
        if (formatInstant(ms, timeZone) !== expected) expect(formatInstant(ms, timeZone), `${timeZone} ${ms}`).toBe(expected);
        const expectedIso = format(zoned, "yyyy-MM-dd'T'HH:mm:ssxxx");
        if (formatLocalIso(ms, timeZone) !== expectedIso) expect(formatLocalIso(ms, timeZone), `${timeZone} ${ms}`).toBe(expectedIso);
        const expectedTime = format(zoned, "HH:mm:ss");
        if (formatTimeOfDay(ms, timeZone) !== expectedTime) expect(formatTimeOfDay(ms, timeZone), `${timeZone} ${ms}`).toBe(expectedTime);
      }
    }
  });
});

describe("formatLocalIso", () => {
  it("writes the offset on each side of a change", () => {
    // Berlin moves from +01:00 to +02:00 at 01:00 UTC on 2026-03-29.
    expect(formatLocalIso(Date.UTC(2026, 2, 29, 0, 59, 59), "Europe/Berlin")).toBe("2026-03-29T01:59:59+01:00");
    expect(formatLocalIso(Date.UTC(2026, 2, 29, 1, 0, 0), "Europe/Berlin")).toBe("2026-03-29T03:00:00+02:00");
    expect(formatLocalIso(Date.UTC(2026, 0, 1, 0, 0, 0), "UTC")).toBe("2026-01-01T00:00:00+00:00");
    expect(formatLocalIso(Date.UTC(2026, 0, 1, 0, 0, 0), "America/St_Johns")).toBe("2025-12-31T20:30:00-03:30");
    expect(formatLocalIso(Date.UTC(2026, 6, 1, 12, 0, 0), "Asia/Kathmandu")).toBe("2026-07-01T17:45:00+05:45");
  });

  it("returns null without a value", () => {
    expect(formatLocalIso(null, "UTC")).toBeNull();
  });

  it("handles leap days and the last second of a year", () => {
    expect(formatLocalIso(Date.UTC(2028, 1, 29, 23, 59, 59, 999), "UTC")).toBe("2028-02-29T23:59:59+00:00");
    expect(formatLocalIso(Date.UTC(2099, 11, 31, 23, 59, 59), "UTC")).toBe("2099-12-31T23:59:59+00:00");
    expect(formatLocalIso(Date.UTC(2000, 0, 1, 0, 0, 0), "Pacific/Kiritimati")).toBe("2000-01-01T14:00:00+14:00");
  });
});

describe("utcOffsetMinutes", () => {
  it("changes at the minute of the change", () => {
    // New York moves from -05:00 to -04:00 at 07:00 UTC on 2026-03-08.
    expect(utcOffsetMinutes(Date.UTC(2026, 2, 8, 6, 59, 59, 999), "America/New_York")).toBe(-300);
    expect(utcOffsetMinutes(Date.UTC(2026, 2, 8, 7, 0, 0), "America/New_York")).toBe(-240);
  });
});
