import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { describe, expect, it } from "vitest";

import { formatInstant } from "./time-format";

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
        const expected = format(new TZDate(ms, timeZone), "yyyy-MM-dd HH:mm:ss");
        if (formatInstant(ms, timeZone) !== expected) expect(formatInstant(ms, timeZone), `${timeZone} ${ms}`).toBe(expected);
      }
    }
  });
});
