import { getEnv } from "@/lib/env";
import { receiveWebhook } from "@/lib/ingest/receive-webhook";
import { rejectUnlessWebhookSecret } from "@/lib/ingest/webhook-secret";
import { logger } from "@/lib/logger";

export const dynamic = "force-dynamic";

/** POST /api/webhooks/100ms: receives 100ms webhook events. Authenticated by the shared secret header, not by sign-in. */
export async function POST(request: Request): Promise<Response> {
  const rejection = rejectUnlessWebhookSecret(request, getEnv());
  if (rejection) return rejection;

  try {
    const { status, body } = await receiveWebhook(request);
    return Response.json(body, { status });
  } catch (error) {
    // 100ms retries anything but 200, so a failure here is redelivered later.
    logger.error({ event: "webhook.failed", err: error }, "webhook event could not be stored");
    return Response.json({ error: "Internal error; the event was not stored" }, { status: 500 });
  }
}
