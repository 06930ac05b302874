/**
 * The webhook hot path's storage, written in SQL on the database driver
 * rather than through Prisma: one module per engine (sql-sqlite.ts,
 * sql-postgres.ts) behind the IngestStore interface.
 *
 * An event becomes a short list of writes (planEvent). Each write is one
 * statement whose result does not depend on arrival order. The earliest
 * start and the latest end win, and a leave's name, role and user_id win
 * over its join's. A join never clears a leave time, and times taken from
 * the 100ms API stay. Both engines apply the same writes with the same rules.
 */
import {
  isAttendanceEvent,
  stringField,
  type HmsWebhookEvent,
  type PeerJoinEvent,
  type PeerLeaveEvent,
} from "../hms/webhook";
import { RECONCILE_MAX_ATTEMPTS, RECONCILE_SESSION_JOB } from "../reconcile/reconcile-job";

export type IngestOutcome = "applied" | "stored" | "duplicate";

export interface IngestItem {
  event: HmsWebhookEvent;
  rawBody: string;
  receivedAtMs: number;
}

export interface IngestOptions {
  /** Queue a reconciliation job for each closed session (HMS credentials are configured). */
  queueReconciliation: boolean;
}

export interface IngestStore {
  /**
   * Stores and applies the events in one transaction, in order, and returns
   * one outcome per event after the commit. Throws, with nothing written,
   * when any statement fails.
   */
  writeBatch(items: readonly IngestItem[], options: IngestOptions): Promise<IngestOutcome[]>;
  /** True for errors that another delivery's concurrent write can cause, so that running again succeeds. */
  isRetryableConflict(error: unknown): boolean;
  /** Closes the store's own connections. */
  close(): Promise<void>;
}

/** The stored copy of a delivery: one WebhookEvent row. */
export interface EventRow {
  id: string;
  type: string;
  occurredAtMs: number;
  sessionId: string | null;
  peerId: string | null;
  isReplay: boolean;
  payload: string;
  receivedAtMs: number;
}

/** Creation of the room and the session when missing. The earliest non-null start wins. */
export interface SessionWrite {
  kind: "session";
  roomId: string;
  /** Name of a new room: room_name, or the room id when 100ms sent none. */
  roomName: string;
  /** An existing room takes roomName only when 100ms sent a room_name. */
  renameRoom: boolean;
  sessionId: string;
  startedAtMs: number | null;
}

/** session.close.success: the latest stop wins; the reported duration is the last one applied. */
export interface CloseWrite {
  kind: "close";
  sessionId: string;
  stoppedAtMs: number;
  durationSeconds: number | null;
}

/** peer.join.success or peer.leave.success. */
export interface PeerWrite {
  kind: "peer";
  leave: boolean;
  peerId: string;
  sessionId: string;
  userId: string;
  name: string;
  role: string;
  /** peerType of a new peer. */
  peerTypeOnCreate: string | null;
  /** Fills an existing peer's peerType when it is null; null leaves it. */
  peerTypeToFill: string | null;
  joinedAtMs: number | null;
  /** Leaves only. */
  leftAtMs: number | null;
  leaveReason: string | null;
}

export type Write = SessionWrite | CloseWrite | PeerWrite;

export interface EventPlan {
  row: EventRow;
  /** Applied in order after the row was stored; empty for types that are only kept. */
  writes: Write[];
}

export function planEvent(item: IngestItem): EventPlan {
  const { event, rawBody, receivedAtMs } = item;
  const row: EventRow = {
    id: event.id,
    type: event.type,
    occurredAtMs: event.timestamp,
    sessionId: stringField(event.data, "session_id"),
    peerId: stringField(event.data, "peer_id"),
    isReplay: event.is_replay ?? false,
    payload: rawBody,
    receivedAtMs,
  };
  if (!isAttendanceEvent(event)) return { row, writes: [] };

  const session = (data: { room_id: string; room_name?: string; session_id: string }, startedAtMs: number | null): SessionWrite => ({
    kind: "session",
    roomId: data.room_id,
    roomName: data.room_name || data.room_id,
    renameRoom: Boolean(data.room_name),
    sessionId: data.session_id,
    startedAtMs,
  });

  switch (event.type) {
    case "session.open.success":
      return { row, writes: [session(event.data, event.data.session_started_at)] };
    case "session.close.success":
      return {
        row,
        writes: [
          session(event.data, event.data.session_started_at),
          {
            kind: "close",
            sessionId: event.data.session_id,
            stoppedAtMs: event.data.session_stopped_at,
            durationSeconds: event.data.session_duration ?? null,
          },
        ],
      };
    case "peer.join.success":
      return { row, writes: [session(event.data, event.data.session_started_at ?? null), peerWrite(event.data, null)] };
    case "peer.leave.success":
      return { row, writes: [session(event.data, event.data.session_started_at ?? null), peerWrite(event.data, event.data)] };
  }
}

function peerWrite(data: PeerJoinEvent["data"] | PeerLeaveEvent["data"], leave: PeerLeaveEvent["data"] | null): PeerWrite {
  return {
    kind: "peer",
    leave: leave !== null,
    peerId: data.peer_id,
    sessionId: data.session_id,
    userId: data.user_id,
    name: data.user_name,
    role: data.role,
    peerTypeOnCreate: data.type ?? null,
    peerTypeToFill: data.type ? data.type : null,
    joinedAtMs: data.joined_at,
    leftAtMs: leave ? leave.left_at : null,
    leaveReason: leave ? (leave.reason ?? null) : null,
  };
}

/** Builds the job that fetches a closed session from 100ms, with the same columns as enqueueJob writes. */
export function reconciliationJob(sessionId: string): { kind: string; key: string; payload: string; maxAttempts: number } {
  return {
    kind: RECONCILE_SESSION_JOB,
    key: sessionId,
    payload: JSON.stringify({ sessionId }),
    maxAttempts: RECONCILE_MAX_ATTEMPTS,
  };
}
