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
  const rosterById = new Map(roster.map((entry) => [entry.userId, entry]));
  const overrideByKey = new Map(overrides.map((override) => [override.personKey, override]));
  const hasRoster = roster.length > 0;

  const base = {
    sessionStartMs: attendance.startMs,
    sessionEndMs: attendance.live ? null : attendance.endMs,
    sessionDurationMs: attendance.durationMs,
  };

  const rows: PersonStatus[] = attendance.people.map((person) => {
    const rostered = person.userId !== "" && rosterById.has(person.userId);
    const computed = attendanceStatus({ ...base, person }, rules);
    const override = overrideByKey.get(person.personKey) ?? null;
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
  });

  const joined = new Set(attendance.people.map((person) => person.userId));
  const absentees = roster.filter((entry) => !joined.has(entry.userId)).sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
  for (const entry of absentees) {
    const override = overrideByKey.get(entry.userId) ?? null;
    rows.push({
      personKey: entry.userId,
      userId: entry.userId,
      name: entry.name,
      attendance: null,
      rostered: true,
      guest: false,
      computed: "absent",
      override,
      effective: override?.status ?? "absent",
    });
  }
  return rows;
}

/** Statuses that count as attending for attendance rates; "excused" is left out of the rate altogether. */
export function countsAsAttended(status: OverrideStatus): boolean {
  return status === "present" || status === "late" || status === "left-early";
}
