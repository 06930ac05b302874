/** Starts the server's one job worker and stops it when the process is asked to stop. */
import { getEnv } from "../env";
import { createHmsClientFromEnv } from "../hms/client-from-env";
import { logger } from "../logger";
import { createReconcileHandler, RECONCILE_SESSION_JOB } from "../reconcile/reconcile-job";
import { queueStaleLiveSessions } from "../reconcile/stale-sessions";
import { JobWorker } from "./worker";

const globalForWorker = globalThis as unknown as { rollcallJobWorker?: JobWorker };

/** How often the server looks for sessions whose close never arrived. */
const STALE_SESSION_SWEEP_MS = 10 * 60_000;

/** Starts the worker unless one already runs in this process; returns it, or null without 100ms credentials. */
export function startJobWorker(): JobWorker | null {
  if (globalForWorker.rollcallJobWorker) return globalForWorker.rollcallJobWorker;
  const client = createHmsClientFromEnv();
  if (!client) return null;

  const worker = new JobWorker({ [RECONCILE_SESSION_JOB]: createReconcileHandler(client) }, getEnv().JOB_POLL_INTERVAL_MS);
  globalForWorker.rollcallJobWorker = worker;
  worker.start();

  const sweep = () => {
    queueStaleLiveSessions().catch((error: unknown) =>
      logger.error({ event: "reconcile.stale_sweep_failed", err: error }, "could not look for sessions whose close never arrived"),
    );
  };
  sweep();
  setInterval(sweep, STALE_SESSION_SWEEP_MS).unref();

  // A job cut off by the exit stays claimed until its lease expires, and then runs again.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      worker.stop().catch((error: unknown) => logger.error({ event: "job_worker.stop_failed", err: error }, "job worker did not stop cleanly"));
    });
  }
  return worker;
}
