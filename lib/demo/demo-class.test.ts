import { describe, expect, test } from "vitest";

import { parseHmsTimestamp } from "../hms/timestamps";
import { parseWebhookEvent } from "../hms/webhook";
import {
  buildDemoClass,
  createSeededRandom,
  DEMO_ROOM_NAME,
  FORMULA_USER_NAME,
  RECORDER_ROLE,
  type HmsWebhookBody,
  type PeerJoinData,
  type PeerLeaveData,
  type SessionCloseData,
} from "./demo-class";

const NOW_MS = Date.UTC(2026, 2, 2, 10, 0, 30, 250);
const SEED = 20260302;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DATA_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const WHOLE_SECOND_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

const bodies = buildDemoClass({ nowMs: NOW_MS, random: createSeededRandom(SEED) });

function joins(): PeerJoinData[] {
  return bodies.flatMap((body) => (body.type === "peer.join.success" ? [body.data] : []));
}

function leaves(): PeerLeaveData[] {
  return bodies.flatMap((body) => (body.type === "peer.leave.success" ? [body.data] : []));
}

function timeMs(text: string): number {
  const ms = parseHmsTimestamp(text);
  if (typeof ms !== "number") throw new Error(`test data has an invalid timestamp "${text}"`);
  return ms;
}

function indexOfType(type: HmsWebhookBody["type"]): number {
  return bodies.findIndex((body) => body.type === type);
}

function closeData(): SessionCloseData {
  const close = bodies.find((body) => body.type === "session.close.success");
  if (close?.type !== "session.close.success") throw new Error("test data has no session.close.success");
  return close.data;
}

function sessionStopMs(): number {
  return timeMs(closeData().session_stopped_at);
}

/** Peer intervals in ms per user id. A peer without a leave lasts until the session stops. */
function peerIntervalsByUser(): Map<string, { peerId: string; fromMs: number; toMs: number }[]> {
  const leftAtByPeer = new Map(leaves().map((leave) => [leave.peer_id, timeMs(leave.left_at)]));
  const byUser = new Map<string, { peerId: string; fromMs: number; toMs: number }[]>();
  for (const join of joins()) {
    const interval = { peerId: join.peer_id, fromMs: timeMs(join.joined_at), toMs: leftAtByPeer.get(join.peer_id) ?? sessionStopMs() };
    byUser.set(join.user_id, [...(byUser.get(join.user_id) ?? []), interval]);
  }
  return byUser;
}

