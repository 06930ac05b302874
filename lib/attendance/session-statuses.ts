/**
 * One row per person of a session, with the computed status, a teacher's
 * override and whether the person is on the room's roster. Pure, no I/O.
 */
import type { PersonAttendance, SessionAttendance } from "./compute";
import { attendanceStatus, type AttendanceRules, type AttendanceStatus, type OverrideStatus } from "./status";

export interface RosterPerson {
  userId: string;
  name: string;
  email: string | null;
}

export interface StatusOverrideRecord {
  personKey: string;
  status: OverrideStatus;
  reason: string;
  setByEmail: string;
  setAtMs: number;
}

export interface PersonStatus {
  personKey: string;
  userId: string;
  name: string;
  /** The attendance figures; null for a rostered person who never joined. */
  attendance: PersonAttendance | null;
  /** True when the room has a roster and the person is on it. */
  rostered: boolean;
  /** True when the room has a roster and the person joined without being on it. */
  guest: boolean;
  computed: AttendanceStatus;
  override: StatusOverrideRecord | null;
  /** The override's status when there is one, else the computed status. */
  effective: OverrideStatus;
}

/** What a person's status depends on besides their own figures: the session, the room's roster and rules, and overrides. */
export interface StatusContext {
  session: { sessionStartMs: number | null; sessionEndMs: number | null; sessionDurationMs: number };
  rules: AttendanceRules;
  rosterById: ReadonlyMap<string, RosterPerson>;
  overrideByKey: ReadonlyMap<string, StatusOverrideRecord>;
}

/** Builds the context shared by every person of one session. */
export function statusContext(
  window: { live: boolean; startMs: number | null; endMs: number | null; durationMs: number },
  roster: readonly RosterPerson[],
  overrides: readonly StatusOverrideRecord[],
  rules: AttendanceRules,
): StatusContext {
  return {
    session: { sessionStartMs: window.startMs, sessionEndMs: window.live ? null : window.endMs, sessionDurationMs: window.durationMs },
    rules,
    rosterById: new Map(roster.map((entry) => [entry.userId, entry])),
    overrideByKey: new Map(overrides.map((override) => [override.personKey, override])),
  };
}

/** Assigns one person who joined the session their status. */
export function personStatus(context: StatusContext, person: PersonAttendance): PersonStatus {
  const hasRoster = context.rosterById.size > 0;
  const rostered = person.userId !== "" && context.rosterById.has(person.userId);
  const computed = attendanceStatus({ ...context.session, person }, context.rules);
  const override = context.overrideByKey.get(person.personKey) ?? null;
  return {
    personKey: person.personKey,
    userId: person.userId,
    name: person.name,
    attendance: person,
    rostered: hasRoster && rostered,
    guest: hasRoster && !rostered,
    computed,
    override,
    effective: override?.status ?? computed,
  };
}

/** Returns the rostered people who never joined, by name, each absent unless overridden. */
export function rosterAbsentees(context: StatusContext, joinedUserIds: ReadonlySet<string>): PersonStatus[] {
  const absentees = [...context.rosterById.values()]
    .filter((entry) => !joinedUserIds.has(entry.userId))
    .sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
  return absentees.map((entry) => {
    const override = context.overrideByKey.get(entry.userId) ?? null;
    return {
      personKey: entry.userId,
      userId: entry.userId,
      name: entry.name,
      attendance: null,
      rostered: true,
      guest: false,
      computed: "absent",
      override,
      effective: override?.status ?? "absent",
    };
  });
}

/**
 * Assigns every person of a session one status. People who joined come first
 * in the attendance order, then rostered people who never joined, by name.
 */
export function sessionStatuses(
  attendance: SessionAttendance,
  roster: readonly RosterPerson[],
  overrides: readonly StatusOverrideRecord[],
  rules: AttendanceRules,
): PersonStatus[] {
  const context = statusContext(attendance, roster, overrides, rules);
  const rows = attendance.people.map((person) => personStatus(context, person));
  const joined = new Set(attendance.people.map((person) => person.userId));
  return [...rows, ...rosterAbsentees(context, joined)];
}

/** Statuses that count as attending for attendance rates; "excused" is left out of the rate altogether. */
export function countsAsAttended(status: OverrideStatus): boolean {
  return status === "present" || status === "late" || status === "left-early";
}
