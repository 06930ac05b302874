/** Reads of one person's attendance across sessions, limited to the viewer's rooms. */
import { roomScope, type Viewer } from "../auth/permissions";
import { computeAttendance, type PersonAttendance } from "../attendance/compute";
import { prisma } from "../db";
import { getEnv } from "../env";

export interface PersonSessionRow {
  sessionId: string;
  roomId: string;
  roomName: string;
  sessionStartMs: number | null;
  live: boolean;
  sessionDurationMs: number;
  attendance: PersonAttendance;
}

export interface PersonHistory {
  userId: string;
  /** Name of the person's latest join across the listed sessions. */
  name: string;
  /** Newest session first. */
  sessions: PersonSessionRow[];
}

/**
 * Returns a person's sessions in the rooms the viewer may see, with presence
 * per session computed at `nowMs`, or null when the person attended none of them.
 * Recorder bots and other excluded roles are not people, so their sessions are left out.
 */
export async function getPersonHistory(viewer: Viewer, userId: string, nowMs: number = Date.now()): Promise<PersonHistory | null> {
  if (userId === "") return null;
  const sessions = await prisma.session.findMany({
    where: { roomId: roomScope(viewer), peers: { some: { userId } } },
    include: { room: { select: { name: true } }, peers: true },
    orderBy: [{ startedAt: { sort: "desc", nulls: "last" } }, { id: "asc" }],
  });

  const excludedRoles = new Set(getEnv().EXCLUDED_ROLES);
  const rows: PersonSessionRow[] = [];
  for (const session of sessions) {
    const attendance = computeAttendance(
      { startedAtMs: session.startedAt?.getTime() ?? null, stoppedAtMs: session.stoppedAt?.getTime() ?? null },
      session.peers.map((peer) => ({
        peerId: peer.id,
        userId: peer.userId,
        name: peer.name,
        role: peer.role,
        joinedAtMs: peer.joinedAt?.getTime() ?? null,
        leftAtMs: peer.leftAt?.getTime() ?? null,
      })),
      { nowMs, excludedRoles },
    );
    const person = attendance.people.find((candidate) => candidate.userId === userId);
    if (!person) continue;
    rows.push({
      sessionId: session.id,
      roomId: session.roomId,
      roomName: session.room.name,
      sessionStartMs: attendance.startMs,
      live: attendance.live,
      sessionDurationMs: attendance.durationMs,
      attendance: person,
    });
  }

  if (rows.length === 0) return null;
  return { userId, name: rows[0].attendance.name, sessions: rows };
}
