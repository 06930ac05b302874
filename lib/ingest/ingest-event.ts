/**
 * Stores a validated 100ms webhook event once, keyed by its id, and applies
 * it to rooms, sessions and peers in the same transaction.
 *
 * 100ms delivers at least once and in any order, so each update is a merge
 * whose result does not depend on arrival order: the earliest start and the
 * latest end win, a leave's name and role win over its join's, and a join
 * never clears a leave time. Transactions run at the database's default
 * isolation (READ COMMITTED on PostgreSQL); the merges stay exact there
 * because each is a single conditional UPDATE.
 */
import { databaseEngine, prisma } from "../db";
import { getEnv, hmsCredentials } from "../env";
import { logger } from "../logger";
import type { Prisma } from "../generated/prisma/client";
import {
  isAttendanceEvent,
  stringField,
  type HmsWebhookEvent,
  type PeerJoinEvent,
  type PeerLeaveEvent,
  type SessionCloseEvent,
  type SessionOpenEvent,
} from "../hms/webhook";
import { queueReconciliation } from "../reconcile/reconcile-job";

type Tx = Prisma.TransactionClient;

export type IngestOutcome = "applied" | "stored" | "duplicate";

/**
 * Stores and applies one event. Returns "duplicate" when an event with the
 * same id was stored before, "applied" when it changed attendance data, and
 * "stored" for types that are only kept. The promise settles after the
 * event's transaction has committed.
 *
 * Events that arrive while a transaction is running wait and are then
 * written together in one transaction (group commit), so that one commit
 * and one lock acquisition serve up to MAX_BATCH_EVENTS deliveries. When a
 * batch fails, each of its events runs again in a transaction of its own,
 * so an event that fails does not take the rest of its batch with it.
 */
export function ingestEvent(event: HmsWebhookEvent, rawBody: string, receivedAtMs: number): Promise<IngestOutcome> {
  return new Promise((resolve, reject) => {
    pending.push({ event, rawBody, receivedAtMs, resolve, reject });
    if (!flushing) void flushPending();
  });
}

/** Largest number of events written in one transaction. */
const MAX_BATCH_EVENTS = 100;

interface PendingEvent {
  event: HmsWebhookEvent;
  rawBody: string;
  receivedAtMs: number;
  resolve: (outcome: IngestOutcome) => void;
  reject: (error: unknown) => void;
}

const pending: PendingEvent[] = [];
let flushing = false;

async function flushPending(): Promise<void> {
  flushing = true;
  try {
    while (pending.length > 0) {
      await writeBatch(pending.splice(0, MAX_BATCH_EVENTS));
    }
  } finally {
    flushing = false;
  }
}

async function writeBatch(batch: PendingEvent[]): Promise<void> {
  if (batch.length > 1) {
    try {
      const outcomes = await prisma.$transaction(
        async (tx) => {
          const results: IngestOutcome[] = [];
          for (const item of batch) results.push(await storeAndApply(tx, item.event, item.rawBody, item.receivedAtMs));
          return results;
        },
        { maxWait: 10_000, timeout: 20_000 },
      );
      batch.forEach((item, index) => item.resolve(outcomes[index]));
      return;
    } catch (error) {
      logger.warn(
        { event: "webhook.batch_failed", events: batch.length, code: (error as { code?: string }).code, err: error },
        "group commit failed; writing its events one by one",
      );
    }
  }
  for (const item of batch) {
    try {
      item.resolve(await ingestOne(item.event, item.rawBody, item.receivedAtMs));
    } catch (error) {
      item.reject(error);
    }
  }
}

/** Stores and applies one event in a transaction of its own, retrying write conflicts. */
async function ingestOne(event: HmsWebhookEvent, rawBody: string, receivedAtMs: number): Promise<IngestOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction((tx) => storeAndApply(tx, event, rawBody, receivedAtMs), {
        maxWait: 10_000,
        timeout: 20_000,
      });
    } catch (error) {
      // Another delivery touched the same rows at the same moment (a unique key race, or a
      // serialization failure on PostgreSQL). Running the transaction again sees its result:
      // a duplicate event is then found by id, and a new event merges into the stored rows.
      if (!isRetryableConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
      logger.warn({ event: "webhook.retry", eventId: event.id, attempt, code: (error as { code?: string }).code }, "retrying event after a write conflict");
      await sleep(Math.random() * 20 * attempt);
    }
  }
}

