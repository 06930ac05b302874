/**
 * The demo class (lib/demo/demo-class.ts) as a simulator timeline: its
 * deliveries in their generated order, spread evenly over a few seconds,
 * and the true joins and leaves, lost leaves included, for the API.
 */
import { buildDemoClass, type HmsWebhookBody } from "../demo/demo-class";
import { parseHmsTimestamp } from "../hms/timestamps";
import type { Timeline, TimelineAction } from "./playback";

function timeOf(text: string): number {
  const ms = parseHmsTimestamp(text);
  if (typeof ms !== "number") throw new Error(`demo class has an invalid timestamp "${text}"`);
  return ms;
}

/** Returns the true change that a webhook body reports, and when it happened. */
function actionOf(body: HmsWebhookBody): TimelineAction {
  switch (body.type) {
    case "session.open.success": {
      const atMs = timeOf(body.data.session_started_at);
      return { atMs, apply: (store) => store.openSession(body.data.room_id, body.data.session_id, atMs) };
    }
    case "session.close.success": {
      const atMs = timeOf(body.data.session_stopped_at);
      return { atMs, apply: (store) => store.closeSession(body.data.session_id, atMs) };
    }
    case "peer.join.success": {
      const atMs = timeOf(body.data.joined_at);
      const { data } = body;
      return { atMs, apply: (store) => store.joinPeer(data.session_id, { id: data.peer_id, name: data.user_name, role: data.role, userId: data.user_id }, atMs) };
    }
    case "peer.leave.success": {
      const atMs = timeOf(body.data.left_at);
      return { atMs, apply: (store) => store.leavePeer(body.data.session_id, body.data.peer_id, atMs) };
    }
  }
}

function eventTimeOf(body: HmsWebhookBody): number {
  return actionOf(body).atMs;
}

/** Builds the demo timeline for a class that ends at `nowMs`, delivered over `spreadMs`. */
export function buildDemoTimeline(options: { nowMs: number; random: () => number; spreadMs: number }): Timeline {
  const lostLeaves: HmsWebhookBody[] = [];
  const bodies = buildDemoClass({ nowMs: options.nowMs, random: options.random, onLostLeave: (body) => lostLeaves.push(body) });
  const gapMs = bodies.length > 1 ? options.spreadMs / (bodies.length - 1) : 0;

  // A redelivered body repeats its event, which the store must record once.
  const seen = new Set<string>();
  const actions: TimelineAction[] = [];
  for (const body of [...bodies, ...lostLeaves]) {
    if (seen.has(body.id)) continue;
    seen.add(body.id);
    actions.push(actionOf(body));
  }

  return {
    sessionId: bodies[0].data.session_id,
    actions,
    deliveries: bodies.map((body, index) => ({ eventAtMs: eventTimeOf(body), sendAfterMs: index * gapMs, body })),
  };
}
