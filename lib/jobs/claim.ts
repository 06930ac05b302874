/**
 * Job claiming, the one place where workers compete for jobs.
 *
 * A job is claimable when it is pending and due, or when it is running but
 * its lease has expired because the worker that claimed it stopped. The claim
 * is a conditional update that only succeeds while the job is still in the
 * state that was read, so two workers never run the same attempt.
 * TODO: on PostgreSQL with several app instances, replace the read and the
 * conditional update with one `SELECT ... FOR UPDATE SKIP LOCKED` statement.
 */
import { prisma } from "../db";
import type { Job } from "../generated/prisma/client";

/** How long a claimed job belongs to its worker before another may take it over. */
export const JOB_LEASE_MS = 5 * 60_000;

/** Candidates read per claim; more than one lets a worker skip a job that another worker just took. */
const CANDIDATES = 5;

/** Claims the next due job for `workerId`, counting the attempt, or returns null when none is due. */
export async function claimNextJob(workerId: string, nowMs: number = Date.now(), kinds?: readonly string[]): Promise<Job | null> {
  const now = new Date(nowMs);
  const leaseExpired = new Date(nowMs - JOB_LEASE_MS);
  const claimable = {
    OR: [
      { status: "pending", nextAttemptAt: { lte: now } },
      { status: "running", lockedAt: { lt: leaseExpired } },
    ],
    ...(kinds ? { kind: { in: [...kinds] } } : {}),
  };

  const candidates = await prisma.job.findMany({ where: claimable, orderBy: { nextAttemptAt: "asc" }, take: CANDIDATES });
  for (const candidate of candidates) {
    const { count } = await prisma.job.updateMany({
      where: { id: candidate.id, status: candidate.status, attempts: candidate.attempts, ...claimable },
      data: { status: "running", lockedAt: now, lockedBy: workerId, attempts: { increment: 1 } },
    });
    if (count === 1) return prisma.job.findUnique({ where: { id: candidate.id } });
  }
  return null;
}
