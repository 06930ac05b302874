/**
 * The "reconcile-session" job: queued when session.close.success is stored,
 * it fetches the session from the 100ms API and reconciles its peers.
 */
import { z } from "zod";

import { prisma } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { HmsApiClient } from "../hms/api-client";
import type { JobHandler } from "../jobs/worker";
import { enqueueJob } from "../jobs/queue";
import { logger } from "../logger";
import { reconcileSession } from "./reconcile-session";

export const RECONCILE_SESSION_JOB = "reconcile-session";

/** Attempts before a reconciliation is marked failed; with the worker's backoff they span about 10 minutes. */
export const RECONCILE_MAX_ATTEMPTS = 8;

const payloadSchema = z.object({ sessionId: z.string().min(1) });

/** Queues reconciliation of a closed session and marks the session pending, inside the caller's transaction. */
export async function queueReconciliation(tx: Prisma.TransactionClient, sessionId: string): Promise<void> {
  await enqueueJob(tx, { kind: RECONCILE_SESSION_JOB, key: sessionId, payload: { sessionId }, maxAttempts: RECONCILE_MAX_ATTEMPTS });
  await tx.session.update({ where: { id: sessionId }, data: { reconciliationStatus: "pending" } });
}

export function createReconcileHandler(client: HmsApiClient): JobHandler {
  return {
    async run(payload) {
      const { sessionId } = payloadSchema.parse(payload);
      const session = await client.getSession(sessionId);
      const result = await reconcileSession(session);
      logger.info({ event: "reconcile.done", sessionId, ...result }, "session %s reconciled with 100ms", sessionId);
    },

    async onFailure(payload, error, _job, final) {
      const parsed = payloadSchema.safeParse(payload);
      if (!parsed.success) return;
      const message = error instanceof Error ? error.message : String(error);
      await prisma.session.updateMany({
        where: { id: parsed.data.sessionId },
        data: { reconciliationError: message.slice(0, 500), ...(final ? { reconciliationStatus: "failed", reconciledAt: new Date() } : {}) },
      });
    },
  };
}
