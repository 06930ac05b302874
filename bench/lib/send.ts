/** Posting webhook deliveries to a server on loopback, as 100ms does. */
import { BENCH_WEBHOOK_SECRET } from "./server";

/** Posts one body to the webhook endpoint; returns the status, or 0 when no response arrived (refused, reset, timed out). */
export async function postDelivery(baseUrl: string, body: string | Uint8Array, timeoutMs = 30_000): Promise<number> {
  try {
    const response = await fetch(`${baseUrl}/api/webhooks/100ms`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-webhook-secret": BENCH_WEBHOOK_SECRET },
      body: typeof body === "string" ? body : new Uint8Array(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}
