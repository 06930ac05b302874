/**
 * Room reports: the sessions of a room and a matrix of people × sessions with
 * each cell's status and presence, like a gradebook. Every read takes the
 * viewer; a room the viewer may not see is reported as not found (null).
 */
import { canViewRoom, roomScope, type Viewer } from "../auth/permissions";
import { computeAttendance } from "../attendance/compute";
import { toOverrideRecords, toPeerRecord, toSessionTimes } from "../attendance/records";
import { countsAsAttended, sessionStatuses, type PersonStatus, type RosterPerson } from "../attendance/session-statuses";
import { rulesInForce, type AttendanceRules, type StoredRules } from "../attendance/status";
import { prisma } from "../db";
import { getEnv } from "../env";

export interface RoomSummary {
  id: string;
  name: string;
  sessionCount: number;
  rosterCount: number;
  lastSessionStart: Date | null;
}

/** Lists the rooms the viewer may see with their session and roster counts. */
export async function listRoomSummaries(viewer: Viewer): Promise<RoomSummary[]> {
  const rooms = await prisma.room.findMany({
    where: { id: roomScope(viewer) },
    select: {
      id: true,
      name: true,
      _count: { select: { sessions: true, roster: true } },
      sessions: { select: { startedAt: true }, orderBy: { startedAt: { sort: "desc", nulls: "last" } }, take: 1 },
    },
    orderBy: { name: "asc" },
  });
  return rooms.map((room) => ({
    id: room.id,
    name: room.name,
    sessionCount: room._count.sessions,
    rosterCount: room._count.roster,
    lastSessionStart: room.sessions[0]?.startedAt ?? null,
  }));
}

export interface RoomSessionColumn {
  id: string;
  startMs: number | null;
  endMs: number | null;
  live: boolean;
  durationMs: number;
  /** People who count as attended divided by the people with a status, excused left out, or null when no person has one. */
  attendanceRate: number | null;
}

export interface RoomMatrixRow {
  personKey: string;
  userId: string;
  name: string;
  email: string | null;
  rostered: boolean;
  /** One cell per session column, in the same order; null when the person has no status there (a guest who did not join). */
  cells: (PersonStatus | null)[];
  attended: number;
  /** Sessions with a status, excused ones left out. */
  counted: number;
  /** attended / counted, or null when counted is 0. */
  attendanceRate: number | null;
}

export interface RoomReport {
  id: string;
  name: string;
  storedRules: StoredRules;
  rules: AttendanceRules;
  roster: RosterPerson[];
  /** Oldest session first. */
  sessions: RoomSessionColumn[];
  /** Rostered people by name, then guests by name. */
  rows: RoomMatrixRow[];
}

/**
 * Builds a room's gradebook at `nowMs`. Rostered people get a status in every
 * session, absent where they did not join. People not on the roster get one
 * only in the sessions they joined, and are marked as guests.
 */
export async function getRoomReport(viewer: Viewer, roomId: string, nowMs: number = Date.now()): Promise<RoomReport | null> {
  if (!canViewRoom(viewer, roomId)) return null;
  const room = await prisma.room.findUnique({
    where: { id: roomId },
    include: {
      roster: { select: { userId: true, name: true, email: true }, orderBy: [{ name: "asc" }, { userId: "asc" }] },
      sessions: {
        include: { peers: true, statusOverrides: true },
        orderBy: [{ startedAt: { sort: "asc", nulls: "first" } }, { id: "asc" }],
      },
    },
  });
  if (!room) return null;

  const rules = rulesInForce(room);
  const excludedRoles = new Set(getEnv().EXCLUDED_ROLES);
  const columns: RoomSessionColumn[] = [];
  const rowsByKey = new Map<string, RoomMatrixRow>();
  for (const entry of room.roster) {
    rowsByKey.set(entry.userId, { personKey: entry.userId, userId: entry.userId, name: entry.name, email: entry.email, rostered: true, cells: [], attended: 0, counted: 0, attendanceRate: null });
  }

  room.sessions.forEach((session, index) => {
    const attendance = computeAttendance(toSessionTimes(session), session.peers.map(toPeerRecord), { nowMs, excludedRoles });
    const statuses = sessionStatuses(attendance, room.roster, toOverrideRecords(session.statusOverrides), rules);

    let attended = 0;
    let counted = 0;
    for (const status of statuses) {
      let row = rowsByKey.get(status.personKey);
      if (!row) {
        row = { personKey: status.personKey, userId: status.userId, name: status.name, email: null, rostered: false, cells: [], attended: 0, counted: 0, attendanceRate: null };
        rowsByKey.set(status.personKey, row);
      }
      row.cells[index] = status;
      if (status.effective === "excused") continue;
      counted++;
      row.counted++;
      if (countsAsAttended(status.effective)) {
        attended++;
        row.attended++;
      }
    }
    columns.push({
      id: session.id,
      startMs: attendance.startMs,
      endMs: attendance.endMs,
      live: attendance.live,
      durationMs: attendance.durationMs,
      attendanceRate: counted > 0 ? attended / counted : null,
    });
  });

  const rows = [...rowsByKey.values()];
  for (const row of rows) {
    row.cells = columns.map((_, index) => row.cells[index] ?? null);
    row.attendanceRate = row.counted > 0 ? row.attended / row.counted : null;
  }
  rows.sort((a, b) => Number(b.rostered) - Number(a.rostered) || a.name.localeCompare(b.name) || a.personKey.localeCompare(b.personKey));

  return {
    id: room.id,
    name: room.name,
    storedRules: { presentMinPercent: room.presentMinPercent, lateAfterMinutes: room.lateAfterMinutes, leftEarlyMinutes: room.leftEarlyMinutes },
    rules,
    roster: room.roster,
    sessions: columns,
    rows,
  };
}
