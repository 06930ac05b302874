import { describe, expect, test } from "vitest";

import { parseHmsTimestamp } from "./timestamps";

describe("parseHmsTimestamp", () => {
  test("truncates nine fractional digits to milliseconds", () => {
    expect(parseHmsTimestamp("2026-03-02T09:00:04.123456789Z")).toBe(Date.UTC(2026, 2, 2, 9, 0, 4, 123));
    expect(parseHmsTimestamp("2026-03-02T09:40:58.9912Z")).toBe(Date.UTC(2026, 2, 2, 9, 40, 58, 991));
    expect(parseHmsTimestamp("2026-03-02T09:01:12.48Z")).toBe(Date.UTC(2026, 2, 2, 9, 1, 12, 480));
    expect(parseHmsTimestamp("2026-03-02T09:00:05Z")).toBe(Date.UTC(2026, 2, 2, 9, 0, 5));
  });

  test("zero time is null", () => {
    expect(parseHmsTimestamp("0001-01-01T00:00:00Z")).toBeNull();
  });

  test("offsets are applied", () => {
    expect(parseHmsTimestamp("2026-03-02T10:00:00+01:00")).toBe(Date.UTC(2026, 2, 2, 9));
  });

  test("invalid text and dates are rejected", () => {
    expect(parseHmsTimestamp("yesterday")).toBeUndefined();
    expect(parseHmsTimestamp("2026-02-30T09:00:00Z")).toBeUndefined();
    expect(parseHmsTimestamp("2026-03-02T09:00:00.1234567890Z")).toBeUndefined();
    expect(parseHmsTimestamp("9999-01-01T00:00:00Z")).toBeUndefined();
    expect(parseHmsTimestamp("2026-03-02 09:00:00Z")).toBeUndefined();
  });
});
