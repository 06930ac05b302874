import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { HmsApiClient, HmsApiError, HmsAuthenticationError, HmsNotFoundError, HmsTimeoutError } from "@/lib/hms/api-client";
import { startSimulator, type RunningSimulator } from "@/lib/simulator/server";

import { ACCESS_KEY, APP_SECRET, closedSession } from "./simulator-fixtures";

let simulator: RunningSimulator;

beforeAll(async () => {
  simulator = await startSimulator({ host: "127.0.0.1", port: 0, accessKey: ACCESS_KEY, appSecret: APP_SECRET });
  for (let i = 0; i < 30; i++) simulator.store.putSession(closedSession(i));
  simulator.store.putSession({ ...closedSession(40), id: "fixture-active", active: true });
});

afterAll(async () => {
  await simulator.close();
});

function client(overrides: Partial<ConstructorParameters<typeof HmsApiClient>[0]> = {}): HmsApiClient {
  return new HmsApiClient({ baseUrl: simulator.apiBase, accessKey: ACCESS_KEY, appSecret: APP_SECRET, retryBaseDelayMs: 10, ...overrides });
}

function requestsSince(index: number) {
  return simulator.requests.slice(index);
}

describe("HmsApiClient against the simulator", () => {
  test("three pages of sessions are all read", async () => {
    const before = simulator.requests.length;
    const ids: string[] = [];
    for await (const page of client().listSessions({ active: false, limit: 10 })) ids.push(...page.sessions.map((s) => s.id));

    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    expect(ids[0]).toBe("fixture-session-029");
    expect(ids[29]).toBe("fixture-session-000");

    const requests = requestsSince(before);
    expect(requests.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(requests[0].path).toContain("active=false");
    expect(requests[1].path).toContain("start=fixture-session-020");
    expect(requests[3].path).toContain("start=fixture-session-000");
  });

  test("after, before and room_id filter the list", async () => {
    const ids: string[] = [];
    const pages = client().listSessions({
      active: false,
      roomId: closedSession(0).room_id,
      afterMs: Date.UTC(2026, 10, 3),
      beforeMs: Date.UTC(2026, 10, 6),
      limit: 10,
    });
    for await (const page of pages) ids.push(...page.sessions.map((s) => s.id));
    expect(ids).toEqual(["fixture-session-004", "fixture-session-003", "fixture-session-002"]);
  });

  test("session is parsed with its peers", async () => {
    const session = await client().getSession("fixture-session-001");
    expect(session.roomId).toBe(closedSession(1).room_id);
    expect(session.active).toBe(false);
    expect(session.createdAtMs).toBe(Date.UTC(2026, 10, 2, 9, 0, 0));
    expect(session.peers.map((p) => [p.id, p.userId, p.joinedAtMs, p.leftAtMs])).toEqual([
      ["fixture-session-001-a", "ann", Date.UTC(2026, 10, 2, 9, 0, 0, 120), Date.UTC(2026, 10, 2, 9, 30, 0, 990)],
      ["fixture-session-001-b", "bob", Date.UTC(2026, 10, 2, 9, 5, 0, 120), Date.UTC(2026, 10, 2, 9, 25, 0, 990)],
    ]);
  });

  test("429 then 200 succeeds", async () => {
    const before = simulator.requests.length;
    simulator.injectFaults({ kind: "status", status: 429, retryAfterSeconds: 0 });
    const session = await client().getSession("fixture-session-002");
    expect(session.id).toBe("fixture-session-002");
    expect(requestsSince(before).map((r) => r.status)).toEqual([429, 200]);
  });

  test("5xx is retried until the limit", async () => {
    simulator.injectFaults(...Array.from({ length: 3 }, () => ({ kind: "status" as const, status: 503 })));
    const error = await client({ maxRetries: 2 }).getSession("fixture-session-002").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HmsApiError);
    expect((error as HmsApiError).status).toBe(503);
    expect((error as Error).message).toContain("after 3 attempts");
  });

  test("401 surfaces as an authentication error", async () => {
    const before = simulator.requests.length;
    const error = await client({ appSecret: "wrong-secret-value" }).getSession("fixture-session-003").catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HmsAuthenticationError);
    expect((error as HmsAuthenticationError).status).toBe(401);
    expect((error as Error).message).not.toContain("wrong-secret-value");
    expect((error as Error).message).not.toMatch(/eyJ/);
    // One retry with a freshly signed token, then the error.
    expect(requestsSince(before).map((r) => r.status)).toEqual([401, 401]);
  });

  test("401 once is retried with a new token", async () => {
    simulator.injectFaults({ kind: "status", status: 401 });
    const session = await client().getSession("fixture-session-003");
    expect(session.id).toBe("fixture-session-003");
  });

  test("timeout is reported as one", async () => {
    simulator.injectFaults({ kind: "delay", delayMs: 2_000 });
    const error = await client({ timeoutMs: 200 }).getSession("fixture-session-004").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HmsTimeoutError);
    expect((error as Error).message).toBe("100ms API request GET /sessions/fixture-session-004 timed out after 200 ms");
  });

  test("404 names the missing session", async () => {
    const error = await client().getSession("no-such-session").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HmsNotFoundError);
    expect((error as HmsNotFoundError).resource).toBe("session");
    expect((error as Error).message).toBe("100ms session no-such-session not found (HTTP 404 for GET /sessions/no-such-session)");
  });

  test("active room peers and 404 for an idle room", async () => {
    const peers = await client().listActiveRoomPeers(closedSession(40).room_id);
    expect(peers.map((p) => p.id).sort()).toEqual([]);

    simulator.store.openSession("room-live", "live-session", Date.UTC(2026, 10, 20, 9));
    simulator.store.joinPeer("live-session", { id: "live-peer", name: "Ann", role: "student", userId: "ann" }, Date.UTC(2026, 10, 20, 9, 1));
    const live = await client().listActiveRoomPeers("room-live");
    expect(live.map((p) => [p.id, p.userId, p.joinedAtMs, p.leftAtMs])).toEqual([["live-peer", "ann", Date.UTC(2026, 10, 20, 9, 1), null]]);

    const error = await client().listActiveRoomPeers("room-idle").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HmsNotFoundError);
    expect((error as Error).message).toContain("100ms room room-idle not found");
  });
});

describe("simulator token checks", () => {
  test("requests without a valid token get 401", async () => {
    const bare = await fetch(`${simulator.apiBase}/sessions/fixture-session-001`);
    expect(bare.status).toBe(401);
    const forged = await fetch(`${simulator.apiBase}/sessions/fixture-session-001`, { headers: { authorization: "Bearer not.a.jwt" } });
    expect(forged.status).toBe(401);
  });
});
