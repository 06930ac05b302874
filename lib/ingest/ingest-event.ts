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
import { getEnv, hmsCredentials } from "../env";
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
 * "stored" for types that are only kept.
 */
export async function ingestEvent(event: HmsWebhookEvent, rawBody: string, receivedAtMs: number): Promise<IngestOutcome> {
  try {
    return await prisma.$transaction(async (tx) => {
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
    });
  } catch (error) {
    // Two deliveries of one event raced past the lookup: the other one stored it.
    if (isUniqueViolation(error)) return "duplicate";
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
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

  // The response does not wait for 100ms: a durable job fetches the session later.
  if (hmsCredentials(getEnv()) !== null) await queueReconciliation(tx, data.session_id);
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
  // Times taken from the 100ms API are the authority and stay.
  await tx.peer.update({
    where: { id: peer.id },
    data: {
      joinedAt: peer.timesFromApi ? peer.joinedAt : earliest(peer.joinedAt, data.joined_at),
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

  // Times taken from the 100ms API stay, but a real leave replaces a leave time estimated at the close.
  const keepApiTimes = peer.timesFromApi && !peer.leftAtEstimated;
  let leftAt = keepApiTimes ? peer.leftAt : latest(peer.leftAt, data.left_at);
  if (peer.leftAtEstimated && data.left_at !== null) leftAt = new Date(data.left_at);
  await tx.peer.update({
    where: { id: peer.id },
    data: {
      joinedAt: peer.timesFromApi ? peer.joinedAt : earliest(peer.joinedAt, data.joined_at),
      leftAt,
      leftAtEstimated: peer.leftAtEstimated && data.left_at === null,
      peerType: peer.peerType ?? data.type ?? null,
      ...fields,
    },
  });
}