const MAX_ATTEMPTS = 8;

async function storeAndApply(tx: Tx, event: HmsWebhookEvent, rawBody: string, receivedAtMs: number): Promise<IngestOutcome> {
  if (databaseEngine() === "sqlite") await takeSqliteWriteLock(tx);

  const existing = await tx.webhookEvent.findUnique({ where: { id: event.id }, select: { id: true } });
  if (existing) return "duplicate";

  await tx.webhookEvent.create({
    data: {
      id: event.id,
      type: event.type,
      occurredAt: new Date(event.timestamp),
      sessionId: stringField(event.data, "session_id"),
      peerId: stringField(event.data, "peer_id"),
      isReplay: event.is_replay ?? false,
      payload: rawBody,
      receivedAt: new Date(receivedAtMs),
    },
  });

  if (!isAttendanceEvent(event)) return "stored";
  await applyEvent(tx, event);
  return "applied";
}

/**
 * Takes SQLite's write lock at the start of the transaction, as BEGIN IMMEDIATE
 * would. Prisma opens transactions with a plain BEGIN, and a transaction that
 * reads first and then writes fails at once with SQLITE_BUSY when another
 * process writes; one that writes first waits for the lock instead. An UPDATE
 * takes the lock even when it matches no row.
 */
async function takeSqliteWriteLock(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe('UPDATE "WebhookEvent" SET "id" = "id" WHERE 0');
}

/**
 * P2002: unique constraint failed. P2034: write conflict or deadlock. P1008 with
 * SQLITE_BUSY: another process held SQLite's lock past the busy timeout.
 */
function isRetryableConflict(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, meta } = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  if (code === "P2002" || code === "P2034") return true;
  return code === "P1008" && meta?.driverAdapterError?.cause?.originalCode === "SQLITE_BUSY";
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function applyEvent(
  tx: Tx,
  event: SessionOpenEvent | SessionCloseEvent | PeerJoinEvent | PeerLeaveEvent,
): Promise<void> {
  switch (event.type) {
    case "session.open.success":
      await mergeSession(tx, event.data, event.data.session_started_at);
      return;
    case "session.close.success":
      await mergeSession(tx, event.data, event.data.session_started_at);
      await mergeSessionClose(tx, event);
      return;
    case "peer.join.success":
      await mergeSession(tx, event.data, event.data.session_started_at ?? null);
      await mergePeerJoin(tx, event);
      return;
    case "peer.leave.success":
      await mergeSession(tx, event.data, event.data.session_started_at ?? null);
      await mergePeerLeave(tx, event);
      return;
  }
}

// Every merge below is one conditional UPDATE, such as "set startedAt to X where it is
// null or later than X". The database evaluates the condition against the latest
// committed row while it holds the row lock, so concurrent deliveries on several
// instances cannot lose an update. A row that does not exist yet is created; when two
// deliveries create it at once, one fails with P2002 and its transaction runs again.

function dateOrNull(ms: number | null | undefined): Date | null {
  return ms === null || ms === undefined ? null : new Date(ms);
}

async function mergeSession(
  tx: Tx,
  data: { room_id: string; room_name?: string; session_id: string },
  startedAtMs: number | null,
): Promise<void> {
  const room = await tx.room.findUnique({ where: { id: data.room_id }, select: { name: true } });
  if (!room) {
    await tx.room.create({ data: { id: data.room_id, name: data.room_name || data.room_id } });
  } else if (data.room_name && room.name !== data.room_name) {
    await tx.room.update({ where: { id: data.room_id }, data: { name: data.room_name } });
  }

  const session = await tx.session.findUnique({ where: { id: data.session_id }, select: { id: true } });
  if (!session) {
    await tx.session.create({ data: { id: data.session_id, roomId: data.room_id, startedAt: dateOrNull(startedAtMs) } });
    return;
  }
  if (startedAtMs !== null) {
    const startedAt = new Date(startedAtMs);
    await tx.session.updateMany({
      where: { id: data.session_id, OR: [{ startedAt: null }, { startedAt: { gt: startedAt } }] },
      data: { startedAt },
    });
  }
}

