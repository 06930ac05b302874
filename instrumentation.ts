/**
 * Runs once when the Next.js server starts: validates the configuration, logs
 * the start, and starts the job worker that reconciles closed sessions with the
 * 100ms Sessions API when HMS_ACCESS_KEY and HMS_APP_SECRET are set.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;

  const { checkServerStart } = await import("./lib/server-start");
  const env = await checkServerStart();

  const { hmsCredentials } = await import("./lib/env");
  const { logger } = await import("./lib/logger");

  const credentials = hmsCredentials(env);
  if (!credentials) {
    logger.info(
      { event: "reconcile.disabled" },
      "100ms API not configured (HMS_ACCESS_KEY, HMS_APP_SECRET): reconciliation is off and figures come from webhooks only",
    );
    return;
  }

  const { startJobWorker } = await import("./lib/jobs/start-worker");
  startJobWorker();
  logger.info({ event: "reconcile.enabled", apiBase: credentials.apiBase }, "reconciling closed sessions with the 100ms API");
}
