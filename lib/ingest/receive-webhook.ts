/**
 * The webhook endpoint's work, apart from HTTP routing: read and bound the
 * body, decode and validate it, store and apply the event, and log what
 * happened. Returns the status and JSON body of the response.
 */
import { parseWebhookEvent, stringField } from "../hms/webhook";
import { exceedsJsonDepth } from "../http/json-depth";
import { BodyTooLargeError, readBodyWithLimit } from "../http/read-body";
import { logger } from "../logger";
import { ingestEvent } from "./ingest-event";

/** Largest accepted webhook body; 100ms events are a few kilobytes. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/**
 * Deepest nesting of arrays and objects accepted. 100ms events nest three
 * levels; the limit keeps anything that later walks a stored payload from
 * recursing without bound.
 */
export const MAX_WEBHOOK_JSON_DEPTH = 32;

export interface WebhookResponse {
  status: number;
  body: Record<string, unknown>;
}

export async function receiveWebhook(request: Request): Promise<WebhookResponse> {
  const receivedAtMs = Date.now();

  let raw: string;
  try {
    raw = await readBodyWithLimit(request, MAX_WEBHOOK_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      logger.warn({ event: "webhook.rejected", limitBytes: error.limitBytes }, "webhook body too large");
      return { status: 413, body: { error: `Request body exceeds ${MAX_WEBHOOK_BODY_BYTES} bytes` } };
    }
    if (error instanceof TypeError) {
      logger.warn({ event: "webhook.rejected", err: error.message }, "webhook body is not valid UTF-8");
      return { status: 400, body: { error: "Request body is not valid UTF-8" } };
    }
    throw error;
  }

  if (exceedsJsonDepth(raw, MAX_WEBHOOK_JSON_DEPTH)) {
    logger.warn({ event: "webhook.rejected", maxDepth: MAX_WEBHOOK_JSON_DEPTH }, "webhook body nests too deeply");
    return { status: 400, body: { error: `Request body nests arrays and objects deeper than ${MAX_WEBHOOK_JSON_DEPTH} levels` } };
  }

  let decoded: unknown;
  try {
    decoded = JSON.parse(raw);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.warn({ event: "webhook.rejected", err: message }, "webhook body is not valid JSON");
    return { status: 400, body: { error: `Invalid JSON: ${message}` } };
  }

  const parsed = parseWebhookEvent(decoded);
  if (!parsed.ok) {
    const eventId = typeof (decoded as { id?: unknown } | null)?.id === "string" ? (decoded as { id: string }).id.slice(0, 64) : undefined;
    logger.warn({ event: "webhook.rejected", eventId, problem: parsed.message }, "invalid webhook payload");
    return { status: 400, body: { error: `Invalid webhook payload: ${parsed.message}` } };
  }

  const { event } = parsed;
  const outcome = await ingestEvent(event, raw, receivedAtMs);
  logger.info(
    {
      event: "webhook.received",
      eventId: event.id,
      type: event.type,
      sessionId: stringField(event.data, "session_id") ?? undefined,
      peerId: stringField(event.data, "peer_id") ?? undefined,
      outcome,
    },
    "webhook event %s",
    outcome,
  );
  return { status: 200, body: { id: event.id, outcome } };
}
