/**
 * Statuses, rosters, overrides and the CSV files built on them, through the
 * real route handlers and query functions on a real SQLite file.
 */
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, test } from "vitest";

import { GET as getLive } from "@/app/api/live/route";
import { GET as getPersonCsv } from "@/app/people/[userId]/sessions.csv/route";
import { GET as getMatrixCsv } from "@/app/rooms/[id]/matrix.csv/route";
import { GET as getAttendanceCsv } from "@/app/sessions/[id]/attendance.csv/route";
import { GET as getExportCsv } from "@/app/sessions/export.csv/route";
import { prisma } from "@/lib/db";
import type { LiveSnapshot } from "@/lib/live/snapshot";
import { getPersonHistory } from "@/lib/people/queries";
import { parseRosterCsv, replaceRoster, RoomInputError, setStatusOverride, updateRules } from "@/lib/rooms/manage";
import { getRoomReport } from "@/lib/rooms/queries";
import { getSessionDetail } from "@/lib/sessions/queries";

import { createTestUser, requestAs, type TestUser } from "./auth-helpers";
import { peerJoin, peerLeave, ROOM_ID, sessionClose, sessionOpen, type PeerFields } from "./hms-events";
import { postAll } from "./route-client";

const OTHER_ROOM = "views-other-room";
const CLASS = "views-class";
const day = "2026-03-02T";

let admin: TestUser;
let teacher: TestUser;
let otherTeacher: TestUser;

function rowsOf(bytes: ArrayBuffer): Record<string, string>[] {
  return parse(Buffer.from(bytes), { bom: true, columns: true, skip_empty_lines: true });
}

/** Posts a join and, unless `leftAt` is null, a leave for each connection. */
function connections(sessionId: string, list: [userId: string, joinedAt: string, leftAt: string | null][]) {
  return list.flatMap(([userId, joinedAt, leftAt], index) => {
    const peer: PeerFields = { sessionId, peerId: `${sessionId}-${userId}-${index}`, userId, name: `Name ${userId}`, joinedAt };
    return leftAt === null ? [peerJoin(peer)] : [peerJoin(peer), peerLeave(peer, leftAt)];
  });
}

beforeAll(async () => {
  admin = await createTestUser("admin");
  teacher = await createTestUser("teacher", { roomIds: [ROOM_ID] });
  otherTeacher = await createTestUser("teacher", { roomIds: [OTHER_ROOM] });

  // A 60-minute class with rules P = 80 %, L = 10 min, E = 10 min.
  await postAll([
    sessionOpen(CLASS, `${day}09:00:00Z`),
    ...connections(CLASS, [
      ["amy", `${day}09:10:00Z`, `${day}10:00:00Z`], // joins exactly L after the start: present
      ["ben", `${day}09:10:01Z`, `${day}10:00:00Z`], // one second later: late
      ["cal", `${day}09:00:00Z`, `${day}09:50:00Z`], // leaves exactly E before the end: present
      ["fay", `${day}09:00:00Z`, `${day}09:49:59Z`], // one second earlier: left early
      ["dan", `${day}09:00:00Z`, `${day}09:24:00Z`], // 48 of 60 minutes, exactly 80 %: present
      ["dan", `${day}09:36:00Z`, `${day}10:00:00Z`],
      ["eve", `${day}09:00:00Z`, `${day}09:23:59Z`], // one second less: partial
      ["eve", `${day}09:36:00Z`, `${day}10:00:00Z`],
      ["gus", `${day}09:00:00Z`, `${day}10:00:00Z`], // not on the roster: guest
    ]),
    sessionClose(CLASS, `${day}09:00:00Z`, `${day}10:00:00Z`),
  ]);
  await updateRules(teacher.viewer, ROOM_ID, { presentMinPercent: 80, lateAfterMinutes: 10, leftEarlyMinutes: 10 });
  const roster = ["\uFEFFuser_id,name,email", ...["amy", "ben", "cal", "dan", "eve", "fay"].map((id) => `${id},Name ${id},`), 'zed,"Zed, the absent",zed@school.test'];
  await replaceRoster(teacher.viewer, ROOM_ID, roster.join("\r\n"));
  await setStatusOverride(teacher.viewer, { sessionId: CLASS, personKey: "zed", status: "excused", reason: "=doctor's note" }, Date.parse("2026-03-03T08:00:00Z"));
});

