/**
 * The sessions export in the column layout of 100ms's dashboard export, so
 * that spreadsheets built on that file keep working.
 */
import { roomScope, type Viewer } from "../auth/permissions";
import { computeAttendance } from "../attendance/compute";
import { toPeerRecord, toSessionTimes } from "../attendance/records";
import type { CsvColumn } from "../csv/write-csv";
import { prisma } from "../db";
import { getEnv } from "../env";
import type { Prisma } from "../generated/prisma/client";
import { formatLocalIso } from "../time-format";
import type { SessionFilters } from "./queries";

export interface SessionExportRow {
  sessionId: string;
  roomId: string;
  startMs: number | null;
  /** Connections of attendees; excluded roles such as recorder bots are left out. */
  totalPeers: number;
  /** Plain sum of the attendees' connection times, overlapping tabs counted twice, as 100ms sums peer durations. */
  participantMs: number;
  durationMs: number;
}

/** Sessions read from the database per batch while the CSV streams. */
const BATCH_SIZE = 200;

/**
 * Yields every session of the viewer's rooms that matches the list's filters
 * (the page number is ignored), newest first, with figures at `nowMs`.
 */
export async function* exportSessions(viewer: Viewer, filters: Omit<SessionFilters, "page">, nowMs: number = Date.now()): AsyncGenerator<SessionExportRow> {
  const where: Prisma.SessionWhereInput = { AND: [{ roomId: roomScope(viewer) }, filters.roomId ? { roomId: filters.roomId } : {}] };
  if (filters.fromMs !== undefined || filters.toMs !== undefined) {
    where.startedAt = {
      ...(filters.fromMs !== undefined ? { gte: new Date(filters.fromMs) } : {}),
      ...(filters.toMs !== undefined ? { lt: new Date(filters.toMs) } : {}),
    };
  }
  const excludedRoles = new Set(getEnv().EXCLUDED_ROLES);

  for (let skip = 0; ; skip += BATCH_SIZE) {
    // NOTE: offset paging can skip or repeat a session that a webhook creates while the file streams.
    const sessions = await prisma.session.findMany({
      where,
      include: { peers: true },
      orderBy: [{ startedAt: { sort: "desc", nulls: "last" } }, { id: "asc" }],
      skip,
      take: BATCH_SIZE,
    });
    for (const session of sessions) {
      const attendance = computeAttendance(toSessionTimes(session), session.peers.map(toPeerRecord), { nowMs, excludedRoles });
      yield {
        sessionId: session.id,
        roomId: session.roomId,
        startMs: attendance.startMs,
        totalPeers: attendance.people.reduce((sum, person) => sum + person.joins, 0),
        participantMs: attendance.combinedConnectionMs,
        durationMs: attendance.durationMs,
      };
    }
    if (sessions.length < BATCH_SIZE) return;
  }
}

/** Formats an instant as 100ms's export does: "DD-MM-YYYY, HH:MM:SS" in UTC. */
export function formatHmsExportTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}, ${iso.slice(11, 19)}`;
}

/** Rounds milliseconds to whole seconds, after summing. */
export function wholeSeconds(ms: number): number {
  return Math.round(ms / 1000);
}

/**
 * Lists the eleven columns of 100ms's export, in its order and spelling, then two
 * columns of Rollcall: the start in ISO 8601 UTC and in the viewer's zone.
 * Rollcall does not receive 100ms's customer or recording details, so those
 * columns are empty.
 */
export function sessionExportColumns(timeZone: string): CsvColumn<SessionExportRow>[] {
  return [
    { header: "session_id", kind: "text", value: (row) => row.sessionId },
    { header: "room_id", kind: "text", value: (row) => row.roomId },
    { header: "customer_id", kind: "text", value: () => null },
    { header: "customer_email", kind: "text", value: () => null },
    { header: "user_id", kind: "text", value: () => null },
    { header: "created_at(UTC)", kind: "time", value: (row) => (row.startMs === null ? null : formatHmsExportTime(row.startMs)) },
    { header: "recording_enabled?", kind: "text", value: () => null },
    { header: "total_peers", kind: "number", value: (row) => row.totalPeers },
    { header: "participant_duration", kind: "number", value: (row) => wholeSeconds(row.participantMs) },
    { header: "session_duration", kind: "number", value: (row) => wholeSeconds(row.durationMs) },
    { header: "recording_duration", kind: "number", value: () => null },
    { header: "created_at_utc", kind: "time", value: (row) => (row.startMs === null ? null : new Date(row.startMs).toISOString()) },
    { header: "created_at_local", kind: "time", value: (row) => formatLocalIso(row.startMs, timeZone) },
  ];
}
