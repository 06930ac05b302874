/**
 * Stores a validated 100ms webhook event once, keyed by its id, and applies
 * it to rooms, sessions and peers in the same transaction.
 *
 * 100ms delivers at least once and in any order, so each update is a merge
 * whose result does not depend on arrival order: the earliest start and the
 * latest end win, a leave's name and role win over its join's, and a join
 * never clears a leave time.
 */
import { prisma } from "../db";
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

type Tx = Prisma.TransactionClient;

export type IngestOutcome = "applied" | "stored" | "duplicate";

/**
 * Stores and applies one event. Returns "duplicate" when an event with the
 * same id was stored before, "applied" when it changed attendance data, and
 * "stored" for types that are only kept.
 */
export async function ingestEvent(event: HmsWebhookEvent, rawBody: string, receivedAtMs: number): Promise<IngestOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction((tx) => storeAndApply(tx, event, rawBody, receivedAtMs), {
        isolationLevel: "Serializable",
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
  const existing = await tx.webhookEvent.findUnique({ where: { id: event.id }, select: { id: true } });
  if (existing) return "duplicate";

  await tx.webhookEvent.create({
    data: {
      id: event.id,
      type: event.type,
      occurredAt: new Date(event.timestamp ?? receivedAtMs),
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

/** P2002: unique constraint failed. P2034: write conflict or deadlock; retry the transaction. */
function isRetryableConflict(error: unknown): boolean {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === "P2002" || code === "P2034";
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
      await upsertSession(tx, event.data, event.data.session_started_at);
      return;
    case "session.close.success":
      await applySessionClose(tx, event);
      return;
    case "peer.join.success":
      await upsertSession(tx, event.data, event.data.session_started_at ?? null);
      await applyPeerJoin(tx, event);
      return;
    case "peer.leave.success":
      await upsertSession(tx, event.data, event.data.session_started_at ?? null);
      await applyPeerLeave(tx, event);
      return;
  }
}

function earliest(a: Date | null, bMs: number | null): Date | null {
  if (bMs === null) return a;
  if (a === null || bMs < a.getTime()) return new Date(bMs);
  return a;
}

function latest(a: Date | null, bMs: number | null): Date | null {
  if (bMs === null) return a;
  if (a === null || bMs > a.getTime()) return new Date(bMs);
  return a;
}

async function upsertSession(
  tx: Tx,
  data: { room_id: string; room_name?: string; session_id: string },
  startedAtMs: number | null,
): Promise<{ startedAt: Date | null; stoppedAt: Date | null }> {
  const roomName = data.room_name || data.room_id;
  await tx.room.upsert({
    where: { id: data.room_id },
    create: { id: data.room_id, name: roomName },
    update: data.room_name ? { name: data.room_name } : {},
  });

  const session = await tx.session.findUnique({ where: { id: data.session_id } });
  if (!session) {
    const startedAt = startedAtMs === null ? null : new Date(startedAtMs);
    await tx.session.create({ data: { id: data.session_id, roomId: data.room_id, startedAt } });
    return { startedAt, stoppedAt: null };
  }

  const startedAt = earliest(session.startedAt, startedAtMs);
  if (startedAt !== session.startedAt) {
    await tx.session.update({ where: { id: session.id }, data: { startedAt } });
  }
  return { startedAt, stoppedAt: session.stoppedAt };
}

async function applySessionClose(tx: Tx, event: SessionCloseEvent): Promise<void> {
  const { data } = event;
  const current = await upsertSession(tx, data, data.session_started_at);
  const stoppedAt = latest(current.stoppedAt, data.session_stopped_at);
  await tx.session.update({
    where: { id: data.session_id },
    data: { stoppedAt, reportedDurationSeconds: data.session_duration ?? undefined },
  });
}

async function applyPeerJoin(tx: Tx, event: PeerJoinEvent): Promise<void> {
  const { data } = event;
  const peer = await tx.peer.findUnique({ where: { id: data.peer_id } });
  if (!peer) {
    await tx.peer.create({
      data: {
        id: data.peer_id,
        sessionId: data.session_id,
        userId: data.user_id,
        name: data.user_name,
        role: data.role,
        peerType: data.type ?? null,
        joinedAt: data.joined_at === null ? null : new Date(data.joined_at),
      },
    });
    return;
  }

  // A join that arrives after the leave only fills in what the leave lacked.
  await tx.peer.update({
    where: { id: peer.id },
    data: {
      joinedAt: earliest(peer.joinedAt, data.joined_at),
      ...(peer.leaveSeen ? {} : { userId: data.user_id, name: data.user_name, role: data.role }),
      peerType: peer.peerType ?? data.type ?? null,
    },
  });
}

async function applyPeerLeave(tx: Tx, event: PeerLeaveEvent): Promise<void> {
  const { data } = event;
  const peer = await tx.peer.findUnique({ where: { id: data.peer_id } });
  const fields = {
    userId: data.user_id,
    name: data.user_name,
    role: data.role,
    leaveReason: data.reason ?? null,
    leaveSeen: true,
  };
  if (!peer) {
    await tx.peer.create({
      data: {
        id: data.peer_id,
        sessionId: data.session_id,
        peerType: data.type ?? null,
        joinedAt: data.joined_at === null ? null : new Date(data.joined_at),
        leftAt: data.left_at === null ? null : new Date(data.left_at),
        ...fields,
      },
    });
    return;
  }

  await tx.peer.update({
    where: { id: peer.id },
    data: {
      joinedAt: earliest(peer.joinedAt, data.joined_at),
      leftAt: latest(peer.leftAt, data.left_at),
      peerType: peer.peerType ?? data.type ?? null,
      ...fields,
    },
  });
}
