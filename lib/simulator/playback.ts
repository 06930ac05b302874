/**
 * Plays a timeline to a webhook receiver the way 100ms delivers: one POST per
 * event, retried 1 s, 3 s and 10 s later while the receiver does not answer
 * 200. Before each delivery, the simulator's store receives every true join
 * and leave up to that event's time, so the API never lags the webhooks it
 * has sent. Options add duplicate deliveries, reordering and dropped events.
 */
import { setTimeout as sleep } from "node:timers/promises";

import { HMS_RETRY_DELAYS_MS, resolveUrl, WEBHOOK_PATH } from "../demo/post-deliveries";
import type { SimulatedHms } from "./store";

export interface TimelineAction {
  /** Scenario time at which the change happens (UTC ms). */
  atMs: number;
  apply(store: SimulatedHms): void;
}

export interface TimelineDelivery {
  /** Time of the event that the body reports (UTC ms). */
  eventAtMs: number;
  /** Wall-clock offset from the start of playback at which the first attempt is sent. */
  sendAfterMs: number;
  body: { id: string; type: string; data: Record<string, unknown> | object };
  /** True for a delivery that the scenario drops on purpose. */
  dropped?: boolean;
}

export interface Timeline {
  sessionId: string;
  actions: TimelineAction[];
  deliveries: TimelineDelivery[];
}

/** Sends one body and resolves to the HTTP status, or null when no response came. */
export type Deliver = (body: unknown) => Promise<number | null>;

export interface PlaybackOptions {
  store: SimulatedHms;
  deliver: Deliver;
  /** Share of peer events delivered twice, 0 to 1. */
  duplicateRate?: number;
  /** Share of deliveries swapped with the next one, 0 to 1. */
  reorderRate?: number;
  /** Share of peer events never delivered, 0 to 1. */
  dropRate?: number;
  random?: () => number;
  retryDelaysMs?: readonly number[];
  log?: (line: string) => void;
}

export interface PlaybackResult {
  /** First attempts, duplicates included. */
  sent: number;
  dropped: number;
  duplicated: number;
  reordered: number;
  /** Deliveries still without a 200 after every retry. */
  rejected: number;
  retries: number;
}

/** Posts JSON bodies to `${base}/api/webhooks/100ms` with the given extra headers, such as the webhook secret header. */
export function httpDeliver(base: string, headers: Record<string, string> = {}, timeoutMs = 15_000): Deliver {
  const url = resolveUrl(base, WEBHOOK_PATH);
  return async (body) => {
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return null;
    }
  };
}

/** Waits until the receiver answers any HTTP request at `base`, for up to `waitMs`. */
export async function waitForReceiver(base: string, waitMs: number): Promise<void> {
  const url = resolveUrl(base, WEBHOOK_PATH);
  const deadlineMs = Date.now() + waitMs;
  for (;;) {
    try {
      const response = await fetch(url, { method: "GET", signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      return;
    } catch (error) {
      if (Date.now() >= deadlineMs) {
        throw new Error(`No server responded at ${url} within ${Math.round(waitMs / 1000)} s: ${error instanceof Error ? error.message : String(error)}`);
      }
      await sleep(500);
    }
  }
}

const SESSION_EVENT = /^session\./;

/** Plays the timeline and resolves when every delivery and retry has finished. */
export async function playTimeline(timeline: Timeline, options: PlaybackOptions): Promise<PlaybackResult> {
  const random = options.random ?? Math.random;
  const log = options.log ?? (() => {});
  const retryDelaysMs = options.retryDelaysMs ?? HMS_RETRY_DELAYS_MS;
  const result: PlaybackResult = { sent: 0, dropped: 0, duplicated: 0, reordered: 0, rejected: 0, retries: 0 };

  const deliveries = planDeliveries(timeline.deliveries, options, random, result);
  const actions = [...timeline.actions].sort((a, b) => a.atMs - b.atMs);
  let nextAction = 0;
  const applyUpTo = (ms: number) => {
    while (nextAction < actions.length && actions[nextAction].atMs <= ms) actions[nextAction++].apply(options.store);
  };

  const startMs = Date.now();
  const pending: Promise<void>[] = [];
  for (const delivery of deliveries) {
    await sleep(Math.max(0, startMs + delivery.sendAfterMs - Date.now()));
    applyUpTo(delivery.eventAtMs);
    if (delivery.dropped) {
      log(`dropped ${delivery.body.type} ${delivery.body.id}`);
      continue;
    }
    result.sent += 1;
    pending.push(sendWithRetries(delivery, options.deliver, retryDelaysMs, result, log));
  }
  applyUpTo(Number.POSITIVE_INFINITY);
  await Promise.all(pending);
  return result;
}

function planDeliveries(
  input: readonly TimelineDelivery[],
  options: PlaybackOptions,
  random: () => number,
  result: PlaybackResult,
): TimelineDelivery[] {
  const deliveries: TimelineDelivery[] = [];
  for (const delivery of [...input].sort((a, b) => a.sendAfterMs - b.sendAfterMs)) {
    const peerEvent = !SESSION_EVENT.test(delivery.body.type);
    const dropped = delivery.dropped || (peerEvent && random() < (options.dropRate ?? 0));
    if (dropped) result.dropped += 1;
    deliveries.push({ ...delivery, dropped });
    if (!dropped && peerEvent && random() < (options.duplicateRate ?? 0)) {
      result.duplicated += 1;
      deliveries.push({ ...delivery, sendAfterMs: delivery.sendAfterMs + 1 });
    }
  }

  // Swapping bodies keeps the send times, so a reordered event arrives after the one that followed it.
  for (let i = 0; i + 1 < deliveries.length; i++) {
    if (random() < (options.reorderRate ?? 0)) {
      const { body: first, eventAtMs: firstAt, dropped: firstDropped } = deliveries[i];
      deliveries[i] = { ...deliveries[i], body: deliveries[i + 1].body, eventAtMs: deliveries[i + 1].eventAtMs, dropped: deliveries[i + 1].dropped };
      deliveries[i + 1] = { ...deliveries[i + 1], body: first, eventAtMs: firstAt, dropped: firstDropped };
      result.reordered += 1;
      i += 1;
    }
  }
  return deliveries;
}

async function sendWithRetries(
  delivery: TimelineDelivery,
  deliver: Deliver,
  retryDelaysMs: readonly number[],
  result: PlaybackResult,
  log: (line: string) => void,
): Promise<void> {
  const label = `${delivery.body.type} ${delivery.body.id}`;
  let status = await deliver(delivery.body);
  log(`${label} -> ${status ?? "no response"}`);
  for (const delayMs of retryDelaysMs) {
    if (status === 200) return;
    await sleep(delayMs);
    result.retries += 1;
    status = await deliver(delivery.body);
    log(`retry of ${label} after ${delayMs / 1000} s -> ${status ?? "no response"}`);
  }
  if (status !== 200) {
    result.rejected += 1;
    log(`gave up on ${label}: last status ${status ?? "no response"}`);
  }
}
