/**
 * Start-up checks of the Next.js server, run by instrumentation.ts: exits
 * when the configuration is invalid (such as APP_ENV=production without
 * WEBHOOK_SECRET), because Next.js keeps serving after a failed instrumentation hook.
 */
import { getAuthSecret } from "./auth/secret";
import { EnvError, getEnv, type Env } from "./env";

export async function checkServerStart(): Promise<Env> {
  let env: Env;
  try {
    env = getEnv();
    getAuthSecret(env);
  } catch (error) {
    console.error(error instanceof EnvError ? error.message : error);
    process.exit(2);
  }

  const { logger } = await import("./logger");
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
  return env;
}
