import { randomUUID } from "node:crypto";
import path from "node:path";

import { expect, test } from "@playwright/test";

import { httpDeliver, playTimeline } from "../lib/simulator/playback";
import { compileScenario, readScenarioFile } from "../lib/simulator/scenario";
import { startSimulator, type RunningSimulator } from "../lib/simulator/server";
import { E2E_ADMIN, signIn } from "./auth";
import { E2E_WEBHOOK_SECRET, SIMULATOR_ACCESS_KEY, SIMULATOR_APP_SECRET, SIMULATOR_PORT } from "./settings";

let simulator: RunningSimulator;

test.beforeAll(async () => {
  simulator = await startSimulator({ host: "127.0.0.1", port: SIMULATOR_PORT, accessKey: SIMULATOR_ACCESS_KEY, appSecret: SIMULATOR_APP_SECRET });
});

test.afterAll(async () => {
  await simulator.close();
});

test("dropped leave is reconciled from the simulated 100ms API", async ({ page, baseURL }) => {
  const suffix = randomUUID().slice(0, 8);
  const scenario = readScenarioFile(path.resolve("lib/simulator/scenarios/dropped-leave.json"));
  const sessionId = `e2e-${suffix}`;
  const timeline = compileScenario(
    { ...scenario, sessionId, peers: scenario.peers.map((peer) => ({ ...peer, peerId: `${peer.peerId}-${suffix}` })) },
    { speed: 1e9 },
  );
  const result = await playTimeline(timeline, { store: simulator.store, deliver: httpDeliver(baseURL!, { "x-webhook-secret": E2E_WEBHOOK_SECRET }) });
  expect(result.rejected).toBe(0);

  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto(`/sessions/${sessionId}`);
  await expect
    .poll(async () => {
      await page.reload();
      return page.getByTestId("reconciliation-status").innerText();
    }, { timeout: 30_000 })
    .toBe("Reconciled");
  await expect(page.getByTestId("reconciliation-details")).toContainText("1 leave time taken from 100ms");

  const ben = page.getByTestId("attendance-table").locator("tbody tr", { hasText: "Ben Carter" });
  await expect(ben.locator("td").nth(5)).toHaveText("12.00");
  await expect(page.getByTestId("aggregated-presence")).toHaveText("174.00");
});
