/**
 * Reads of sessions and their attendance, shared by pages and CSV routes.
 * Every read takes the viewer and returns only sessions of rooms the viewer may see.
 */
import { canViewSession, roomScope, type Viewer } from "../auth/permissions";
import { computeAttendance, type PeerRecord, type SessionAttendance } from "../attendance/compute";
import { sessionStatuses, type PersonStatus } from "../attendance/session-statuses";
import { toOverrideRecords } from "../attendance/records";
import { rulesInForce, type AttendanceRules } from "../attendance/status";
import { prisma } from "../db";
import { getEnv, hmsCredentials } from "../env";
import type { Prisma } from "../generated/prisma/client";
import { RECONCILE_SESSION_JOB } from "../reconcile/reconcile-job";
import { ROOM_STATUS_SELECT } from "../rooms/status-select";
import { readSessionPeers, toPeerRecord } from "./peer-rows";

export interface SessionFilters {
  roomId?: string;
  /** Sessions that started at or after this instant. */
  fromMs?: number;
  /** Sessions that started before this instant. */
  toMs?: number;
  /** 1-based page number. */
  page: number;
}

export interface SessionListRow {
  id: string;
  roomId: string;
  roomName: string;
  startedAt: Date | null;
  stoppedAt: Date | null;
  live: boolean;
  /** Distinct people, excluded roles left out. */
  participantCount: number;
}

export interface SessionListPage {
  rows: SessionListRow[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
}

/** Lists the viewer's sessions newest first, filtered and paginated. */
export async function listSessions(viewer: Viewer, filters: SessionFilters): Promise<SessionListPage> {
  const { SESSIONS_PAGE_SIZE: pageSize, EXCLUDED_ROLES } = getEnv();
  const where: Prisma.SessionWhereInput = { AND: [{ roomId: roomScope(viewer) }, filters.roomId ? { roomId: filters.roomId } : {}] };
  if (filters.fromMs !== undefined || filters.toMs !== undefined) {
    where.startedAt = {
      ...(filters.fromMs !== undefined ? { gte: new Date(filters.fromMs) } : {}),
      ...(filters.toMs !== undefined ? { lt: new Date(filters.toMs) } : {}),
    };
  }

  const total = await prisma.session.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, filters.page), pageCount);
  const sessions = await prisma.session.findMany({
    where,
    orderBy: [{ startedAt: { sort: "desc", nulls: "last" } }, { id: "asc" }],
    skip: (page - 1) * pageSize,
    take: pageSize,
    include: { room: { select: { name: true } } },
  });

  const ids = sessions.map((session) => session.id);
  const people = await prisma.peer.groupBy({
    by: ["sessionId", "userId"],
    where: { sessionId: { in: ids }, role: { notIn: EXCLUDED_ROLES } },
    _count: { _all: true },
  });
  const participantCounts = new Map<string, number>();
  for (const group of people) {
    // Peers without a user_id are each a person of their own.
    const count = group.userId === "" ? group._count._all : 1;
    participantCounts.set(group.sessionId, (participantCounts.get(group.sessionId) ?? 0) + count);
  }

  return {
    rows: sessions.map((session) => ({
      id: session.id,
      roomId: session.roomId,
      roomName: session.room.name,
      startedAt: session.startedAt,
      stoppedAt: session.stoppedAt,
      live: session.stoppedAt === null,
      participantCount: participantCounts.get(session.id) ?? 0,
    })),
    total,
    page,
    pageCount,
    pageSize,
  };
}

