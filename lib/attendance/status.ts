/**
 * Attendance status of one person in one session: pure functions over UTC
 * milliseconds, with no I/O.
 *
 * Each person gets exactly one status, checked in this order:
 *   1. absent: never joined (only rostered people can be absent);
 *   2. partial: presence below `presentMinPercent` of the session;
 *   3. late: first join more than `lateAfterMinutes` after the session start;
 *   4. left early: last leave more than `leftEarlyMinutes` before the session end;
 *   5. present.
 * A person who is both late and left early is "late". The boundaries are
 * inclusive for the person: exactly P % is enough presence, and a first join
 * exactly L minutes after the start is not late.
 */

export const ATTENDANCE_STATUSES = ["present", "late", "left-early", "partial", "absent"] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** Statuses a teacher may set in place of the computed one. */
export const OVERRIDE_STATUSES = ["present", "late", "left-early", "partial", "absent", "excused"] as const;
export type OverrideStatus = (typeof OVERRIDE_STATUSES)[number];

export function isOverrideStatus(value: string): value is OverrideStatus {
  return (OVERRIDE_STATUSES as readonly string[]).includes(value);
}

export const STATUS_LABELS: Record<OverrideStatus, string> = {
  present: "present",
  late: "late",
  "left-early": "left early",
  partial: "partial",
  absent: "absent",
  excused: "excused",
};

export interface AttendanceRules {
  /** Present when presence is at least this percentage of the session, 0 to 100. */
  presentMinPercent: number;
  /** Late when the first join is more than this many minutes after the session start. */
  lateAfterMinutes: number;
  /** Left early when the last leave is more than this many minutes before the session end. */
  leftEarlyMinutes: number;
}

export const DEFAULT_RULES: Readonly<AttendanceRules> = { presentMinPercent: 75, lateAfterMinutes: 5, leftEarlyMinutes: 5 };

/** A room's stored rules, where null means the default. */
export interface StoredRules {
  presentMinPercent: number | null;
  lateAfterMinutes: number | null;
  leftEarlyMinutes: number | null;
}

/** Fills a room's unset rules with the defaults. */
export function rulesInForce(stored: StoredRules): AttendanceRules {
  return {
    presentMinPercent: stored.presentMinPercent ?? DEFAULT_RULES.presentMinPercent,
    lateAfterMinutes: stored.lateAfterMinutes ?? DEFAULT_RULES.lateAfterMinutes,
    leftEarlyMinutes: stored.leftEarlyMinutes ?? DEFAULT_RULES.leftEarlyMinutes,
  };
}

export interface StatusInput {
  /** Session start; null when unknown, which makes "late" impossible to tell. */
  sessionStartMs: number | null;
  /** Session end; null while the session is live, which makes "left early" impossible to tell. */
  sessionEndMs: number | null;
  sessionDurationMs: number;
  /** The person's figures, or null when they never joined. */
  person: { firstJoinMs: number; lastLeaveMs: number | null; presenceMs: number } | null;
}

const MINUTE_MS = 60_000;

/** Computes one person's status in one session under the given rules. */
export function attendanceStatus(input: StatusInput, rules: AttendanceRules): AttendanceStatus {
  const { person } = input;
  if (person === null) return "absent";

  // Integer comparison, so that exactly P % is never lost to floating-point rounding.
  if (input.sessionDurationMs > 0 && person.presenceMs * 100 < rules.presentMinPercent * input.sessionDurationMs) {
    return "partial";
  }
  if (input.sessionStartMs !== null && person.firstJoinMs - input.sessionStartMs > rules.lateAfterMinutes * MINUTE_MS) {
    return "late";
  }
  if (
    input.sessionEndMs !== null &&
    person.lastLeaveMs !== null &&
    input.sessionEndMs - person.lastLeaveMs > rules.leftEarlyMinutes * MINUTE_MS
  ) {
    return "left-early";
  }
  return "present";
}

/** Validates rule values entered on the room page; returns an error message per invalid field. */
export function validateRules(rules: AttendanceRules): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(rules.presentMinPercent) || rules.presentMinPercent < 0 || rules.presentMinPercent > 100) {
    problems.push("Present threshold must be a whole percentage from 0 to 100");
  }
  if (!Number.isInteger(rules.lateAfterMinutes) || rules.lateAfterMinutes < 0 || rules.lateAfterMinutes > 720) {
    problems.push("Late after must be a whole number of minutes from 0 to 720");
  }
  if (!Number.isInteger(rules.leftEarlyMinutes) || rules.leftEarlyMinutes < 0 || rules.leftEarlyMinutes > 720) {
    problems.push("Left early must be a whole number of minutes from 0 to 720");
  }
  return problems;
}
