/**
 * Scenario files: one session as the true timeline of joins and leaves,
 * with the fate of each webhook (delivered, dropped, delivered after the
 * close). `compileScenario` turns a scenario into the simulator's timeline.
 * Examples are in lib/simulator/scenarios/.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";

import { z } from "zod";

import type { Timeline, TimelineAction, TimelineDelivery } from "./playback";

const MINUTE_MS = 60_000;

/** Time from an event to its webhook delivery, in scenario time. */
const DELIVERY_LATENCY_MS = 500;

const peerSchema = z.object({
  peerId: z.string().min(1),
  userId: z.string(),
  name: z.string(),
  role: z.string().default("student"),
  /** Minutes after the session start. */
  joinMinute: z.number().min(0),
  /** Minutes after the session start; omitted when the peer stays until the close. */
  leaveMinute: z.number().min(0).optional(),
  reason: z.string().default("client request"),
  join: z.enum(["delivered", "dropped"]).default("delivered"),
  leave: z.enum(["delivered", "dropped", "after-close", "duplicated"]).default("delivered"),
  /** "missing" keeps left_at out of the API even after the close, as for a peer 100ms never closed. */
  apiLeftAt: z.enum(["recorded", "missing"]).default("recorded"),
});

export const scenarioSchema = z.object({
  description: z.string().default(""),
  room: z.object({ id: z.string().min(1), name: z.string().min(1) }),
  sessionId: z.string().min(1),
  /** RFC 3339 UTC start; when omitted, the session ends at the time of playback. */
  start: z.string().optional(),
  durationMinutes: z.number().positive().max(12 * 60),
  close: z.enum(["delivered", "dropped"]).default("delivered"),
  peers: z.array(peerSchema),
});

export type Scenario = z.infer<typeof scenarioSchema>;

/** Reads and validates a scenario file; the error names the file and the invalid field. */
export function readScenarioFile(file: string): Scenario {
  const text = fs.readFileSync(file, "utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`Scenario ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = scenarioSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Scenario ${file} is invalid: ${problems.join("; ")}`);
  }
  for (const peer of result.data.peers) {
    if (peer.joinMinute > result.data.durationMinutes || (peer.leaveMinute ?? 0) > result.data.durationMinutes) {
      throw new Error(`Scenario ${file} is invalid: peer ${peer.peerId} joins or leaves after the session ends`);
    }
    if (peer.leaveMinute !== undefined && peer.leaveMinute < peer.joinMinute) {
      throw new Error(`Scenario ${file} is invalid: peer ${peer.peerId} leaves before it joins`);
    }
  }
  return result.data;
}

export interface CompileOptions {
  /** Scenario minutes played per wall-clock minute; 60 plays an hour in a minute. */
  speed: number;
  /** The time of playback, which a scenario without `start` ends at. */
  nowMs?: number;
}

/** Builds the simulator's timeline: the true changes for the API and the webhook deliveries. */
export function compileScenario(scenario: Scenario, options: CompileOptions): Timeline {
  const durationMs = scenario.durationMinutes * MINUTE_MS;
  const startMs = scenario.start !== undefined ? Date.parse(scenario.start) : (options.nowMs ?? Date.now()) - durationMs;
  if (Number.isNaN(startMs)) throw new Error(`Scenario start "${scenario.start}" is not an RFC 3339 time`);
  const stopMs = startMs + durationMs;
  const wallOffset = (scenarioMs: number) => (scenarioMs - startMs) / options.speed;

  const session = {
    room_id: scenario.room.id,
    room_name: scenario.room.name,
    session_id: scenario.sessionId,
    template_id: "6650a0c1e4b0a1b2c3d4e620",
    session_started_at: iso(startMs),
  };
  const actions: TimelineAction[] = [];
  const deliveries: TimelineDelivery[] = [];
  const deliver = (type: string, eventAtMs: number, data: Record<string, unknown>, deliverAtMs = eventAtMs + DELIVERY_LATENCY_MS, dropped = false) => {
    const body = { version: "2.0", id: randomUUID(), type, timestamp: iso(eventAtMs).replace(/\.\d+Z$/, "Z"), data };
    deliveries.push({ eventAtMs, sendAfterMs: wallOffset(deliverAtMs), body, dropped });
    return body;
  };

  actions.push({ atMs: startMs, apply: (store) => store.openSession(scenario.room.id, scenario.sessionId, startMs) });
  deliver("session.open.success", startMs, session, startMs);

  for (const peer of scenario.peers) {
    const joinedAtMs = startMs + peer.joinMinute * MINUTE_MS;
    const leftAtMs = peer.leaveMinute === undefined ? stopMs : startMs + peer.leaveMinute * MINUTE_MS;
    const peerData = {
      ...session,
      peer_id: peer.peerId,
      user_id: peer.userId,
      user_name: peer.name,
      user_data: "",
      role: peer.role,
      type: "regular",
      joined_at: iso(joinedAtMs),
    };

    actions.push({
      atMs: joinedAtMs,
      apply: (store) =>
        store.joinPeer(scenario.sessionId, { id: peer.peerId, name: peer.name, role: peer.role, userId: peer.userId, keepLeftAtEmpty: peer.apiLeftAt === "missing" }, joinedAtMs),
    });
    deliver("peer.join.success", joinedAtMs, peerData, undefined, peer.join === "dropped");

    actions.push({ atMs: leftAtMs, apply: (store) => store.leavePeer(scenario.sessionId, peer.peerId, leftAtMs) });
    const leaveData = {
      ...peerData,
      left_at: iso(leftAtMs),
      duration: Math.round((leftAtMs - joinedAtMs) / 1000),
      reason: peer.reason,
    };
    // A peer that stays to the end leaves at the close. Its leave has the close's send time and,
    // being added first, is sent just before session.close.success.
    const leaveDeliverAtMs = peer.leave === "after-close" ? stopMs + 3 * DELIVERY_LATENCY_MS : leftAtMs + DELIVERY_LATENCY_MS;
    const body = deliver("peer.leave.success", leftAtMs, leaveData, leaveDeliverAtMs, peer.leave === "dropped");
    if (peer.leave === "duplicated") deliveries.push({ eventAtMs: leftAtMs, sendAfterMs: wallOffset(leaveDeliverAtMs) + 1_000, body: structuredClone(body) });
  }

  actions.push({ atMs: stopMs, apply: (store) => store.closeSession(scenario.sessionId, stopMs) });
  deliver(
    "session.close.success",
    stopMs,
    { ...session, session_stopped_at: iso(stopMs), session_duration: Math.round(durationMs / 1000) },
    stopMs + DELIVERY_LATENCY_MS,
    scenario.close === "dropped",
  );

  return { sessionId: scenario.sessionId, actions, deliveries };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
