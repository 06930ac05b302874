/** Runs once when the Next.js server starts: validates the configuration and logs the start. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;

  const { getEnv } = await import("./lib/env");
  const { logger } = await import("./lib/logger");
  const env = getEnv();
  logger.info(
    { event: "server.started", displayTimeZone: env.DISPLAY_TIME_ZONE, excludedRoles: env.EXCLUDED_ROLES },
    "Rollcall server started",
  );
}
