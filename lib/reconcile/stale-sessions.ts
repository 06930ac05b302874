/**
 * Finds sessions whose close never arrived. 100ms ends every session within
 * 12 hours, so a session still open here after that lost its
 * session.close.success, and only the Sessions API can tell when it ended.
 */
import { prisma } from "../db";
import { enqueueJob } from "../jobs/queue";
import { logger } from "../logger";
import { RECONCILE_MAX_ATTEMPTS, RECONCILE_SESSION_JOB } from "./reconcile-job";

/** 100ms's maximum session length. */
export const MAX_SESSION_MS = 12 * 60 * 60_000;

/** Queues reconciliation of every session open for longer than 100ms allows that has no reconciliation job yet; returns their ids. */
export async function queueStaleLiveSessions(nowMs: number = Date.now()): Promise<string[]> {
  const stale = await prisma.session.findMany({
    where: { stoppedAt: null, startedAt: { lt: new Date(nowMs - MAX_SESSION_MS) } },
    select: { id: true },
    take: 500,
  });
  if (stale.length === 0) return [];

  const existing = await prisma.job.findMany({
    where: { kind: RECONCILE_SESSION_JOB, key: { in: stale.map((session) => session.id) } },
    select: { key: true },
  });
  const queued = new Set(existing.map((job) => job.key));
  const ids = stale.map((session) => session.id).filter((id) => !queued.has(id));
  for (const sessionId of ids) {
    await enqueueJob(prisma, { kind: RECONCILE_SESSION_JOB, key: sessionId, payload: { sessionId }, maxAttempts: RECONCILE_MAX_ATTEMPTS }, nowMs);
    await prisma.session.update({ where: { id: sessionId }, data: { reconciliationStatus: "pending" } });
  }
  if (ids.length > 0) {
    logger.info({ event: "reconcile.stale_sessions_queued", sessionIds: ids }, "queued %d sessions whose close never arrived", ids.length);
  }
  return ids;
}
