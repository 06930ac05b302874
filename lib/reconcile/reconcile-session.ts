/**
 * Reconciles a stored session with the 100ms Sessions API, which is the
 * authority for `joined_at` and `left_at`:
 * - a peer that no webhook announced is added;
 * - join and leave times are taken from the API where they differ;
 * - a peer that still has no leave after the close takes the API's `left_at`,
 *   and only where the API has none ends at the session close, marked estimated.
 * Running it again on the same API data changes nothing.
 */
import { prisma } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { HmsApiSession } from "../hms/api-client";

export interface ReconcileResult {
  /** "created" when the session was not stored before, as in a backfill. */
  outcome: "created" | "updated" | "unchanged";
  peersAdded: number;
  joinTimesChanged: number;
  leaveTimesChanged: number;
  leavesEstimated: number;
}

/** Raised for a session that 100ms still reports as active; reconciliation waits for the close. */
export class SessionStillActiveError extends Error {
  constructor(readonly sessionId: string) {
    super(`100ms still reports session ${sessionId} as active; reconciliation waits until it closes`);
    this.name = "SessionStillActiveError";
  }
}

/** Applies a closed session from the API to the database, in one transaction. */
export async function reconcileSession(api: HmsApiSession, nowMs: number = Date.now()): Promise<ReconcileResult> {
  if (api.active) throw new SessionStillActiveError(api.id);
  return prisma.$transaction((tx) => reconcileInTransaction(tx, api, nowMs));
}

async function reconcileInTransaction(tx: Prisma.TransactionClient, api: HmsApiSession, nowMs: number): Promise<ReconcileResult> {
  const result: ReconcileResult = { outcome: "unchanged", peersAdded: 0, joinTimesChanged: 0, leaveTimesChanged: 0, leavesEstimated: 0 };

  await tx.room.upsert({ where: { id: api.roomId }, create: { id: api.roomId, name: api.roomId }, update: {} });

  let session = await tx.session.findUnique({ where: { id: api.id }, include: { peers: true } });
  if (!session) {
    // 100ms defines a session's duration as updated_at - created_at, so those are its start and stop.
    session = await tx.session.create({
      data: {
        id: api.id,
        roomId: api.roomId,
        startedAt: api.createdAtMs === null ? null : new Date(api.createdAtMs),
        stoppedAt: api.updatedAtMs === null ? null : new Date(api.updatedAtMs),
      },
      include: { peers: true },
    });
    result.outcome = "created";
  } else if (session.stoppedAt === null || session.startedAt === null) {
    session = await tx.session.update({
      where: { id: session.id },
      data: {
        startedAt: session.startedAt ?? (api.createdAtMs === null ? null : new Date(api.createdAtMs)),
        stoppedAt: session.stoppedAt ?? (api.updatedAtMs === null ? null : new Date(api.updatedAtMs)),
      },
      include: { peers: true },
    });
    result.outcome = "updated";
  }
  const closedAt = session.stoppedAt;

  const stored = new Map(session.peers.map((peer) => [peer.id, peer]));
  for (const apiPeer of api.peers) {
    const peer = stored.get(apiPeer.id);
    const apiLeftAt = apiPeer.leftAtMs === null ? null : new Date(apiPeer.leftAtMs);

    if (!peer) {
      const estimated = apiLeftAt === null && closedAt !== null;
      await tx.peer.create({
        data: {
          id: apiPeer.id,
          sessionId: session.id,
          userId: apiPeer.userId,
          name: apiPeer.name,
          role: apiPeer.role,
          joinedAt: apiPeer.joinedAtMs === null ? null : new Date(apiPeer.joinedAtMs),
          leftAt: apiLeftAt ?? closedAt,
          leftAtEstimated: estimated,
          timesFromApi: true,
        },
      });
      result.peersAdded += 1;
      if (estimated) result.leavesEstimated += 1;
      continue;
    }

    const joinedAt = apiPeer.joinedAtMs === null ? peer.joinedAt : new Date(apiPeer.joinedAtMs);
    const joinChanged = !sameInstant(joinedAt, peer.joinedAt);

    let leftAt = peer.leftAt;
    let leftAtEstimated = peer.leftAtEstimated;
    let leaveChanged = false;
    let estimatedNow = false;
    if (apiLeftAt !== null) {
      leaveChanged = !sameInstant(apiLeftAt, peer.leftAt) || peer.leftAtEstimated;
      leftAt = apiLeftAt;
      leftAtEstimated = false;
    } else if (peer.leftAt === null && closedAt !== null) {
      leftAt = closedAt;
      leftAtEstimated = true;
      estimatedNow = true;
    }

    if (joinChanged || leaveChanged || estimatedNow || !peer.timesFromApi) {
      await tx.peer.update({ where: { id: peer.id }, data: { joinedAt, leftAt, leftAtEstimated, timesFromApi: true } });
    }
    if (joinChanged) result.joinTimesChanged += 1;
    if (leaveChanged) result.leaveTimesChanged += 1;
    if (estimatedNow) result.leavesEstimated += 1;
  }

  // Peers that only the webhooks know and that never left end at the close.
  // NOTE: these writes use the rows read at the start of the transaction, so a real leave
  // stored by a webhook while it runs can be replaced by the estimated close time.
  const apiPeerIds = new Set(api.peers.map((peer) => peer.id));
  for (const peer of session.peers) {
    if (apiPeerIds.has(peer.id) || peer.leftAt !== null || closedAt === null) continue;
    await tx.peer.update({ where: { id: peer.id }, data: { leftAt: closedAt, leftAtEstimated: true } });
    result.leavesEstimated += 1;
  }

  const changed = result.peersAdded + result.joinTimesChanged + result.leaveTimesChanged + result.leavesEstimated > 0;
  if (changed && result.outcome === "unchanged") result.outcome = "updated";
  if (changed || session.reconciliationStatus !== "reconciled" || session.reconciliationError !== null) {
    await tx.session.update({
      where: { id: session.id },
      data: {
        reconciliationStatus: "reconciled",
        reconciledAt: new Date(nowMs),
        reconciliationError: null,
        peersAddedFromApi: { increment: result.peersAdded },
        joinTimesFromApi: { increment: result.joinTimesChanged },
        leaveTimesFromApi: { increment: result.leaveTimesChanged },
      },
    });
    if (!changed && result.outcome === "unchanged" && session.reconciliationStatus !== "reconciled") result.outcome = "updated";
  }
  return result;
}

function sameInstant(a: Date | null, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}
