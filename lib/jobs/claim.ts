/**
 * Job claiming, the one place where workers compete for jobs.
 *
 * A job is claimable when it is pending and due, or when it is running but
 * its lease has expired because the worker that claimed it stopped. The claim
 * is a conditional update that only succeeds while the job is still in the
 * state that was read, so two workers never run the same attempt. On
 * PostgreSQL, where several app instances share the table, one statement
 * picks and claims the job with `FOR UPDATE SKIP LOCKED`, so instances do not
 * wait for or collide on each other's rows.
 */
import { databaseEngine, prisma } from "../db";
import { Prisma, type Job } from "../generated/prisma/client";

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

  if (databaseEngine() === "postgresql") return claimWithSkipLocked(workerId, now, leaseExpired, kinds);

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

async function claimWithSkipLocked(workerId: string, now: Date, leaseExpired: Date, kinds?: readonly string[]): Promise<Job | null> {
  const kindFilter = kinds ? Prisma.sql`AND "kind" = ANY(${[...kinds]}::text[])` : Prisma.empty;
  const claimed = await prisma.$queryRaw<{ id: string }[]>`
    UPDATE "Job"
    SET "status" = 'running', "lockedAt" = ${now}, "lockedBy" = ${workerId}, "attempts" = "attempts" + 1, "updatedAt" = ${now}
    WHERE "id" = (
      SELECT "id" FROM "Job"
      WHERE (("status" = 'pending' AND "nextAttemptAt" <= ${now}) OR ("status" = 'running' AND "lockedAt" < ${leaseExpired}))
      ${kindFilter}
      ORDER BY "nextAttemptAt" ASC
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "id"`;
  if (claimed.length === 0) return null;
  return prisma.job.findUnique({ where: { id: claimed[0].id } });
}