/** Lists the rooms the viewer may see, for filters. */
export async function listRooms(viewer: Viewer): Promise<{ id: string; name: string }[]> {
  return prisma.room.findMany({ where: { id: roomScope(viewer) }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

export interface SessionLogEntry {
  peerId: string;
  userId: string;
  name: string;
  role: string;
  excluded: boolean;
  joinedAtMs: number | null;
  leftAtMs: number | null;
  leaveReason: string | null;
  /** True when leftAtMs is the session close because no leave time was received from 100ms. */
  leftAtEstimated: boolean;
}

/** Where a session's figures come from, for the session page. */
export interface ReconciliationInfo {
  /** False when HMS_ACCESS_KEY and HMS_APP_SECRET are not set: figures come from webhooks only. */
  apiConfigured: boolean;
  /** "none" (webhooks only), "pending", "reconciled" or "failed". */
  status: string;
  reconciledAt: Date | null;
  peersAdded: number;
  joinTimesFromApi: number;
  leaveTimesFromApi: number;
  /** Peers whose leave time is the session close. */
  estimatedLeaves: number;
  /** Error of the last failed attempt, while pending or after giving up. */
  lastError: string | null;
  attempts: number;
  nextAttemptAt: Date | null;
}

export interface SessionDetail {
  id: string;
  roomId: string;
  roomName: string;
  startedAt: Date | null;
  stoppedAt: Date | null;
  attendance: SessionAttendance;
  /** Rules of the session's room, defaults filled in. */
  rules: AttendanceRules;
  /** True when the room has a roster, so absentees and guests are known. */
  hasRoster: boolean;
  /** One status per person who joined, then per rostered person who did not. */
  statuses: PersonStatus[];
  /** Every peer, excluded roles included, ordered by join time. */
  log: SessionLogEntry[];
  reconciliation: ReconciliationInfo;
}

/**
 * Returns a session with its attendance computed at `nowMs`, or null when it
 * does not exist or belongs to a room the viewer may not see.
 */
export async function getSessionDetail(viewer: Viewer, id: string, nowMs: number = Date.now()): Promise<SessionDetail | null> {
  const session = await prisma.session.findUnique({
    where: { id },
    include: {
      room: {
        select: { name: true, ...ROOM_STATUS_SELECT },
      },
      statusOverrides: true,
    },
  });
  if (!session || !canViewSession(viewer, session)) return null;
  const [job, sessionPeers] = await Promise.all([
    prisma.job.findUnique({ where: { kind_key: { kind: RECONCILE_SESSION_JOB, key: id } } }),
    readSessionPeers(id),
  ]);

  const excludedRoles = new Set(getEnv().EXCLUDED_ROLES);
  const peers: PeerRecord[] = sessionPeers.map(toPeerRecord);
  const attendance = computeAttendance(
    { startedAtMs: session.startedAt?.getTime() ?? null, stoppedAtMs: session.stoppedAt?.getTime() ?? null },
    peers,
    { nowMs, excludedRoles },
  );

  const rules = rulesInForce(session.room);
  const statuses = sessionStatuses(
    attendance,
    session.room.roster,
    toOverrideRecords(session.statusOverrides),
    rules,
  );

  const log = sessionPeers
    .map((peer) => ({
      peerId: peer.id,
      userId: peer.userId,
      name: peer.name,
      role: peer.role,
      excluded: excludedRoles.has(peer.role),
      joinedAtMs: peer.joinedAtMs,
      leftAtMs: peer.leftAtMs,
      leaveReason: peer.leaveReason,
      leftAtEstimated: peer.leftAtEstimated,
    }))
    .sort((a, b) => (a.joinedAtMs ?? 0) - (b.joinedAtMs ?? 0) || a.peerId.localeCompare(b.peerId));

  return {
    id: session.id,
    roomId: session.roomId,
    roomName: session.room.name,
    startedAt: session.startedAt,
    stoppedAt: session.stoppedAt,
    attendance,
    rules,
    hasRoster: session.room.roster.length > 0,
    statuses,
    log,
    reconciliation: {
      apiConfigured: hmsCredentials(getEnv()) !== null,
      status: session.reconciliationStatus,
      reconciledAt: session.reconciledAt,
      peersAdded: session.peersAddedFromApi,
      joinTimesFromApi: session.joinTimesFromApi,
      leaveTimesFromApi: session.leaveTimesFromApi,
      estimatedLeaves: sessionPeers.filter((peer) => peer.leftAtEstimated).length,
      lastError: session.reconciliationError,
      attempts: job?.attempts ?? 0,
      nextAttemptAt: job?.status === "pending" ? job.nextAttemptAt : null,
    },
  };
}
