/** Builds the 100ms API client from the validated configuration. */
import { getEnv, hmsCredentials } from "../env";
import { logger } from "../logger";
import { HmsApiClient } from "./api-client";

/** Returns a client, or null when HMS_ACCESS_KEY and HMS_APP_SECRET are not configured. */
export function createHmsClientFromEnv(): HmsApiClient | null {
  const credentials = hmsCredentials(getEnv());
  if (!credentials) return null;
  return new HmsApiClient({
    baseUrl: credentials.apiBase,
    accessKey: credentials.accessKey,
    appSecret: credentials.appSecret,
    timeoutMs: credentials.timeoutMs,
    onRetry: ({ path, status, attempt, delayMs }) =>
      logger.warn({ event: "hms_api.retry", path, status, attempt, delayMs }, "100ms API returned HTTP %d; retrying", status),
  });
}
