import { randomUUID } from "node:crypto";

import { expect, test } from "@playwright/test";

import { peerJoin, peerLeave, sessionClose, sessionOpen, type WebhookBody } from "../tests/hms-events";
import { E2E_ADMIN, postWebhooks, signIn, signOut } from "./auth";

const day = "2026-03-04T";

function classIn(roomId: string, roomName: string, sessionId: string, userId: string): WebhookBody[] {
  const peer = { sessionId, peerId: `${sessionId}-p1`, userId, name: `Student ${userId}`, joinedAt: `${day}09:00:00Z` };
  return [
    sessionOpen(sessionId, `${day}09:00:00Z`),
    peerJoin(peer),
    peerLeave(peer, `${day}09:30:00Z`),
    sessionClose(sessionId, `${day}09:00:00Z`, `${day}10:00:00Z`),
  ].map((body) => ({ ...body, data: { ...body.data, room_id: roomId, room_name: roomName } }));
}

test("admin assigns a room and the teacher sees only that room", async ({ page, request }) => {
  const suffix = randomUUID().slice(0, 8);
  const roomA = { id: `room-a-${suffix}`, name: `chemistry-${suffix}` };
  const roomB = { id: `room-b-${suffix}`, name: `history-${suffix}` };
  const sessionA = `roles-a-${suffix}`;
  const sessionB = `roles-b-${suffix}`;
  await postWebhooks(request, [...classIn(roomA.id, roomA.name, sessionA, `ann-${suffix}`), ...classIn(roomB.id, roomB.name, sessionB, `bob-${suffix}`)]);

  const teacher = { name: "Tess Teacher", email: `tess-${suffix}@rollcall.test`, password: "tess teacher password" };

  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.getByRole("link", { name: "Users" }).click();
  const createForm = page.getByRole("form", { name: "Create user" });
  await createForm.getByLabel("Name").fill(teacher.name);
  await createForm.getByLabel("Email").fill(teacher.email);
  await createForm.getByLabel("Role").selectOption("teacher");
  await createForm.getByLabel("Password").fill(teacher.password);
  await createForm.getByRole("button", { name: "Create" }).click();
  await expect(createForm.getByRole("status")).toHaveText(`Created ${teacher.email}. They can sign in now.`);

  await page.getByTestId("users-table").getByRole("link", { name: teacher.name }).click();
  const roomsForm = page.getByRole("form", { name: "Assign rooms" });
  await roomsForm.getByLabel(roomA.name).check();
  await roomsForm.getByRole("button", { name: "Save rooms" }).click();
  await expect(roomsForm.getByRole("status")).toHaveText("Rooms saved (1 assigned).");
  await signOut(page);

  await signIn(page, teacher.email, teacher.password);
  await expect(page.getByTestId("signed-in-as")).toContainText("(teacher)");
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator(`a[href="/sessions/${sessionA}"]`)).toHaveText(roomA.name);
  await expect(page.getByLabel("Room").locator("option")).toHaveText(["All rooms", roomA.name]);

  await page.locator(`a[href="/sessions/${sessionA}"]`).click();
  await expect(page.getByTestId("participant-count")).toHaveText("1");

  // Another room's session, person and CSV return 404, as if they did not exist.
  expect((await page.request.get(`/sessions/${sessionB}`)).status()).toBe(404);
  expect((await page.request.get(`/people/bob-${suffix}`)).status()).toBe(404);
  expect((await page.request.get(`/sessions/${sessionB}/attendance.csv`)).status()).toBe(404);
  expect((await page.request.get(`/admin/users`)).status()).toBe(404);
  expect((await page.request.get(`/sessions/${sessionA}/attendance.csv`)).status()).toBe(200);

  await page.goto(`/people/ann-${suffix}`);
  await expect(page.getByTestId("person-sessions").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("person-sessions")).toContainText(roomA.name);
});
