/** Posts webhook bodies to the real route handler, in process. */
import { POST } from "@/app/api/webhooks/100ms/route";

import type { WebhookBody } from "./hms-events";

/** Posts a body to POST /api/webhooks/100ms and returns the response. */
export async function postWebhook(body: unknown, init: { raw?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  const request = new Request("http://localhost/api/webhooks/100ms", {
    method: "POST",
    headers: { "content-type": "application/json", ...init.headers },
    body: init.raw ?? JSON.stringify(body),
  });
  return POST(request);
}

/** Posts every body in order and fails unless each one is answered with 200. */
export async function postAll(bodies: readonly WebhookBody[]): Promise<void> {
  for (const body of bodies) {
    const response = await postWebhook(body);
    if (response.status !== 200) {
      throw new Error(`${body.type} ${body.id} answered ${response.status}: ${await response.text()}`);
    }
  }
}
