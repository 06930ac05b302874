/** Reads of one person's attendance across sessions, limited to the viewer's rooms. */
import { roomScope, type Viewer } from "../auth/permissions";
import { computeAttendance } from "../attendance/compute";
import { toOverrideRecords, toPeerRecord, toSessionTimes } from "../attendance/records";
import { countsAsAttended, sessionStatuses, type PersonStatus } from "../attendance/session-statuses";
import { rulesInForce } from "../attendance/status";
import { prisma } from "../db";
import { getEnv } from "../env";
import { ROOM_STATUS_SELECT } from "../rooms/status-select";

export interface PersonSessionRow {
  sessionId: string;
  roomId: string;
  roomName: string;
  sessionStartMs: number | null;
  live: boolean;
  sessionDurationMs: number;
  /** The person's status and figures; `status.attendance` is null when a rostered person never joined. */
  status: PersonStatus;
}

export interface PersonTotals {
  sessions: number;
  /** Sessions whose status is present, late or left early. */
  attended: number;
  excused: number;
  /** attended / (sessions − excused), or null when that is 0. */
  attendanceRate: number | null;
  presenceMs: number;
  sessionDurationMs: number;
}

export interface PersonHistory {
  userId: string;
  /** Name of the person's latest join across the listed sessions, or their roster name. */
  name: string;
  /** Newest session first. */
  sessions: PersonSessionRow[];
  totals: PersonTotals;
}

/**
 * Returns a person's sessions in the rooms the viewer may see, with presence
 * and status per session computed at `nowMs`, or null when the person neither
 * attended one of them nor is on the roster of one of their rooms. Sessions
 * of a room whose roster lists the person count as absences when they did not join.
 * Recorder bots and other excluded roles are not people, so their sessions are left out.
 */
export async function getPersonHistory(viewer: Viewer, userId: string, nowMs: number = Date.now()): Promise<PersonHistory | null> {
  if (userId === "") return null;
  const sessions = await prisma.session.findMany({
    where: { roomId: roomScope(viewer), OR: [{ peers: { some: { userId } } }, { room: { roster: { some: { userId } } } }] },
    include: {
      room: {
        select: { name: true, ...ROOM_STATUS_SELECT },
      },
      peers: true,
      statusOverrides: true,
    },
    orderBy: [{ startedAt: { sort: "desc", nulls: "last" } }, { id: "asc" }],
  });

  const excludedRoles = new Set(getEnv().EXCLUDED_ROLES);
  const rows: PersonSessionRow[] = [];
  for (const session of sessions) {
    const attendance = computeAttendance(toSessionTimes(session), session.peers.map(toPeerRecord), { nowMs, excludedRoles });
    const statuses = sessionStatuses(attendance, session.room.roster, toOverrideRecords(session.statusOverrides), rulesInForce(session.room));
    const status = statuses.find((candidate) => candidate.userId === userId);
    if (!status) continue;
    rows.push({
      sessionId: session.id,
      roomId: session.roomId,
      roomName: session.room.name,
      sessionStartMs: attendance.startMs,
      live: attendance.live,
      sessionDurationMs: attendance.durationMs,
      status,
    });
  }

  if (rows.length === 0) return null;
  const joined = rows.find((row) => row.status.attendance !== null);
  return { userId, name: (joined ?? rows[0]).status.name, sessions: rows, totals: totalsOf(rows) };
}

function totalsOf(rows: readonly PersonSessionRow[]): PersonTotals {
  let attended = 0;
  let excused = 0;
  let presenceMs = 0;
  let sessionDurationMs = 0;
  for (const row of rows) {
    if (row.status.effective === "excused") excused++;
    else if (countsAsAttended(row.status.effective)) attended++;
    presenceMs += row.status.attendance?.presenceMs ?? 0;
    sessionDurationMs += row.sessionDurationMs;
  }
  const counted = rows.length - excused;
  return { sessions: rows.length, attended, excused, attendanceRate: counted > 0 ? attended / counted : null, presenceMs, sessionDurationMs };
}