describe("statuses of a session", () => {
  test("rules give each person one status at the exact boundaries", async () => {
    const detail = await getSessionDetail(teacher.viewer, CLASS);
    const statuses = Object.fromEntries(detail!.statuses.map((status) => [status.userId, status.computed]));
    expect(statuses).toEqual({ amy: "present", ben: "late", cal: "present", fay: "left-early", dan: "present", eve: "partial", gus: "present", zed: "absent" });
  });

  test("guest and rostered absentee are marked", async () => {
    const detail = await getSessionDetail(teacher.viewer, CLASS);
    const gus = detail!.statuses.find((status) => status.userId === "gus");
    const zed = detail!.statuses.find((status) => status.userId === "zed");
    expect(gus?.guest).toBe(true);
    expect(gus?.rostered).toBe(false);
    expect(zed?.attendance).toBeNull();
    expect(zed?.effective).toBe("excused");
  });

  test("attendance CSV carries the override", async () => {
    const response = await getAttendanceCsv(await requestAs(teacher.id, `http://localhost/sessions/${CLASS}/attendance.csv`), { params: Promise.resolve({ id: CLASS }) });
    expect(response.status).toBe(200);
    const rows = rowsOf(await response.arrayBuffer());
    // People who joined come in user_id order, then rostered people who never joined.
    expect(rows.map((row) => row.user_id)).toEqual(["amy", "ben", "cal", "dan", "eve", "fay", "gus", "zed"]);
    const zed = rows.find((row) => row.user_id === "zed")!;
    expect(zed.name).toBe("Zed, the absent");
    expect(zed.status).toBe("excused");
    expect(zed.computed_status).toBe("absent");
    expect(zed.override_reason).toBe("'=doctor's note");
    expect(zed.override_by).toBe(teacher.email);
    expect(zed.override_at_utc).toBe("2026-03-03T08:00:00.000Z");
    expect(zed.presence_minutes).toBe("0.00");
    expect(zed.roster).toBe("rostered");
    expect(rows.find((row) => row.user_id === "gus")!.roster).toBe("guest");
    expect(rows.find((row) => row.user_id === "ben")!.status).toBe("late");
  });
});

describe("room report", () => {
  test("matrix rates leave excused sessions out", async () => {
    const report = await getRoomReport(teacher.viewer, ROOM_ID);
    const column = report!.sessions.findIndex((session) => session.id === CLASS);
    const byUser = Object.fromEntries(report!.rows.map((row) => [row.userId, row]));
    expect(byUser.zed.cells[column]?.effective).toBe("excused");
    expect(byUser.zed.attendanceRate).toBeNull();
    expect(byUser.eve.cells[column]?.effective).toBe("partial");
    expect(byUser.gus.rostered).toBe(false);
    // Attended: amy, ben, cal, fay, dan, gus of 7 counted (zed excused).
    expect(report!.sessions[column].attendanceRate).toBeCloseTo(6 / 7, 10);
    expect(report!.rules).toEqual({ presentMinPercent: 80, lateAfterMinutes: 10, leftEarlyMinutes: 10 });
  });

  test("matrix CSV has a status and presence per session", async () => {
    const response = await getMatrixCsv(await requestAs(teacher.id, `http://localhost/rooms/${ROOM_ID}/matrix.csv`), { params: Promise.resolve({ id: ROOM_ID }) });
    expect(response.status).toBe(200);
    const rows = rowsOf(await response.arrayBuffer());
    const ben = rows.find((row) => row.user_id === "ben")!;
    expect(ben["2026-03-02T09:00:00.000Z status"]).toBe("late");
    expect(ben["2026-03-02T09:00:00.000Z presence_minutes"]).toBe("49.98");
    expect(rows.find((row) => row.user_id === "gus")!.roster).toBe("guest");
  });

  test("another teacher's room is not found", async () => {
    expect(await getRoomReport(otherTeacher.viewer, ROOM_ID)).toBeNull();
    const response = await getMatrixCsv(await requestAs(otherTeacher.id, `http://localhost/rooms/${ROOM_ID}/matrix.csv`), { params: Promise.resolve({ id: ROOM_ID }) });
    expect(response.status).toBe(404);
    await expect(updateRules(otherTeacher.viewer, ROOM_ID, { presentMinPercent: 1, lateAfterMinutes: 1, leftEarlyMinutes: 1 })).rejects.toThrow(RoomInputError);
  });
});

