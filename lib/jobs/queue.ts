/** Adds durable jobs to the Job table. Claiming and running them is in claim.ts and worker.ts. */
import { prisma } from "../db";
import type { Prisma } from "../generated/prisma/client";

type Db = Prisma.TransactionClient | typeof prisma;

export interface NewJob {
  kind: string;
  /** One job exists per kind and key; enqueueing again makes the existing job due now. */
  key: string;
  payload?: unknown;
  maxAttempts?: number;
}

/** Creates the job, or resets an existing one with the same kind and key to pending and due now. */
export async function enqueueJob(db: Db, job: NewJob, nowMs: number = Date.now()): Promise<void> {
  const payload = JSON.stringify(job.payload ?? {});
  const due = {
    payload,
    status: "pending",
    attempts: 0,
    nextAttemptAt: new Date(nowMs),
    lockedAt: null,
    lockedBy: null,
    lastError: null,
    ...(job.maxAttempts !== undefined ? { maxAttempts: job.maxAttempts } : {}),
  };
  await db.job.upsert({
    where: { kind_key: { kind: job.kind, key: job.key } },
    create: { kind: job.kind, key: job.key, ...due },
    update: due,
  });
}
