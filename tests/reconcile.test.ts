import path from "node:path";

import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

vi.hoisted(() => {
  // Credentials make the webhook endpoint queue reconciliation; the client below points at the simulator.
  process.env.HMS_ACCESS_KEY = "test-access-key";
  process.env.HMS_APP_SECRET = "test-app-secret-for-the-simulator";
});

import { formatMinutes } from "@/lib/attendance/format";
import { prisma } from "@/lib/db";
import { HmsApiClient } from "@/lib/hms/api-client";
import { runDueJobs } from "@/lib/jobs/worker";
import { describeReconciliation } from "@/lib/reconcile/describe";
import { createReconcileHandler, RECONCILE_SESSION_JOB } from "@/lib/reconcile/reconcile-job";
import { reconcileSession } from "@/lib/reconcile/reconcile-session";
import type { Viewer } from "@/lib/auth/permissions";
import { getSessionDetail } from "@/lib/sessions/queries";
import { playTimeline } from "@/lib/simulator/playback";
import { compileScenario, readScenarioFile } from "@/lib/simulator/scenario";
import { startSimulator, type RunningSimulator } from "@/lib/simulator/server";

import { postWebhook } from "./route-client";
import { ACCESS_KEY, APP_SECRET } from "./simulator-fixtures";

const SCENARIOS = path.resolve("lib/simulator/scenarios");
const admin: Viewer = { id: "test-admin", email: "admin@school.test", name: "Admin", role: "admin", roomIds: [], timeZone: null };

let simulator: RunningSimulator;
let client: HmsApiClient;

beforeAll(async () => {
  simulator = await startSimulator({ host: "127.0.0.1", port: 0, accessKey: ACCESS_KEY, appSecret: APP_SECRET });
  client = new HmsApiClient({ baseUrl: simulator.apiBase, accessKey: ACCESS_KEY, appSecret: APP_SECRET, maxRetries: 0 });
});

afterAll(async () => {
  await simulator.close();
});

/** Plays a scenario file to the real webhook route handler, as fast as possible. */
async function play(file: string, nowMs?: number) {
  const timeline = compileScenario(readScenarioFile(path.join(SCENARIOS, file)), { speed: 1e9, nowMs });
  const result = await playTimeline(timeline, {
    store: simulator.store,
    deliver: async (body) => (await postWebhook(body)).status,
    retryDelaysMs: [],
  });
  expect(result.rejected).toBe(0);
  return timeline.sessionId;
}

function handlers() {
  return { [RECONCILE_SESSION_JOB]: createReconcileHandler(client) };
}

async function presenceByUser(sessionId: string) {
  const detail = await getSessionDetail(admin, sessionId);
  if (!detail) throw new Error(`session ${sessionId} not stored`);
  return Object.fromEntries(detail.attendance.people.map((p) => [p.userId, formatMinutes(p.presenceMs)]));
}