describe("person history", () => {
  test("rostered absentee has the session with its override", async () => {
    const history = await getPersonHistory(teacher.viewer, "zed");
    expect(history?.name).toBe("Zed, the absent");
    expect(history?.sessions.map((row) => [row.sessionId, row.status.effective])).toContainEqual([CLASS, "excused"]);
  });

  test("person CSV lists status per session", async () => {
    const response = await getPersonCsv(await requestAs(teacher.id, "http://localhost/people/ben/sessions.csv"), { params: Promise.resolve({ userId: "ben" }) });
    expect(response.status).toBe(200);
    const rows = rowsOf(await response.arrayBuffer());
    const row = rows.find((candidate) => candidate.session_id === CLASS)!;
    expect(row.status).toBe("late");
    expect(row.first_join_utc).toBe("2026-03-02T09:10:01.000Z");
    expect(row.first_join_local).toBe("2026-03-02T09:10:01+00:00");
  });

  test("person of another room is not found", async () => {
    const response = await getPersonCsv(await requestAs(otherTeacher.id, "http://localhost/people/ben/sessions.csv"), { params: Promise.resolve({ userId: "ben" }) });
    expect(response.status).toBe(404);
  });
});

describe("GET /sessions/export.csv", () => {
  test("100ms columns with whole seconds", async () => {
    const s = "views-export";
    const bot: PeerFields = { sessionId: s, peerId: `${s}-bot`, userId: "", name: "Recorder", role: "__internal_recorder", joinedAt: "2026-03-03T09:00:00Z" };
    await postAll([
      sessionOpen(s, "2026-03-03T09:00:00Z"),
      ...connections(s, [
        ["ann", "2026-03-03T09:00:00Z", "2026-03-03T09:45:30.4Z"],
        ["ann", "2026-03-03T09:10:00.3Z", "2026-03-03T09:20:00Z"],
        ["bob", "2026-03-03T09:05:00Z", null],
      ]),
      peerJoin(bot),
      sessionClose(s, "2026-03-03T09:00:00Z", "2026-03-03T09:45:30.4Z"),
    ]);

    const response = await getExportCsv(await requestAs(admin.id, "http://localhost/sessions/export.csv?from=2026-03-03&to=2026-03-03"));
    expect(response.status).toBe(200);
    const text = Buffer.from(await response.arrayBuffer()).toString("utf8");
    expect(text.split("\r\n")[0]).toBe(
      "\uFEFFsession_id,room_id,customer_id,customer_email,user_id,created_at(UTC),recording_enabled?,total_peers,participant_duration,session_duration,recording_duration,created_at_utc,created_at_local",
    );
    const rows: Record<string, string>[] = parse(text, { bom: true, columns: true });
    expect(rows).toEqual([
      {
        session_id: s,
        room_id: ROOM_ID,
        customer_id: "",
        customer_email: "",
        user_id: "",
        "created_at(UTC)": "03-03-2026, 09:00:00",
        "recording_enabled?": "",
        // Three attendee connections; the recorder bot is left out.
        total_peers: "3",
        // 2730.4 s + 599.7 s + 2430.4 s (bob until the close) = 5760.5 s, rounded after summing.
        participant_duration: "5761",
        session_duration: "2730",
        recording_duration: "",
        created_at_utc: "2026-03-03T09:00:00.000Z",
        created_at_local: "2026-03-03T09:00:00+00:00",
      },
    ]);
  });

  test("invalid filter is rejected", async () => {
    const response = await getExportCsv(await requestAs(admin.id, "http://localhost/sessions/export.csv?from=yesterday"));
    expect(response.status).toBe(400);
  });

  test("teacher gets only assigned rooms", async () => {
    const response = await getExportCsv(await requestAs(otherTeacher.id, "http://localhost/sessions/export.csv"));
    expect(rowsOf(await response.arrayBuffer())).toEqual([]);
  });
});

