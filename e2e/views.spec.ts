import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { expect, test } from "@playwright/test";
import { parse } from "csv-parse/sync";

import { E2E_ADMIN, postWebhooks, signIn } from "./auth";
import { peerJoin, peerLeave, sessionClose, sessionOpen, type PeerFields, type WebhookBody } from "../tests/hms-events";

/** A room of its own, so that its roster does not give other specs' sessions absentees. */
const ROOM_ID = "6650a0c1e4b0a1b2c3d4e6aa";

function inRoom(body: WebhookBody): WebhookBody {
  return { ...body, data: { ...body.data, room_id: ROOM_ID, room_name: "views-room" } };
}

test("charts, roster upload and an override work in the browser under the CSP", async ({ page, request }) => {
  // CSP violations and hydration mismatches are reported as console errors.
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    // The app has no favicon, so Chromium's request for one fails with 404.
    if (message.location().url.endsWith("/favicon.ico")) return;
    if (message.type() === "error" || /Content Security Policy|Refused to/i.test(message.text())) {
      consoleErrors.push(`${message.text()} at ${message.location().url}`);
    }
  });

  const sessionId = `views-${randomUUID()}`;
  const day = "2026-04-07T";
  const peer = (suffix: string, userId: string, joinedAt: string): PeerFields => ({
    sessionId,
    peerId: `${sessionId}-${suffix}`,
    userId,
    name: `Student ${userId}`,
    joinedAt: `${day}${joinedAt}Z`,
  });
  const tab1 = peer("a1", "uma", "10:00:00");
  const tab2 = peer("a2", "uma", "10:10:00");
  const vic = peer("v1", "vic", "10:06:00");
  await postWebhooks(request, [
    sessionOpen(sessionId, `${day}10:00:00Z`),
    peerJoin(tab1),
    peerJoin(tab2),
    peerJoin(vic),
    peerLeave(tab2, `${day}10:30:00Z`),
    peerLeave(tab1, `${day}11:00:00Z`),
    peerLeave(vic, `${day}11:00:00Z`),
    sessionClose(sessionId, `${day}10:00:00Z`, `${day}11:00:00Z`),
  ].map(inRoom));

  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);

  // Roster upload on the room page: uma is rostered, wes never joins, vic is a guest.
  await page.goto(`/rooms/${ROOM_ID}`);
  await expect(page.getByTestId("rules-in-force")).toContainText("at least 75%");
  const rosterFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "roster-")), "roster.csv");
  fs.writeFileSync(rosterFile, "user_id,name,email\r\numa,Uma Rostered,uma@school.test\r\nwes,Wes Missing,\r\n");
  await page.locator('input[name="roster"]').setInputFiles(rosterFile);
  await page.getByRole("button", { name: "Upload and replace" }).click();
  await expect(page.getByText("Roster replaced: 2 people.")).toBeVisible();
  await expect(page.getByTestId("roster")).toContainText("Wes Missing");
  await expect(page.getByTestId("room-attendance-chart").locator("svg").first()).toBeVisible();

  await page.goto(`/sessions/${sessionId}`);
  await expect(page.getByTestId("absentees")).toContainText("Wes Missing");
  // uma's two tabs overlap, so her row has two bars on separate lanes; vic has one.
  await expect(page.getByTestId("session-timeline").locator(".recharts-reference-area-rect")).toHaveCount(3);
  await expect(page.getByTestId("presence-distribution").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("session-page.png"), fullPage: true });

  const overrideForm = page.getByRole("form", { name: "Override a status" });
  await overrideForm.locator('select[name="personKey"]').selectOption("wes");
  await overrideForm.locator('select[name="status"]').selectOption("excused");
  await overrideForm.getByLabel("Reason").fill("Field trip");
  await overrideForm.getByRole("button", { name: "Override" }).click();
  await expect(page.getByTestId("overrides")).toContainText("computed: absent");
  await expect(page.getByTestId("overrides")).toContainText("Field trip");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  const rows: Record<string, string>[] = parse(fs.readFileSync(await download.path()), { bom: true, columns: true });
  expect(rows.map((row) => [row.user_id, row.status, row.roster])).toEqual([
    ["uma", "present", "rostered"],
    ["vic", "late", "guest"],
    ["wes", "excused", "rostered"],
  ]);
  expect(rows[2].override_reason).toBe("Field trip");

  await page.goto("/people/uma");
  await expect(page.getByTestId("total-sessions")).toHaveText("1");
  await expect(page.getByTestId("attendance-rate")).toHaveText("100.0");
  await page.goto("/rooms");
  await expect(page.getByTestId("rooms")).toContainText("views-room");
  await page.goto("/live");
  await expect(page.getByText(/Times in UTC\./)).toBeVisible();

  expect(consoleErrors).toEqual([]);
});

test("chosen time zone labels the pages and local times", async ({ page }) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/account");
  await page.locator('select[name="timeZone"]').selectOption("Europe/Berlin");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Times are now shown in Europe/Berlin.")).toBeVisible();

  try {
    await page.goto("/sessions?from=2026-04-07&to=2026-04-07");
    await expect(page.getByText("Times in Europe/Berlin.")).toBeVisible();
    // 10:00 UTC is 12:00 in Berlin in April (CEST, +02:00).
    await expect(page.getByRole("link", { name: "views-room" }).first()).toBeVisible();
    await expect(page.locator("tbody tr").first()).toContainText("2026-04-07 12:00:00");
  } finally {
    await page.goto("/account");
    await page.locator('select[name="timeZone"]').selectOption("UTC");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Times are now shown in UTC.")).toBeVisible();
  }
});
