/** Posts webhook bodies to the real route handler, in process. */
import { POST } from "@/app/api/webhooks/100ms/route";

import type { WebhookBody } from "./hms-events";

/** Headers with the webhook secret that tests/setup-database.ts configures. */
export function webhookSecretHeaders(): Record<string, string> {
  return { [process.env.WEBHOOK_SECRET_HEADER || "x-webhook-secret"]: process.env.WEBHOOK_SECRET ?? "" };
}

/**
 * Posts a body to POST /api/webhooks/100ms with the configured secret and
 * returns the response. `secret: false` leaves the secret header out.
 */
export async function postWebhook(
  body: unknown,
  init: { raw?: string; headers?: Record<string, string>; secret?: boolean } = {},
): Promise<Response> {
  const request = new Request("http://localhost/api/webhooks/100ms", {
    method: "POST",
    headers: { "content-type": "application/json", ...(init.secret === false ? {} : webhookSecretHeaders()), ...init.headers },
    body: init.raw ?? JSON.stringify(body),
  });
  return POST(request);
}

/** Posts every body in order and fails unless each one gets 200. */
export async function postAll(bodies: readonly WebhookBody[]): Promise<void> {
  for (const body of bodies) {
    const response = await postWebhook(body);
    if (response.status !== 200) {
      throw new Error(`${body.type} ${body.id} got HTTP ${response.status}: ${await response.text()}`);
    }
  }
}