describe("reconciliation after session.close.success", () => {
  test("dropped leave takes left_at from the API", async () => {
    const sessionId = await play("dropped-leave.json");

    // Before reconciliation Ben's missing leave counts him until the close.
    expect((await presenceByUser(sessionId))["student-0032"]).toBe("60.00");
    const queued = await prisma.job.findUnique({ where: { kind_key: { kind: RECONCILE_SESSION_JOB, key: sessionId } } });
    expect(queued?.status).toBe("pending");
    expect((await getSessionDetail(admin, sessionId))?.reconciliation.status).toBe("pending");

    expect(await runDueJobs(handlers())).toBe(1);

    const presence = await presenceByUser(sessionId);
    expect(presence["student-0032"]).toBe("12.00");
    expect(presence["student-0031"]).toBe("57.00");
    expect(presence["student-0033"]).toBe("45.00");
    expect(presence["teacher-0007"]).toBe("60.00");

    const ben = await prisma.peer.findUniqueOrThrow({ where: { id: "sim-ben-1" } });
    expect(ben.leftAt?.toISOString()).toBe("2026-03-02T09:12:00.000Z");
    expect(ben.leftAtEstimated).toBe(false);

    const detail = await getSessionDetail(admin, sessionId);
    expect(detail?.reconciliation.status).toBe("reconciled");
    expect(detail?.reconciliation.leaveTimesFromApi).toBe(1);
    const text = describeReconciliation(detail!.reconciliation, false, (d) => d.toISOString());
    expect(text.label).toBe("Reconciled");
    expect(text.details[0]).toContain("1 leave time taken from 100ms");
    expect((await prisma.job.findUniqueOrThrow({ where: { kind_key: { kind: RECONCILE_SESSION_JOB, key: sessionId } } })).status).toBe("done");
  });

  test("second reconciliation changes nothing", async () => {
    const sessionId = "sim-dropped-leave-0001";
    const before = {
      session: await prisma.session.findUniqueOrThrow({ where: { id: sessionId } }),
      peers: await prisma.peer.findMany({ where: { sessionId }, orderBy: { id: "asc" } }),
    };

    const result = await reconcileSession(await client.getSession(sessionId));

    expect(result).toEqual({ outcome: "unchanged", peersAdded: 0, joinTimesChanged: 0, leaveTimesChanged: 0, leavesEstimated: 0 });
    expect(await prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).toEqual(before.session);
    expect(await prisma.peer.findMany({ where: { sessionId }, orderBy: { id: "asc" } })).toEqual(before.peers);
  });

  test("lost webhooks: peer added, leaves taken, one estimated", async () => {
    const nowMs = Date.UTC(2026, 4, 4, 11, 0, 0);
    const sessionId = await play("lost-webhooks.json", nowMs);
    await runDueJobs(handlers());

    const detail = await getSessionDetail(admin, sessionId);
    expect(detail?.reconciliation).toMatchObject({ status: "reconciled", peersAdded: 1, leaveTimesFromApi: 2, joinTimesFromApi: 0, estimatedLeaves: 1 });

    const presence = await presenceByUser(sessionId);
    expect(presence).toEqual({
      "teacher-0003": "40.00",
      "student-0101": "36.00",
      "student-0102": "28.00",
      "student-0103": "22.00",
      "student-0104": "34.00",
      "student-0105": "35.00",
    });
    const eve = detail!.attendance.people.find((p) => p.userId === "student-0105");
    expect(eve?.estimated).toBe(true);
    expect(detail!.attendance.people.filter((p) => p.estimated).map((p) => p.userId)).toEqual(["student-0105"]);

    const text = describeReconciliation(detail!.reconciliation, false, (d) => d.toISOString());
    expect(text.details.join(" ")).toContain("1 connection added that no webhook reported, 2 leave times taken from 100ms.");
    expect(text.details.join(" ")).toContain("1 leave time is estimated as the session close");
  });

  test("failed fetch stays pending and retries later", async () => {
    const sessionId = "sim-dropped-leave-retry";
    const scenario = readScenarioFile(path.join(SCENARIOS, "dropped-leave.json"));
    const timeline = compileScenario(
      { ...scenario, sessionId, peers: scenario.peers.map((peer) => ({ ...peer, peerId: `${peer.peerId}-retry` })) },
      { speed: 1e9 },
    );
    await playTimeline(timeline, { store: simulator.store, deliver: async (body) => (await postWebhook(body)).status, retryDelaysMs: [] });

    simulator.injectFaults({ kind: "status", status: 503 });
    expect(await runDueJobs(handlers())).toBe(1);

    const job = await prisma.job.findUniqueOrThrow({ where: { kind_key: { kind: RECONCILE_SESSION_JOB, key: sessionId } } });
    expect(job.status).toBe("pending");
    expect(job.attempts).toBe(1);
    expect(job.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    expect(job.lastError).toContain("HTTP 503");
    expect((await getSessionDetail(admin, sessionId))?.reconciliation.status).toBe("pending");

    // Not due yet; due once its backoff has passed.
    expect(await runDueJobs(handlers())).toBe(0);
    expect(await runDueJobs(handlers(), job.nextAttemptAt.getTime())).toBe(1);
    expect((await presenceByUser(sessionId))["student-0032"]).toBe("12.00");
  });
});
