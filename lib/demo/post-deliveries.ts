/**
 * Posts webhook bodies to a Rollcall server the way 100ms delivers them: one
 * POST per event, in order, and up to three retries (1 s, 3 s and 10 s apart)
 * for each delivery whose response is not 200. Retries run alongside the
 * later first attempts, so a retried event arrives out of order, as it does
 * from 100ms.
 */
import { setTimeout as sleep } from "node:timers/promises";

export const WEBHOOK_PATH = "api/webhooks/100ms";

/** Delays before the retries of a delivery that got no 200, as 100ms documents them. */
export const HMS_RETRY_DELAYS_MS: readonly number[] = [1_000, 3_000, 10_000];

/**
 * A webhook request body, sent as is. Only `id`, `type`, and the peer's name
 * and role in `data` are read, for the progress lines.
 */
export interface WebhookBody {
  id: string;
  type: string;
  data?: object;
}

export interface PostDeliveriesOptions {
  /** Time in ms over which the first attempts are spread evenly. Default 8000. */
  spreadMs?: number;
  /** Extra request headers, such as the webhook secret header. `content-type` is always JSON. */
  headers?: Record<string, string>;
  /** Delays in ms before each retry of a delivery that got no 200. Default 1 s, 3 s, 10 s. */
  retryDelaysMs?: readonly number[];
  /** Maximum time in ms to wait for the server to accept connections before the first delivery. Default 60000. */
  serverWaitMs?: number;
  /** Maximum time in ms for one request, response body included. Default 15000. */
  requestTimeoutMs?: number;
  /** Receives one line of progress text per delivery, retry and wait. Default console.log. */
  log?: (line: string) => void;
}

export interface DeliveryResult {
  eventId: string;
  type: string;
  /** Requests sent for this delivery, retries included. */
  attempts: number;
  /** HTTP status of the last attempt, or null when it got no response. */
  status: number | null;
  accepted: boolean;
  /** The `outcome` field of the 200 response, such as "applied" or "duplicate". */
  outcome?: string;
  /** Why the last attempt failed: the response's error text or the network error. */
  error?: string;
}

export interface PostDeliveriesResult {
  webhookUrl: string;
  /** One entry per delivery, in the order of the input. */
  deliveries: DeliveryResult[];
  /** Attempts whose response had a status other than 200. */
  non200Responses: number;
  /** Attempts that got no response: connection errors and timeouts. */
  failedRequests: number;
  elapsedMs: number;
}

/** Error raised when no server responds at the webhook URL within the wait time. */
export class ServerUnavailableError extends Error {
  constructor(
    readonly url: string,
    readonly waitedMs: number,
    readonly lastError: string,
  ) {
    super(`No server responded at ${url} within ${Math.round(waitedMs / 1000)} s (last error: ${lastError})`);
    this.name = "ServerUnavailableError";
  }
}

/** Resolves `path` against a base URL, keeping any path prefix of the base. */
export function resolveUrl(base: string, path: string): string {
  const normalizedBase = base.endsWith("/") ? base : `${base}/`;
  return new URL(path.replace(/^\/+/, ""), normalizedBase).toString();
}

/**
 * Posts each body to `${base}/api/webhooks/100ms` and waits until every
 * retry has finished. The first delivery is repeated until a server responds,
 * and if none does within `serverWaitMs`, it raises ServerUnavailableError.
 * A delivery whose response is still not 200 after its retries is reported
 * with `accepted: false` and does not stop the others.
 */
export async function postDeliveries(
  base: string,
  bodies: readonly WebhookBody[],
  options: PostDeliveriesOptions = {},
): Promise<PostDeliveriesResult> {
  const client: DeliveryClient = {
    url: resolveUrl(base, WEBHOOK_PATH),
    headers: { ...options.headers, "content-type": "application/json" },
    requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
    log: options.log ?? console.log,
    non200Responses: 0,
    failedRequests: 0,
  };
  const spreadMs = options.spreadMs ?? 8_000;
  const retryDelaysMs = options.retryDelaysMs ?? HMS_RETRY_DELAYS_MS;
  const gapMs = bodies.length > 1 ? spreadMs / (bodies.length - 1) : 0;
  const width = String(bodies.length).length;

  const startedAtMs = Date.now();
  const deliveries: DeliveryResult[] = [];
  const pendingRetries: Promise<void>[] = [];
  let scheduleStartMs = startedAtMs;

  for (const [index, body] of bodies.entries()) {
    // The schedule starts once the server has responded to the first delivery,
    // however long it took to come up, and does not drift with slow responses.
    await sleep(Math.max(0, scheduleStartMs + index * gapMs - Date.now()));

    const payload = JSON.stringify(body);
    const delivery: DeliveryResult = { eventId: body.id, type: body.type, attempts: 0, status: null, accepted: false };
    deliveries.push(delivery);

    const attempt =
      index === 0
        ? await waitForServer(client, payload, options.serverWaitMs ?? 60_000)
        : await sendAttempt(client, payload);
    if (index === 0) scheduleStartMs = Date.now();
    recordAttempt(client, delivery, attempt);

    const position = `${String(index + 1).padStart(width)}/${bodies.length}`;
    client.log(`[${position}] ${describeBody(body)} -> ${describeAttempt(delivery)}`);

    if (!delivery.accepted) pendingRetries.push(retryDelivery(client, delivery, payload, retryDelaysMs));
  }

  await Promise.all(pendingRetries);
  return {
    webhookUrl: client.url,
    deliveries,
    non200Responses: client.non200Responses,
    failedRequests: client.failedRequests,
    elapsedMs: Date.now() - startedAtMs,
  };
}