async function mergeSessionClose(tx: Tx, event: SessionCloseEvent): Promise<void> {
  const { data } = event;
  if (data.session_duration !== undefined) {
    await tx.session.update({ where: { id: data.session_id }, data: { reportedDurationSeconds: data.session_duration } });
  }
  const stoppedAt = new Date(data.session_stopped_at);
  await tx.session.updateMany({
    where: { id: data.session_id, OR: [{ stoppedAt: null }, { stoppedAt: { lt: stoppedAt } }] },
    data: { stoppedAt },
  });

  // The response does not wait for 100ms: a durable job fetches the session later.
  if (hmsCredentials(getEnv()) !== null) await queueReconciliation(tx, data.session_id);
}

/** Creates the peer when it is new; returns false when it already existed. */
async function createPeerIfMissing(tx: Tx, data: PeerJoinEvent["data"] | PeerLeaveEvent["data"], leave: PeerLeaveEvent["data"] | null): Promise<boolean> {
  const existing = await tx.peer.findUnique({ where: { id: data.peer_id }, select: { id: true } });
  if (existing) return false;

  await tx.peer.create({
    data: {
      id: data.peer_id,
      sessionId: data.session_id,
      userId: data.user_id,
      name: data.user_name,
      role: data.role,
      peerType: data.type ?? null,
      joinedAt: dateOrNull(data.joined_at),
      leftAt: dateOrNull(leave?.left_at),
      leaveReason: leave?.reason ?? null,
      leaveSeen: leave !== null,
    },
  });
  return true;
}

async function mergeJoinedAt(tx: Tx, peerId: string, joinedAtMs: number | null): Promise<void> {
  if (joinedAtMs === null) return;
  const joinedAt = new Date(joinedAtMs);
  // Times taken from the 100ms API are the authority and stay.
  await tx.peer.updateMany({
    where: { id: peerId, timesFromApi: false, OR: [{ joinedAt: null }, { joinedAt: { gt: joinedAt } }] },
    data: { joinedAt },
  });
}

async function mergePeerJoin(tx: Tx, event: PeerJoinEvent): Promise<void> {
  const { data } = event;
  if (await createPeerIfMissing(tx, data, null)) return;

  await mergeJoinedAt(tx, data.peer_id, data.joined_at);
  // A join that arrives after the leave keeps the leave's name, role and user_id.
  await tx.peer.updateMany({
    where: { id: data.peer_id, leaveSeen: false },
    data: { userId: data.user_id, name: data.user_name, role: data.role },
  });
  if (data.type) {
    await tx.peer.updateMany({ where: { id: data.peer_id, peerType: null }, data: { peerType: data.type } });
  }
}

async function mergePeerLeave(tx: Tx, event: PeerLeaveEvent): Promise<void> {
  const { data } = event;
  if (await createPeerIfMissing(tx, data, data)) return;

  await mergeJoinedAt(tx, data.peer_id, data.joined_at);
  await tx.peer.update({
    where: { id: data.peer_id },
    data: {
      userId: data.user_id,
      name: data.user_name,
      role: data.role,
      leaveReason: data.reason ?? null,
      leaveSeen: true,
    },
  });
  if (data.left_at !== null) {
    const leftAt = new Date(data.left_at);
    // A real leave replaces a leave time estimated at the close; otherwise the latest
    // leave wins, unless the time came from the 100ms API.
    await tx.peer.updateMany({ where: { id: data.peer_id, leftAtEstimated: true }, data: { leftAt, leftAtEstimated: false } });
    await tx.peer.updateMany({
      where: { id: data.peer_id, timesFromApi: false, OR: [{ leftAt: null }, { leftAt: { lt: leftAt } }] },
      data: { leftAt },
    });
  }
  if (data.type) {
    await tx.peer.updateMany({ where: { id: data.peer_id, peerType: null }, data: { peerType: data.type } });
  }
}