describe("daylight-saving change", () => {
  test("session across the change reports its true duration", async () => {
    // Europe/Berlin moves from +01:00 to +02:00 at 2026-03-29T01:00:00Z; the wall clock
    // shows 01:30 to 03:30, two hours, but the session lasts one hour.
    const s = "views-dst";
    await postAll([
      sessionOpen(s, "2026-03-29T00:30:00Z"),
      ...connections(s, [["kim", "2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z"]]),
      sessionClose(s, "2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z"),
    ]);
    const berlin = await createTestUser("admin");
    await prisma.user.update({ where: { id: berlin.id }, data: { timeZone: "Europe/Berlin" } });

    const exported = await getExportCsv(await requestAs(berlin.id, "http://localhost/sessions/export.csv?from=2026-03-29&to=2026-03-29"));
    const [session] = rowsOf(await exported.arrayBuffer());
    expect(session.session_id).toBe(s);
    expect(session.session_duration).toBe("3600");
    expect(session.created_at_local).toBe("2026-03-29T01:30:00+01:00");

    const attendance = await getAttendanceCsv(await requestAs(berlin.id, `http://localhost/sessions/${s}/attendance.csv`), { params: Promise.resolve({ id: s }) });
    const [kim] = rowsOf(await attendance.arrayBuffer());
    expect(kim.first_join_local).toBe("2026-03-29T01:30:00+01:00");
    expect(kim.last_leave_local).toBe("2026-03-29T03:30:00+02:00");
    expect(kim.presence_minutes).toBe("60.00");
    expect(kim.share_percent).toBe("100.0");
  });
});

describe("GET /api/live", () => {
  test("snapshot has presence at the server's now", async () => {
    const s = "views-live";
    const joinedAtMs = Date.now() - 90_000;
    await postAll([
      sessionOpen(s, new Date(joinedAtMs - 30_000).toISOString()),
      ...connections(s, [["liv", new Date(joinedAtMs).toISOString(), null]]),
    ]);

    const response = await getLive(await requestAs(teacher.id, "http://localhost/api/live"));
    expect(response.status).toBe(200);
    const snapshot = (await response.json()) as LiveSnapshot;
    const session = snapshot.sessions.find((candidate) => candidate.id === s)!;
    expect(session.people).toHaveLength(1);
    expect(session.people[0].connected).toBe(true);
    expect(session.people[0].presenceMs).toBe(snapshot.nowMs - joinedAtMs);
    // The roster lists everyone of the class; liv is a guest, and all of them are expected.
    expect(session.people[0].rostered).toBe(false);
    expect(session.expected.map((entry) => entry.userId).sort()).toEqual(["amy", "ben", "cal", "dan", "eve", "fay", "zed"]);

    const other = (await (await getLive(await requestAs(otherTeacher.id, "http://localhost/api/live"))).json()) as LiveSnapshot;
    expect(other.sessions).toEqual([]);
  });
});

describe("parseRosterCsv", () => {
  test("reads columns in any order and case", () => {
    expect(parseRosterCsv('Name,EMAIL,User_ID\n"Lee, Ann",ann@school.test,ann\nBo,,bo\n')).toEqual([
      { userId: "ann", name: "Lee, Ann", email: "ann@school.test" },
      { userId: "bo", name: "Bo", email: null },
    ]);
  });

  test("rejects a missing user_id column", () => {
    expect(() => parseRosterCsv("name\nAnn")).toThrow(/user_id and name/);
  });

  test("rejects a duplicate user_id with its row", () => {
    expect(() => parseRosterCsv("user_id,name\nann,Ann\nann,Ann again")).toThrow(/Row 3: user_id ann appears twice/);
  });

  test("rejects an invalid email with its row", () => {
    expect(() => parseRosterCsv("user_id,name,email\nann,Ann,not-an-email")).toThrow(/Row 2: email "not-an-email"/);
  });
});