interface DeliveryClient {
  url: string;
  headers: Record<string, string>;
  requestTimeoutMs: number;
  log: (line: string) => void;
  non200Responses: number;
  failedRequests: number;
}

type AttemptOutcome = { kind: "response"; status: number; text: string } | { kind: "network-error"; message: string };

async function sendAttempt(client: DeliveryClient, payload: string): Promise<AttemptOutcome> {
  try {
    const response = await fetch(client.url, {
      method: "POST",
      headers: client.headers,
      body: payload,
      signal: AbortSignal.timeout(client.requestTimeoutMs),
    });
    return { kind: "response", status: response.status, text: await response.text() };
  } catch (error) {
    return { kind: "network-error", message: describeFetchError(error, client.requestTimeoutMs) };
  }
}

/** Repeats the first attempt once a second, for up to `waitMs`, while it gets no response (connection refused, reset or timed out). */
async function waitForServer(client: DeliveryClient, payload: string, waitMs: number): Promise<AttemptOutcome> {
  const deadlineMs = Date.now() + waitMs;
  let attempt = await sendAttempt(client, payload);
  if (attempt.kind === "response") return attempt;

  client.log(`Waiting up to ${Math.round(waitMs / 1000)} s for a server at ${client.url} (${attempt.message})`);
  while (attempt.kind === "network-error") {
    if (Date.now() >= deadlineMs) throw new ServerUnavailableError(client.url, waitMs, attempt.message);
    await sleep(Math.min(1_000, Math.max(0, deadlineMs - Date.now())));
    attempt = await sendAttempt(client, payload);
  }
  client.log("Server is up.");
  return attempt;
}

async function retryDelivery(
  client: DeliveryClient,
  delivery: DeliveryResult,
  payload: string,
  retryDelaysMs: readonly number[],
): Promise<void> {
  for (const delayMs of retryDelaysMs) {
    client.log(`  retrying ${delivery.type} ${delivery.eventId} in ${delayMs / 1000} s after ${describeAttempt(delivery)}`);
    await sleep(delayMs);

    recordAttempt(client, delivery, await sendAttempt(client, payload));
    if (delivery.accepted) {
      client.log(`  retry of ${delivery.type} ${delivery.eventId} -> ${describeAttempt(delivery)}`);
      return;
    }
  }
  client.log(`  gave up on ${delivery.type} ${delivery.eventId} after ${delivery.attempts} attempts: ${describeAttempt(delivery)}`);
}

function recordAttempt(client: DeliveryClient, delivery: DeliveryResult, attempt: AttemptOutcome): void {
  delivery.attempts += 1;

  if (attempt.kind === "network-error") {
    client.failedRequests += 1;
    delivery.status = null;
    delivery.error = attempt.message;
    return;
  }

  delivery.status = attempt.status;
  const responseBody = parseJsonObject(attempt.text);
  if (attempt.status === 200) {
    delivery.accepted = true;
    delivery.error = undefined;
    delivery.outcome = typeof responseBody?.outcome === "string" ? responseBody.outcome : undefined;
    return;
  }

  client.non200Responses += 1;
  const message = typeof responseBody?.error === "string" ? responseBody.error : attempt.text;
  delivery.error = message.length > 300 ? `${message.slice(0, 300)}...` : message;
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function describeAttempt(delivery: DeliveryResult): string {
  if (delivery.accepted) return `200 ${delivery.outcome ?? ""}`.trimEnd();
  if (delivery.status === null) return `no response (${delivery.error})`;
  return `HTTP ${delivery.status}: ${delivery.error || "(empty body)"}`;
}

/** Returns the event type, followed by the peer's name and role for peer events. */
function describeBody(body: WebhookBody): string {
  const data = (body.data ?? {}) as Record<string, unknown>;
  if (typeof data.user_name !== "string") return body.type;
  const role = typeof data.role === "string" ? ` (${data.role})` : "";
  return `${body.type.padEnd(18)} ${data.user_name || "(no name)"}${role}`;
}

/** Describes a fetch failure. Node's fetch puts the socket error, such as ECONNREFUSED, in `cause`. */
function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError") return `timed out after ${timeoutMs} ms`;
  if (!(error instanceof Error)) return String(error);

  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = typeof cause?.code === "string" ? cause.code : typeof cause?.message === "string" ? cause.message : undefined;
  return detail ? `${error.message}: ${detail}` : error.message;
}
