/**
 * The live view's snapshot: every ongoing session the viewer may see, with
 * each person's presence computed at the server's `nowMs`.
 */
import { roomScope, type Viewer } from "../auth/permissions";
import { computeAttendance } from "../attendance/compute";
import { prisma } from "../db";
import { getEnv } from "../env";

export interface LivePerson {
  personKey: string;
  userId: string;
  name: string;
  role: string;
  firstJoinMs: number;
  /** Presence up to the snapshot's nowMs. */
  presenceMs: number;
  /** True while one of the person's connections is open, so presence grows with the clock. */
  connected: boolean;
  /** False for a person who joined but is not on the room's roster; true when the room has no roster. */
  rostered: boolean;
}

export interface LiveSession {
  id: string;
  roomId: string;
  roomName: string;
  startMs: number | null;
  people: LivePerson[];
  /** Rostered people who have not joined yet; empty when the room has no roster. */
  expected: { userId: string; name: string }[];
}

export interface LiveSnapshot {
  /** Server time at which every figure was computed, in UTC milliseconds. */
  nowMs: number;
  sessions: LiveSession[];
}

/**
 * Reads the viewer's ongoing sessions with one Prisma query (sessions with
 * their peers and their room's roster) and computes attendance at `nowMs`.
 * Prisma 6.19 runs it as at most four SELECTs, one per relation level
 * (sessions, peers, rooms, roster entries), whatever the number of sessions.
 */
export async function getLiveSnapshot(viewer: Viewer, nowMs: number = Date.now()): Promise<LiveSnapshot> {
  const sessions = await prisma.session.findMany({
    where: { stoppedAt: null, roomId: roomScope(viewer) },
    include: {
      peers: { select: { id: true, userId: true, name: true, role: true, joinedAt: true, leftAt: true } },
      room: { select: { name: true, roster: { select: { userId: true, name: true }, orderBy: { name: "asc" } } } },
    },
    orderBy: [{ startedAt: { sort: "asc", nulls: "last" } }, { id: "asc" }],
  });

  const excludedRoles = new Set(getEnv().EXCLUDED_ROLES);
  return {
    nowMs,
    sessions: sessions.map((session) => {
      const attendance = computeAttendance(
        { startedAtMs: session.startedAt?.getTime() ?? null, stoppedAtMs: null },
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
      const roster = session.room.roster;
      const rosterIds = new Set(roster.map((entry) => entry.userId));
      const joinedIds = new Set(attendance.people.map((person) => person.userId));
      return {
        id: session.id,
        roomId: session.roomId,
        roomName: session.room.name,
        startMs: attendance.startMs,
        people: attendance.people.map((person) => ({
          personKey: person.personKey,
          userId: person.userId,
          name: person.name,
          role: person.role,
          firstJoinMs: person.firstJoinMs,
          presenceMs: person.presenceMs,
          connected: person.lastLeaveMs === null,
          rostered: roster.length === 0 || rosterIds.has(person.userId),
        })),
        expected: roster.filter((entry) => !joinedIds.has(entry.userId)).map((entry) => ({ userId: entry.userId, name: entry.name })),
      };
    }),
  };
}
