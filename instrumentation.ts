/** Runs once when the Next.js server starts: validates the configuration and logs the start. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;

  // Throws EnvError, so that the server does not start, for an invalid
  // configuration such as APP_ENV=production without WEBHOOK_SECRET.
  const { getEnv } = await import("./lib/env");
  const env = getEnv();

  const { logger } = await import("./lib/logger");
  const { getAuthSecret } = await import("./lib/auth/secret");
  getAuthSecret(env);
  if (!env.WEBHOOK_SECRET) {
    logger.warn(
      { event: "webhook.secret_not_configured", appEnv: env.APP_ENV },
      "WEBHOOK_SECRET is not set: the webhook endpoint accepts deliveries without a secret. Set it before exposing Rollcall to the internet.",
    );
  }
  logger.info(
    { event: "server.started", appEnv: env.APP_ENV, displayTimeZone: env.DISPLAY_TIME_ZONE, excludedRoles: env.EXCLUDED_ROLES },
    "Rollcall server started",
  );
}
