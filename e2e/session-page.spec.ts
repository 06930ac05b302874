import { randomUUID } from "node:crypto";
import fs from "node:fs";

import { expect, test, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";

import { E2E_ADMIN, postWebhooks, signIn } from "./auth";
import { peerJoin, peerLeave, sessionClose, sessionOpen, type PeerFields, type WebhookBody } from "../tests/hms-events";

const day = "2026-03-02T";

function buildClass(sessionId: string): WebhookBody[] {
  const peer = (peerId: string, userId: string, name: string, joinedAt: string, role = "student"): PeerFields => ({
    sessionId,
    peerId: `${sessionId}-${peerId}`,
    userId,
    name,
    role,
    joinedAt: `${day}${joinedAt}Z`,
  });
  const ann1 = peer("ann-1", "ann", "Ann Lee", "09:00:00");
  const ann2 = peer("ann-2", "ann", "Ann Lee", "09:12:00");
  const bobTab1 = peer("bob-1", "bob", "Bob, \"the builder\"", "09:00:00");
  const bobTab2 = peer("bob-2", "bob", "Bob, \"the builder\"", "09:25:00");
  const zoe = peer("zoe-1", "zoe", "Zoë 用户", "09:05:00");
  const bot = peer("bot-1", "", "Recorder", "09:00:00", "__internal_recorder");

  return [
    sessionOpen(sessionId, `${day}09:00:00Z`),
    peerJoin(ann1),
    peerJoin(bobTab1),
    peerJoin(bot),
    peerJoin(zoe),
    peerLeave(ann1, `${day}09:10:00Z`),
    peerJoin(ann2),
    peerJoin(bobTab2),
    peerLeave(bobTab1, `${day}09:30:00Z`),
    peerLeave(ann2, `${day}09:40:00Z`),
    peerLeave(bobTab2, `${day}09:40:00Z`),
    peerLeave(bot, `${day}09:40:00Z`),
    // Zoë's leave never arrives: she counts until the close.
    sessionClose(sessionId, `${day}09:00:00Z`, `${day}09:40:00Z`),
  ];
}

async function rowTexts(page: Page): Promise<string[][]> {
  const rows = page.getByTestId("attendance-table").locator("tbody tr");
  const count = await rows.count();
  const texts: string[][] = [];
  for (let i = 0; i < count; i++) {
    texts.push((await rows.nth(i).locator("td").allInnerTexts()).map((text) => text.trim()));
  }
  return texts;
}

test("class posted through the webhook shows on the session page and in the CSV", async ({ page, request }) => {
  const sessionId = `e2e-${randomUUID()}`;
  await postWebhooks(request, buildClass(sessionId));

  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/sessions");
  await expect(page.getByText("Times in UTC.")).toBeVisible();
  await page.locator(`a[href="/sessions/${sessionId}"]`).click();
  await expect(page).toHaveURL(`/sessions/${sessionId}`);

  await expect(page.getByTestId("session-duration")).toHaveText("40.00");
  await expect(page.getByTestId("participant-count")).toHaveText("3");
  await expect(page.getByTestId("aggregated-presence")).toHaveText("113.00");
  await expect(page.getByTestId("combined-connection")).toHaveText("118.00");

  expect(await rowTexts(page)).toEqual([
    ["Ann Lee", "ann", "student", "2026-03-02 09:00:00", "2026-03-02 09:40:00", "38.00", "38.00", "2", "95.0", "present"],
    ['Bob, "the builder"', "bob", "student", "2026-03-02 09:00:00", "2026-03-02 09:40:00", "40.00", "45.00", "2", "100.0", "present"],
    ["Zoë 用户", "zoe", "student", "2026-03-02 09:05:00", "2026-03-02 09:40:00", "35.00", "35.00", "1", "87.5", "present"],
  ]);

  // Headers link to the server-sorted page; numeric columns sort descending on the first click.
  const names = async () => (await rowTexts(page)).map((row) => row[0]);
  await page.getByRole("link", { name: /^Presence \(min\)/ }).click();
  await expect(page).toHaveURL(`/sessions/${sessionId}?sort=presence&dir=desc`);
  await expect.poll(names).toEqual(['Bob, "the builder"', "Ann Lee", "Zoë 用户"]);
  await page.getByRole("link", { name: /^Presence \(min\)/ }).click();
  await expect(page).toHaveURL(`/sessions/${sessionId}?sort=presence&dir=asc`);
  await expect.poll(names).toEqual(["Zoë 用户", "Ann Lee", 'Bob, "the builder"']);
  await page.getByRole("link", { name: /^Name/ }).click();
  await expect(page).toHaveURL(`/sessions/${sessionId}?sort=name&dir=asc`);
  await expect.poll(names).toEqual(["Ann Lee", 'Bob, "the builder"', "Zoë 用户"]);
  await expect(page.getByTestId("people-pages")).toHaveCount(0);
  await expect(page.getByTestId("log-pages")).toHaveCount(0);
  await expect(page.getByTestId("override-scope")).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Override a status" }).locator('select[name="personKey"] option')).toHaveCount(3);

  await expect(page.getByTestId("peer-log").locator("tbody tr")).toHaveCount(6);
  await expect(page.getByTestId("peer-log")).toContainText("not an attendee");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toBe(`attendance-${sessionId}.csv`);
  const bytes = fs.readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows: Record<string, string>[] = parse(bytes, { bom: true, columns: true });
  expect(rows.map((row) => [row.name, row.user_id, row.presence_minutes, row.connection_minutes, row.joins])).toEqual([
    ["Ann Lee", "ann", "38.00", "38.00", "2"],
    ['Bob, "the builder"', "bob", "40.00", "45.00", "2"],
    ["Zoë 用户", "zoe", "35.00", "35.00", "1"],
  ]);
});

test("person page opens for user ids that need URL encoding", async ({ page, request }) => {
  const sessionId = `e2e-${randomUUID()}`;
  const userIds = ["ann@example.org", "josé", "with space", "a+b", "100%"];
  const peers = userIds.map(
    (userId, index): PeerFields => ({ sessionId, peerId: `${sessionId}-${index}`, userId, name: `Person ${index}`, joinedAt: `${day}09:0${index}:00Z` }),
  );
  await postWebhooks(request, [sessionOpen(sessionId, `${day}09:00:00Z`), ...peers.map((peer) => peerJoin(peer)), sessionClose(sessionId, `${day}09:00:00Z`, `${day}09:40:00Z`)]);

  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  for (const userId of userIds) {
    const response = await page.goto(`/people/${encodeURIComponent(userId)}`);
    expect(response?.status(), userId).toBe(200);
    await expect(page.getByText(`User ID ${userId}`)).toBeVisible();
  }
});

test("large session pages people and log, sorting across pages", async ({ page, request }) => {
  const sessionId = `e2e-${randomUUID()}`;
  const bodies: WebhookBody[] = [sessionOpen(sessionId, `${day}09:00:00Z`)];
  // 60 people with two connections each: 09:0x–09:10 and 09:20–09:30. The last
  // person to join stays until 10:00, so they have the highest presence but sit
  // on the second page in the default order of first join.
  for (let i = 0; i < 60; i++) {
    const seconds = String(i).padStart(2, "0");
    const first: PeerFields = { sessionId, peerId: `${sessionId}-${i}-a`, userId: `user-${i}`, name: `Person ${i}`, joinedAt: `${day}09:00:${seconds}Z` };
    const second: PeerFields = { ...first, peerId: `${sessionId}-${i}-b`, joinedAt: `${day}09:20:00Z` };
    bodies.push(peerJoin(first), peerLeave(first, `${day}09:10:00Z`), peerJoin(second), peerLeave(second, i === 59 ? `${day}10:00:00Z` : `${day}09:30:00Z`));
  }
  bodies.push(sessionClose(sessionId, `${day}09:00:00Z`, `${day}10:00:00Z`));
  await postWebhooks(request, bodies);

  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto(`/sessions/${sessionId}`);
  await expect(page.getByTestId("participant-count")).toHaveText("60");
  const names = async () => (await rowTexts(page)).map((row) => row[0]);
  await expect(page.getByTestId("attendance-table").locator("tbody tr")).toHaveCount(50);
  expect((await names())[0]).toBe("Person 0");
  await expect(page.getByTestId("people-pages")).toContainText("Page 1 of 2 · 1–50 of 60 people");
  await expect(page.getByTestId("timeline-scope")).toContainText("Shows the 50 people of page 1 of the table above");
  await expect(page.getByTestId("session-timeline").locator(".recharts-reference-area-rect")).toHaveCount(100);

  await page.getByTestId("people-pages").getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(`/sessions/${sessionId}?page=2`);
  await expect.poll(names).toEqual(["Person 50", "Person 51", "Person 52", "Person 53", "Person 54", "Person 55", "Person 56", "Person 57", "Person 58", "Person 59"]);
  await expect(page.getByTestId("people-pages")).toContainText("Page 2 of 2 · 51–60 of 60 people");

  // Sorting starts again at page 1 and orders the whole session, not only the page shown.
  await page.getByRole("link", { name: /^Presence \(min\)/ }).click();
  await expect(page).toHaveURL(`/sessions/${sessionId}?sort=presence&dir=desc`);
  await expect.poll(async () => (await rowTexts(page))[0]).toEqual([
    "Person 59", "user-59", "student", "2026-03-02 09:00:59", "2026-03-02 10:00:00", "49.02", "49.02", "2", "81.7", "present",
  ]);
  await expect(page.getByTestId("attendance-table").locator("th", { hasText: "Presence (min)" })).toHaveAttribute("aria-sort", "descending");
  await expect(page.getByTestId("attendance-table").locator("tbody tr")).toHaveCount(50);

  // The override form offers the people of the table page shown, in its order.
  await expect(page.getByTestId("override-scope")).toContainText("Lists the people on page 1 of the table above");
  const personOptions = page.getByRole("form", { name: "Override a status" }).locator('select[name="personKey"] option');
  await expect(personOptions).toHaveCount(50);
  await expect(personOptions.first()).toHaveAttribute("value", "user-59");

  // 120 connections make two pages of the log; paging it keeps the people sort.
  await expect(page.getByTestId("peer-log").locator("tbody tr")).toHaveCount(100);
  await expect(page.getByTestId("log-pages")).toContainText("Page 1 of 2 · 1–100 of 120 connections");
  await page.getByTestId("log-pages").getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(`/sessions/${sessionId}?sort=presence&dir=desc&logPage=2`);
  await expect(page.getByTestId("peer-log").locator("tbody tr")).toHaveCount(20);
  expect((await names())[0]).toBe("Person 59");
});
