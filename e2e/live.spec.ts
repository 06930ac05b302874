import { randomUUID } from "node:crypto";

import { expect, test } from "@playwright/test";

import { E2E_ADMIN, postWebhooks, signIn } from "./auth";
import { peerJoin, peerLeave, sessionClose, sessionOpen, type PeerFields } from "../tests/hms-events";

/** Reads "H:MM:SS" as seconds. */
function seconds(clock: string): number {
  const [hours, minutes, secs] = clock.trim().split(":").map(Number);
  return hours * 3600 + minutes * 60 + secs;
}

test("live view ticks a join, freezes on leave and drops the closed session", async ({ page, request }) => {
  const sessionId = `live-${randomUUID()}`;
  const nowMs = Date.now();
  const startedAt = new Date(nowMs - 120_000).toISOString();
  const student: PeerFields = {
    sessionId,
    peerId: `${sessionId}-ada`,
    userId: `ada-${sessionId}`,
    name: "Ada Live",
    joinedAt: new Date(nowMs - 100_000).toISOString(),
  };

  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/live");
  await expect(page.getByText(/Times in /)).toBeVisible();

  await postWebhooks(request, [sessionOpen(sessionId, startedAt)]);
  const session = page.locator(`[data-testid="live-session"][data-session-id="${sessionId}"]`);
  await expect(session).toBeVisible();

  await postWebhooks(request, [peerJoin(student)]);
  const presence = session.locator(`[data-testid="live-person"][data-user-id="${student.userId}"] [data-testid="live-presence"]`);
  await expect(presence).toHaveAttribute("data-ticking", "true");
  const firstReading = seconds(await presence.innerText());
  expect(firstReading).toBeGreaterThanOrEqual(100);
  await expect.poll(async () => seconds(await presence.innerText())).toBeGreaterThan(firstReading);

  // The leave is 30 s after the join, so the frozen figure is exactly 0:00:30.
  await postWebhooks(request, [peerLeave(student, new Date(Date.parse(student.joinedAt) + 30_000).toISOString())]);
  await expect(presence).toHaveAttribute("data-ticking", "false");
  await expect(presence).toHaveText("0:00:30");
  await expect(session.locator(`[data-testid="live-person"][data-user-id="${student.userId}"]`)).toContainText("left");

  await postWebhooks(request, [sessionClose(sessionId, startedAt, new Date().toISOString().replace(/\.\d+Z$/, "Z"))]);
  await expect(session).toHaveCount(0);

  await page.goto("/sessions");
  await expect(page.locator(`a[href="/sessions/${sessionId}"]`)).toBeVisible();
});