describe("buildDemoClass", () => {
  test("every body passes parseWebhookEvent", () => {
    for (const body of bodies) {
      const result = parseWebhookEvent(JSON.parse(JSON.stringify(body)));
      expect(result.ok ? "valid" : `${body.type} ${body.id}: ${result.message}`).toBe("valid");
    }
  });

  test("envelope fields match 100ms", () => {
    for (const body of bodies) {
      expect(body.id).toMatch(UUID);
      expect(body.version).toBe("2.0");
      expect(body.timestamp).toMatch(WHOLE_SECOND_TIME);
      expect(body.account_id).toBe(bodies[0].account_id);
      expect(body.app_id).toBe(bodies[0].app_id);
      expect(body.data.session_id).toBe(bodies[0].data.session_id);
      expect(body.data.room_name).toBe(DEMO_ROOM_NAME);
    }
  });

  test("session opens first and lasts an hour", () => {
    expect(bodies[0].type).toBe("session.open.success");
    expect(bodies.filter((body) => body.type === "session.open.success")).toHaveLength(1);
    expect(bodies.filter((body) => body.type === "session.close.success")).toHaveLength(1);

    const close = closeData();
    const startMs = timeMs(close.session_started_at);
    const stopMs = timeMs(close.session_stopped_at);
    expect(NOW_MS - stopMs).toBeGreaterThanOrEqual(0);
    expect(NOW_MS - stopMs).toBeLessThan(2_000);
    expect(stopMs - startMs).toBeGreaterThanOrEqual(60 * 60_000 - 1_000);
    expect(stopMs - startMs).toBeLessThan(61 * 60_000);
    expect(close.session_duration).toBe(Math.round((stopMs - startMs) / 1000));
  });

  test("at least 25 people besides the recorder", () => {
    const people = new Set(joins().filter((join) => join.role !== RECORDER_ROLE).map((join) => join.user_id));
    expect(people.size).toBeGreaterThanOrEqual(25);
    expect(joins().filter((join) => join.role === "teacher")).toHaveLength(1);
    expect(joins().every((join) => ["teacher", "student", RECORDER_ROLE].includes(join.role))).toBe(true);
    expect(joins().filter((join) => join.role === "student").every((join) => /^student-\d{4}$/.test(join.user_id))).toBe(true);
  });

  test("recorder bot joins and leaves", () => {
    const recorderJoins = joins().filter((join) => join.role === RECORDER_ROLE);
    expect(recorderJoins).toHaveLength(1);
    expect(["", "beam-recorder"]).toContain(recorderJoins[0].user_id);
    expect(leaves().filter((leave) => leave.peer_id === recorderJoins[0].peer_id)).toHaveLength(1);
  });

  test("each join has a new peer id", () => {
    const peerIds = joins().map((join) => join.peer_id);
    expect(new Set(peerIds).size).toBe(peerIds.length);
    for (const peerId of peerIds) expect(peerId).toMatch(UUID);
  });

  test("exactly one event is delivered twice", () => {
    const positionsById = new Map<string, number[]>();
    bodies.forEach((body, index) => positionsById.set(body.id, [...(positionsById.get(body.id) ?? []), index]));
    const repeated = [...positionsById.values()].filter((positions) => positions.length > 1);

    expect(repeated).toHaveLength(1);
    expect(repeated[0]).toHaveLength(2);
    const [first, second] = repeated[0];
    expect(bodies[second]).toEqual(bodies[first]);
  });

  test("one join never gets a leave", () => {
    const leftPeers = new Set(leaves().map((leave) => leave.peer_id));
    const unmatched = joins().filter((join) => !leftPeers.has(join.peer_id));
    expect(unmatched).toHaveLength(1);
    expect(unmatched[0].role).toBe("student");
  });

  test("every leave has a join", () => {
    const joinedPeers = new Set(joins().map((join) => join.peer_id));
    for (const leave of leaves()) expect(joinedPeers.has(leave.peer_id)).toBe(true);
  });

  test("one leave arrives after the close", () => {
    const closeIndex = indexOfType("session.close.success");
    const late = bodies.slice(closeIndex + 1);
    expect(late.length).toBeGreaterThanOrEqual(1);
    expect(late.every((body) => body.type === "peer.leave.success")).toBe(true);
    expect(new Set(late.map((body) => body.id)).size).toBe(1);
  });

  test("one person has two overlapping tabs", () => {
    // An abrupt rejoin also overlaps, but by about a minute. Two tabs overlap for much longer.
    const tabs = [...peerIntervalsByUser()].filter(([, intervals]) =>
      intervals.some((a) => intervals.some((b) => a !== b && a.fromMs < b.fromMs && b.toMs - b.fromMs > 5 * 60_000 && b.toMs < a.toMs)),
    );
    expect(tabs.length).toBeGreaterThanOrEqual(1);
  });

  test("rejoins after websocket closed", () => {
    const dropped = leaves().filter((leave) => leave.reason === "websocket closed");
    expect(dropped.length).toBeGreaterThanOrEqual(2);

    let rejoinDeliveredFirst = 0;
    for (const leave of dropped) {
      const leaveIndex = bodies.findIndex((body) => body.type === "peer.leave.success" && body.data.peer_id === leave.peer_id);
      const rejoinIndex = bodies.findIndex(
        (body) =>
          body.type === "peer.join.success" &&
          body.data.user_id === leave.user_id &&
          body.data.peer_id !== leave.peer_id &&
          timeMs(body.data.joined_at) > timeMs(leave.joined_at),
      );
      expect(rejoinIndex).toBeGreaterThan(0);
      if (rejoinIndex < leaveIndex) rejoinDeliveredFirst += 1;
    }
    expect(rejoinDeliveredFirst).toBeGreaterThanOrEqual(1);
    expect(rejoinDeliveredFirst).toBeLessThan(dropped.length);
  });

  test("names include hard cases", () => {
    const names = new Set(joins().map((join) => join.user_name));
    expect(names).toContain(FORMULA_USER_NAME);
    expect(names).toContain('=HYPERLINK("https://example.com","Click")');
    expect(names).toContain(`O'Brien, "Pat"`);
    for (const name of ["Zoë Müller", "Łukasz Żółć", "李小龍", "Ngozi Ọkọnkwọ", "José Álvarez"]) {
      expect(names).toContain(name);
    }
  });

  test("data timestamps use 0 to 9 trimmed digits", () => {
    const texts = bodies.flatMap((body) =>
      Object.entries(body.data)
        .filter(([key]) => key.endsWith("_at"))
        .map(([, value]) => String(value)),
    );
    const digitCounts = new Set<number>();
    for (const text of texts) {
      expect(text).toMatch(DATA_TIME);
      const fraction = /\.(\d+)Z$/.exec(text)?.[1] ?? "";
      expect(fraction.endsWith("0")).toBe(false);
      digitCounts.add(fraction.length);
      expect(timeMs(text)).toBeLessThanOrEqual(NOW_MS);
    }
    expect(digitCounts).toContain(9);
    expect(digitCounts.size).toBeGreaterThanOrEqual(5);
  });

  test("leave durations match their times", () => {
    for (const leave of leaves()) {
      const durationMs = timeMs(leave.left_at) - timeMs(leave.joined_at);
      expect(durationMs).toBeGreaterThan(0);
      expect(leave.duration).toBe(Math.round(durationMs / 1000));
      expect(Number.isInteger(leave.duration)).toBe(true);
      expect(leave.session_started_at).toBe(bodies[0].data.session_started_at);
    }
  });

  test("same seed gives same class", () => {
    const again = buildDemoClass({ nowMs: NOW_MS, random: createSeededRandom(SEED) });
    expect(again).toEqual(bodies);

    const other = buildDemoClass({ nowMs: NOW_MS, random: createSeededRandom(SEED + 1) });
    expect(other[0].data.session_id).not.toBe(bodies[0].data.session_id);
  });

  test("default random makes a new session", () => {
    const first = buildDemoClass({ nowMs: NOW_MS });
    const second = buildDemoClass({ nowMs: NOW_MS });
    expect(first[0].data.session_id).not.toBe(second[0].data.session_id);
  });
});
