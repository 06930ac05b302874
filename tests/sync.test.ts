import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { prisma } from "@/lib/db";
import { HmsApiClient } from "@/lib/hms/api-client";
import { startSimulator, type RunningSimulator } from "@/lib/simulator/server";
import { runBackfill, syncRunId } from "@/lib/sync/backfill";

import { ACCESS_KEY, APP_SECRET, closedSession } from "./simulator-fixtures";

const SINCE_MS = Date.UTC(2026, 10, 1);
const UNTIL_MS = Date.UTC(2026, 11, 1);

let simulator: RunningSimulator;
let client: HmsApiClient;

beforeAll(async () => {
  simulator = await startSimulator({ host: "127.0.0.1", port: 0, accessKey: ACCESS_KEY, appSecret: APP_SECRET });
  client = new HmsApiClient({ baseUrl: simulator.apiBase, accessKey: ACCESS_KEY, appSecret: APP_SECRET, maxRetries: 0 });
  for (let i = 0; i < 25; i++) simulator.store.putSession(closedSession(i));
  // Outside the range: created in December.
  simulator.store.putSession(closedSession(31));
});

afterAll(async () => {
  await simulator.close();
});

describe("runBackfill", () => {
  test("second run over the same range reports everything unchanged", async () => {
    const first = await runBackfill({ client, sinceMs: SINCE_MS, untilMs: UNTIL_MS, pageSize: 10 });
    expect(first).toEqual({ created: 25, updated: 0, unchanged: 0, failed: 0, resumed: false });
    expect(await prisma.session.count({ where: { id: { startsWith: "fixture-session-" } } })).toBe(25);
    expect(await prisma.peer.count({ where: { sessionId: { startsWith: "fixture-session-" } } })).toBe(50);

    const second = await runBackfill({ client, sinceMs: SINCE_MS, untilMs: UNTIL_MS, pageSize: 10 });
    expect(second).toEqual({ created: 0, updated: 0, unchanged: 25, failed: 0, resumed: false });
    expect(await prisma.session.count({ where: { id: { startsWith: "fixture-session-" } } })).toBe(25);
    expect(await prisma.peer.count({ where: { sessionId: { startsWith: "fixture-session-" } } })).toBe(50);

    const session = await prisma.session.findUniqueOrThrow({ where: { id: "fixture-session-000" } });
    expect(session.startedAt?.toISOString()).toBe("2026-11-01T09:00:00.000Z");
    expect(session.stoppedAt?.toISOString()).toBe("2026-11-01T09:30:00.000Z");
    expect(session.reconciliationStatus).toBe("reconciled");
  });

  test("interrupted run resumes after the last finished page", async () => {
    const roomId = "6650a0c1e4b0a1b2c3d4e6bb";
    for (let i = 0; i < 25; i++) simulator.store.putSession({ ...closedSession(i, roomId), id: `resume-${String(i).padStart(3, "0")}`, peers: {} });
    const options = { client, sinceMs: SINCE_MS, untilMs: UNTIL_MS, roomId, pageSize: 10 };

    // The second page fails: the first page's ten sessions are saved with its cursor.
    simulator.injectFaults({ kind: "none" }, { kind: "status", status: 500 });
    const before = simulator.requests.length;
    const failure = await runBackfill(options).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(simulator.requests.length - before).toBe(2);

    const run = await prisma.syncRun.findUniqueOrThrow({ where: { id: syncRunId(SINCE_MS, UNTIL_MS, roomId) } });
    expect(run.status).toBe("running");
    expect(run.created).toBe(10);
    expect(run.cursor).toBe("resume-015");

    const resumedAt = simulator.requests.length;
    const summary = await runBackfill(options);
    expect(summary).toEqual({ created: 25, updated: 0, unchanged: 0, failed: 0, resumed: true });
    expect(simulator.requests[resumedAt].path).toContain("start=resume-015");
    expect(await prisma.session.count({ where: { id: { startsWith: "resume-" } } })).toBe(25);
  });
});
