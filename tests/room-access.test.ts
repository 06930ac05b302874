/**
 * A teacher sees only the rooms assigned to them: another room's session,
 * person and CSV answer as if they did not exist. Pages render `notFound()`
 * exactly when these data-access functions return null (the Playwright suite
 * checks the 404 status of the real pages).
 */
import { beforeAll, describe, expect, test } from "vitest";

import { GET as getCsv } from "@/app/sessions/[id]/attendance.csv/route";
import { getPersonHistory } from "@/lib/people/queries";
import { getSessionDetail, listRooms, listSessions } from "@/lib/sessions/queries";
import { prisma } from "@/lib/db";

import { createTestUser, requestAs, sessionCookie, type TestUser } from "./auth-helpers";
import { peerJoin, peerLeave, sessionClose, sessionOpen, type WebhookBody } from "./hms-events";
import { postAll } from "./route-client";

const day = "2026-03-02T";
const ROOM_A = "room-a-000000000000000001";
const ROOM_B = "room-b-000000000000000002";

function inRoom(roomId: string, bodies: WebhookBody[]): WebhookBody[] {
  return bodies.map((body) => ({ ...body, data: { ...body.data, room_id: roomId, room_name: `name of ${roomId}` } }));
}

function classIn(roomId: string, sessionId: string, userId: string): WebhookBody[] {
  const peer = { sessionId, peerId: `${sessionId}-p1`, userId, name: `Student ${userId}`, joinedAt: `${day}09:00:00Z` };
  return inRoom(roomId, [
    sessionOpen(sessionId, `${day}09:00:00Z`),
    peerJoin(peer),
    peerLeave(peer, `${day}09:30:00Z`),
    sessionClose(sessionId, `${day}09:00:00Z`, `${day}10:00:00Z`),
  ]);
}

let teacherA: TestUser;
let admin: TestUser;

beforeAll(async () => {
  await postAll([
    ...classIn(ROOM_A, "session-a", "shared-student"),
    ...classIn(ROOM_B, "session-b", "shared-student"),
    ...classIn(ROOM_B, "session-b2", "only-b-student"),
  ]);
  teacherA = await createTestUser("teacher", { roomIds: [ROOM_A] });
  admin = await createTestUser("admin");
});

async function csvStatus(userId: string | undefined, sessionId: string): Promise<number> {
  const response = await getCsv(await requestAs(userId, `http://localhost/sessions/${sessionId}/attendance.csv`), {
    params: Promise.resolve({ id: sessionId }),
  });
  return response.status;
}

describe("room access of a teacher", () => {
  test("CSV of another room gets 404, of the own room 200", async () => {
    expect(await csvStatus(teacherA.id, "session-b")).toBe(404);
    expect(await csvStatus(teacherA.id, "session-a")).toBe(200);
    expect(await csvStatus(admin.id, "session-b")).toBe(200);
  });

  test("404 body of another room equals that of a missing session", async () => {
    const request = async (id: string) =>
      getCsv(await requestAs(teacherA.id, `http://localhost/sessions/${id}/attendance.csv`), { params: Promise.resolve({ id }) });
    expect(await (await request("session-b")).json()).toEqual({ error: "Session session-b not found" });
    expect(await (await request("no-such")).json()).toEqual({ error: "Session no-such not found" });
  });

  test("session of another room is not found", async () => {
    expect(await getSessionDetail(teacherA.viewer, "session-b")).toBeNull();
    expect((await getSessionDetail(teacherA.viewer, "session-a"))?.roomId).toBe(ROOM_A);
    expect((await getSessionDetail(admin.viewer, "session-b"))?.roomId).toBe(ROOM_B);
  });

  test("person seen only in another room is not found", async () => {
    expect(await getPersonHistory(teacherA.viewer, "only-b-student")).toBeNull();
    expect((await getPersonHistory(admin.viewer, "only-b-student"))?.sessions.map((row) => row.sessionId)).toEqual(["session-b2"]);
  });

  test("person page lists only the own room's sessions", async () => {
    const history = await getPersonHistory(teacherA.viewer, "shared-student");
    expect(history?.sessions.map((row) => [row.sessionId, row.status.attendance?.presenceMs])).toEqual([["session-a", 30 * 60_000]]);
    const all = await getPersonHistory(admin.viewer, "shared-student");
    expect(all?.sessions.map((row) => row.sessionId).sort()).toEqual(["session-a", "session-b"]);
  });

  test("session list and room filter hold only assigned rooms", async () => {
    const list = await listSessions(teacherA.viewer, { page: 1 });
    expect(list.rows.map((row) => row.id)).toEqual(["session-a"]);
    expect(list.total).toBe(1);
    const filteredToB = await listSessions(teacherA.viewer, { page: 1, roomId: ROOM_B });
    expect(filteredToB.rows).toEqual([]);
    expect((await listRooms(teacherA.viewer)).map((room) => room.id)).toEqual([ROOM_A]);
  });

  test("teacher without rooms sees nothing", async () => {
    const unassigned = await createTestUser("teacher");
    expect((await listSessions(unassigned.viewer, { page: 1 })).total).toBe(0);
    expect(await csvStatus(unassigned.id, "session-a")).toBe(404);
  });

  test("deactivated user's session cookie is anonymous", async () => {
    const teacher = await createTestUser("teacher", { roomIds: [ROOM_A] });
    expect(await csvStatus(teacher.id, "session-a")).toBe(200);
    await prisma.user.update({ where: { id: teacher.id }, data: { active: false } });
    expect(await csvStatus(teacher.id, "session-a")).toBe(401);
  });

  test("an expired or forged cookie is anonymous", async () => {
    const expired = await sessionCookie(teacherA.id, -60);
    const forged = (await sessionCookie(teacherA.id)).slice(0, -4) + "AAAA";
    for (const cookie of [expired, forged]) {
      const response = await getCsv(new Request("http://localhost/sessions/session-a/attendance.csv", { headers: { cookie } }), {
        params: Promise.resolve({ id: "session-a" }),
      });
      expect(response.status).toBe(401);
    }
  });
});
