/**
 * Per-person attendance and status of one session, read from the database in
 * pages so that a session of any size is exported in bounded memory. People
 * come in person-key order: user_id, and a peer without a user_id (a person
 * of its own) by its peer id, among the empty user_ids, which sort first.
 * Rostered people who never joined follow, by name.
 */
import { canViewSession, type Viewer } from "../auth/permissions";
import { personKeyOf, summarisePerson, type PeerRecord, type PersonAttendance } from "../attendance/compute";
import { toOverrideRecords } from "../attendance/records";
import { personStatus, rosterAbsentees, statusContext, type PersonStatus } from "../attendance/session-statuses";
import { rulesInForce } from "../attendance/status";
import { prisma } from "../db";
import { getEnv } from "../env";
import { ROOM_STATUS_SELECT } from "../rooms/status-select";
import { readSessionPeerPage, toPeerRecord, type PeerKey } from "./peer-rows";

/** Peers read per query. */
const PAGE_SIZE = 2_000;

export interface StreamedSessionAttendance {
  id: string;
  /** Every person with their status, absentees of the roster last, in pages read lazily. */
  statusPages: AsyncIterable<PersonStatus[]>;
}

/**
 * Returns the session's people as a lazy sequence computed at `nowMs`, or
 * null when the session does not exist or is in a room the viewer may not see.
 * Figures equal those of getSessionDetail; only the order differs.
 */
export async function streamSessionAttendance(viewer: Viewer, id: string, nowMs: number = Date.now()): Promise<StreamedSessionAttendance | null> {
  const session = await prisma.session.findUnique({
    where: { id },
    select: {
      id: true,
      roomId: true,
      startedAt: true,
      stoppedAt: true,
      statusOverrides: true,
      room: {
        select: ROOM_STATUS_SELECT,
      },
    },
  });
  if (!session || !canViewSession(viewer, session)) return null;

  const excludedRoles = getEnv().EXCLUDED_ROLES;
  const peerFilter = { sessionId: id, role: { notIn: excludedRoles } };

  // The same window as sessionWindow(): without a session start, the earliest join counts.
  let startMs = session.startedAt?.getTime() ?? null;
  if (startMs === null) {
    const earliest = await prisma.peer.aggregate({ where: peerFilter, _min: { joinedAt: true } });
    startMs = earliest._min.joinedAt?.getTime() ?? null;
  }
  const live = session.stoppedAt === null;
  const endMs = live ? nowMs : (session.stoppedAt as Date).getTime();
  const window = { live, startMs, endMs };
  const durationMs = startMs !== null ? Math.max(0, endMs - startMs) : 0;

  /** Yields the people whose last peer each query returned; a person whose peers span two queries comes with the later one. */
  async function* peoplePages(): AsyncGenerator<PersonAttendance[]> {
    let after: PeerKey | null = null;
    let group: PeerRecord[] = [];
    let groupKey = "";
    for (;;) {
      const rows = await readSessionPeerPage(id, excludedRoles, after, PAGE_SIZE);
      const people: PersonAttendance[] = [];
      for (const row of rows) {
        const peer = toPeerRecord(row);
        const key = personKeyOf(peer);
        if (group.length > 0 && key !== groupKey) {
          people.push(summarisePerson(groupKey, group, window, durationMs));
          group = [];
        }
        groupKey = key;
        group.push(peer);
      }
      if (people.length > 0) yield people;
      if (rows.length < PAGE_SIZE) break;
      const last = rows[rows.length - 1];
      after = { userId: last.userId, id: last.id };
    }
    if (group.length > 0) yield [summarisePerson(groupKey, group, window, durationMs)];
  }

  // Overrides and the roster belong to one room and session, so they fit in memory.
  // To list the absentees, only the roster's members who joined are remembered.
  const context = statusContext({ ...window, durationMs }, session.room.roster, toOverrideRecords(session.statusOverrides), rulesInForce(session.room));
  async function* statusPages(): AsyncGenerator<PersonStatus[]> {
    const joinedRostered = new Set<string>();
    for await (const people of peoplePages()) {
      for (const person of people) if (context.rosterById.has(person.userId)) joinedRostered.add(person.userId);
      yield people.map((person) => personStatus(context, person));
    }
    const absentees = rosterAbsentees(context, joinedRostered);
    if (absentees.length > 0) yield absentees;
  }

  return { id: session.id, statusPages: statusPages() };
}
