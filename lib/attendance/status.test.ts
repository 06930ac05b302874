import { describe, expect, test } from "vitest";

import { attendanceStatus, DEFAULT_RULES, rulesInForce, validateRules, type StatusInput } from "./status";

const MIN = 60_000;
const START = Date.parse("2026-03-02T09:00:00Z");
const END = START + 60 * MIN;
const rules = { presentMinPercent: 75, lateAfterMinutes: 5, leftEarlyMinutes: 5 };

function input(firstJoinMin: number, lastLeaveMin: number | null, presenceMs: number): StatusInput {
  return {
    sessionStartMs: START,
    sessionEndMs: END,
    sessionDurationMs: END - START,
    person: { firstJoinMs: START + firstJoinMin * MIN, lastLeaveMs: lastLeaveMin === null ? null : START + lastLeaveMin * MIN, presenceMs },
  };
}

describe("attendanceStatus", () => {
  test("exactly the present threshold is present", () => {
    expect(attendanceStatus(input(0, 60, 45 * MIN), rules)).toBe("present");
  });

  test("one millisecond below the threshold is partial", () => {
    expect(attendanceStatus(input(0, 60, 45 * MIN - 1), rules)).toBe("partial");
  });

  test("joining exactly L minutes after the start is not late", () => {
    expect(attendanceStatus(input(5, 60, 55 * MIN), rules)).toBe("present");
  });

  test("joining one millisecond after L minutes is late", () => {
    const late = input(5, 60, 55 * MIN - 1);
    late.person!.firstJoinMs += 1;
    expect(attendanceStatus(late, rules)).toBe("late");
  });

  test("leaving exactly E minutes before the end is not left early", () => {
    expect(attendanceStatus(input(0, 55, 55 * MIN), rules)).toBe("present");
  });

  test("leaving more than E minutes before the end is left early", () => {
    const early = input(0, 55, 55 * MIN);
    early.person!.lastLeaveMs! -= 1;
    expect(attendanceStatus(early, rules)).toBe("left-early");
  });

  test("late and left early gives late", () => {
    expect(attendanceStatus(input(6, 54, 48 * MIN), rules)).toBe("late");
  });

  test("partial wins over late", () => {
    expect(attendanceStatus(input(30, 60, 30 * MIN), rules)).toBe("partial");
  });

  test("never joined is absent", () => {
    expect(attendanceStatus({ sessionStartMs: START, sessionEndMs: END, sessionDurationMs: END - START, person: null }, rules)).toBe("absent");
  });

  test("still connected in a live session is not left early", () => {
    const live: StatusInput = { sessionStartMs: START, sessionEndMs: null, sessionDurationMs: 20 * MIN, person: { firstJoinMs: START, lastLeaveMs: null, presenceMs: 20 * MIN } };
    expect(attendanceStatus(live, rules)).toBe("present");
  });

  test("threshold of 0 percent makes any join present", () => {
    expect(attendanceStatus(input(0, 1, 1 * MIN), { ...rules, presentMinPercent: 0, leftEarlyMinutes: 60 })).toBe("present");
  });
});

describe("rulesInForce", () => {
  test("unset rules take the defaults", () => {
    expect(rulesInForce({ presentMinPercent: null, lateAfterMinutes: 10, leftEarlyMinutes: null })).toEqual({
      presentMinPercent: DEFAULT_RULES.presentMinPercent,
      lateAfterMinutes: 10,
      leftEarlyMinutes: DEFAULT_RULES.leftEarlyMinutes,
    });
  });
});

describe("validateRules", () => {
  test("accepts the defaults", () => {
    expect(validateRules({ ...DEFAULT_RULES })).toEqual([]);
  });

  test("rejects a percentage over 100 and fractional minutes", () => {
    expect(validateRules({ presentMinPercent: 101, lateAfterMinutes: 1.5, leftEarlyMinutes: 0 })).toHaveLength(2);
  });
});
