/**
 * The webhook endpoint's shared secret: 100ms sends the headers configured in
 * its dashboard, and the endpoint accepts a delivery only when the header
 * named WEBHOOK_SECRET_HEADER carries WEBHOOK_SECRET.
 */
import { createHash, timingSafeEqual } from "node:crypto";

import type { Env } from "../env";
import { logger } from "../logger";

export type WebhookSecretCheck = "accepted" | "not-configured" | "missing" | "wrong";

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/**
 * Compares the request's secret header with WEBHOOK_SECRET in constant time
 * (both sides are hashed first, so their lengths do not leak either).
 * Returns "not-configured" when no secret is set, which only development allows.
 */
export function checkWebhookSecret(request: Request, env: Pick<Env, "WEBHOOK_SECRET" | "WEBHOOK_SECRET_HEADER">): WebhookSecretCheck {
  if (!env.WEBHOOK_SECRET) return "not-configured";
  const received = request.headers.get(env.WEBHOOK_SECRET_HEADER);
  if (received === null || received === "") return "missing";
  return timingSafeEqual(digest(received), digest(env.WEBHOOK_SECRET)) ? "accepted" : "wrong";
}

let warnedNotConfigured = false;

/** Returns a 401 response for a missing or wrong secret, logged without the secret, or null when the delivery may proceed. */
export function rejectUnlessWebhookSecret(request: Request, env: Env): Response | null {
  const check = checkWebhookSecret(request, env);
  if (check === "accepted") return null;
  if (check === "not-configured") {
    if (!warnedNotConfigured) {
      warnedNotConfigured = true;
      logger.warn({ event: "webhook.secret_not_configured" }, "WEBHOOK_SECRET is not set: the webhook endpoint accepts unauthenticated deliveries");
    }
    return null;
  }
  logger.warn(
    { event: "webhook.unauthorized", problem: check, header: env.WEBHOOK_SECRET_HEADER, clientAddress: request.headers.get("x-forwarded-for") ?? undefined },
    check === "missing" ? "webhook delivery without the secret header" : "webhook delivery with a wrong secret",
  );
  return Response.json({ error: `Missing or invalid ${env.WEBHOOK_SECRET_HEADER} header` }, { status: 401 });
}
