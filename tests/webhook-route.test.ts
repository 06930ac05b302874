import { describe, expect, test } from "vitest";

import { formatMinutes } from "@/lib/attendance/format";
import type { Viewer } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db";
import { getSessionDetail } from "@/lib/sessions/queries";

import { peerJoin, peerLeave, sessionClose, sessionOpen, type PeerFields } from "./hms-events";
import { postAll, postWebhook } from "./route-client";

const day = "2026-03-02T";

function person(sessionId: string, peerId: string, userId: string, joinedAt: string, name = `Student ${userId}`): PeerFields {
  return { sessionId, peerId, userId, name, joinedAt: `${day}${joinedAt}Z` };
}

const admin: Viewer = { id: "test-admin", email: "admin@school.test", name: "Admin", role: "admin", roomIds: [], timeZone: null };

async function attendanceOf(sessionId: string) {
  const detail = await getSessionDetail(admin, sessionId);
  if (!detail) throw new Error(`session ${sessionId} not stored`);
  return detail.attendance;
}

async function countRows() {
  return {
    events: await prisma.webhookEvent.count(),
    sessions: await prisma.session.count(),
    peers: await prisma.peer.count(),
  };
}

describe("POST /api/webhooks/100ms", () => {
  test("worked example: 2.42 and 2.37 give 4.79 in a 2.42 minute session", async () => {
    const s = "worked-example";
    const a = person(s, "p-a", "user-a", "10:00:00");
    const b = person(s, "p-b", "user-b", "10:00:03");
    await postAll([
      sessionOpen(s, `${day}10:00:00Z`),
      peerJoin(a),
      peerJoin(b),
      peerLeave(a, `${day}10:02:25.2Z`),
      peerLeave(b, `${day}10:02:25.2Z`),
      sessionClose(s, `${day}10:00:00Z`, `${day}10:02:25.2Z`),
    ]);

    const attendance = await attendanceOf(s);
    expect(attendance.people.map((p) => formatMinutes(p.presenceMs))).toEqual(["2.42", "2.37"]);
    expect(formatMinutes(attendance.aggregatedPresenceMs)).toBe("4.79");
    expect(formatMinutes(attendance.durationMs)).toBe("2.42");
  });

  test("rejoin with the first leave delivered twice", async () => {
    const s = "rejoin-redelivered";
    const first = person(s, "p-1", "student-0042", "10:00:00");
    const second = person(s, "p-2", "student-0042", "10:12:00");
    const firstLeave = peerLeave(first, `${day}10:10:00Z`);

    await postAll([sessionOpen(s, `${day}10:00:00Z`), peerJoin(first), firstLeave, peerJoin(second)]);
    const before = await countRows();
    const redelivery = await postWebhook(firstLeave);
    expect(redelivery.status).toBe(200);
    expect(await redelivery.json()).toEqual({ id: firstLeave.id, outcome: "duplicate" });
    expect(await countRows()).toEqual(before);

    await postAll([peerLeave(second, `${day}10:40:00Z`), sessionClose(s, `${day}10:00:00Z`, `${day}10:40:00Z`)]);

    const attendance = await attendanceOf(s);
    expect(attendance.people).toHaveLength(1);
    expect(formatMinutes(attendance.people[0].presenceMs)).toBe("38.00");
    expect(attendance.people[0].joins).toBe(2);
    expect(formatMinutes(attendance.durationMs)).toBe("40.00");
  });

  test("overlapping tabs: presence 60.00, connection 65.00", async () => {
    const s = "overlapping-tabs";
    const tab1 = person(s, "tab-1", "u-1", "09:00:00");
    const tab2 = person(s, "tab-2", "u-1", "09:35:00");
    await postAll([
      sessionOpen(s, `${day}09:00:00Z`),
      peerJoin(tab1),
      peerJoin(tab2),
      peerLeave(tab1, `${day}09:40:00Z`),
      peerLeave(tab2, `${day}10:00:00Z`),
      sessionClose(s, `${day}09:00:00Z`, `${day}10:00:00Z`),
    ]);

    const [p] = (await attendanceOf(s)).people;
    expect(formatMinutes(p.presenceMs)).toBe("60.00");
    expect(formatMinutes(p.connectionMs)).toBe("65.00");
  });

  test("gap between two peers counts as absence", async () => {
    const s = "gap";
    const one = person(s, "g-1", "u-1", "10:00:00");
    const two = person(s, "g-2", "u-1", "10:25:00");
    await postAll([
      sessionOpen(s, `${day}10:00:00Z`),
      peerJoin(one),
      peerLeave(one, `${day}10:10:00Z`),
      peerJoin(two),
      peerLeave(two, `${day}10:40:00Z`),
      sessionClose(s, `${day}10:00:00Z`, `${day}10:40:00Z`),
    ]);

    const [p] = (await attendanceOf(s)).people;
    expect(formatMinutes(p.presenceMs)).toBe("25.00");
    expect(p.intervals.map((i) => [new Date(i.startMs).toISOString(), new Date(i.endMs).toISOString()])).toEqual([
      ["2026-03-02T10:00:00.000Z", "2026-03-02T10:10:00.000Z"],
      ["2026-03-02T10:25:00.000Z", "2026-03-02T10:40:00.000Z"],
    ]);
  });

  test("closed session with peers that never left", async () => {
    const s = "never-left";
    const early = person(s, "a-1", "ann", "08:00:00");
    const back = person(s, "a-2", "ann", "08:25:00");
    const bob = person(s, "b-1", "bob", "08:05:00");
    await postAll([
      sessionOpen(s, `${day}08:00:00Z`),
      peerJoin(early),
      peerJoin(bob),
      peerLeave(early, `${day}08:20:00Z`),
      peerJoin(back),
      sessionClose(s, `${day}08:00:00Z`, `${day}08:45:00Z`),
    ]);

    const attendance = await attendanceOf(s);
    expect(attendance.people.map((p) => [p.userId, formatMinutes(p.presenceMs)])).toEqual([
      ["ann", "40.00"],
      ["bob", "40.00"],
    ]);
    expect(formatMinutes(attendance.aggregatedPresenceMs)).toBe("80.00");
    expect(formatMinutes(attendance.durationMs)).toBe("45.00");
  });

  test("two 90 s peers give 3.00 and three 20 s peers give 1.00", async () => {
    const s = "rounding";
    const peers = [
      [person(s, "r-1", "long", "10:00:00"), "10:01:30"],
      [person(s, "r-2", "long", "10:02:00"), "10:03:30"],
      [person(s, "r-3", "short", "10:00:00"), "10:00:20"],
      [person(s, "r-4", "short", "10:01:00"), "10:01:20"],
      [person(s, "r-5", "short", "10:02:00"), "10:02:20"],
    ] as const;
    await postAll([
      sessionOpen(s, `${day}10:00:00Z`),
      ...peers.flatMap(([p, leftAt]) => [peerJoin(p), peerLeave(p, `${day}${leftAt}Z`)]),
      sessionClose(s, `${day}10:00:00Z`, `${day}10:10:00Z`),
    ]);

    const byUser = Object.fromEntries((await attendanceOf(s)).people.map((p) => [p.userId, formatMinutes(p.presenceMs)]));
    expect(byUser).toEqual({ long: "3.00", short: "1.00" });
  });

  test("failure events open and close nothing", async () => {
    const s = "failures";
    const kept = person(s, "f-1", "kept", "10:00:00");
    const failed = person(s, "f-2", "failed", "10:05:00");
    await postAll([
      sessionOpen(s, `${day}10:00:00Z`),
      peerJoin(kept),
      peerLeave(kept, "0001-01-01T00:00:00Z", "peer.leave.failure"),
      peerJoin(failed, "peer.join.failure"),
    ]);

    const peers = await prisma.peer.findMany({ where: { sessionId: s } });
    expect(peers.map((p) => [p.id, p.leftAt])).toEqual([["f-1", null]]);
    expect(await prisma.webhookEvent.count({ where: { sessionId: s } })).toBe(4);

    await postAll([sessionClose(s, `${day}10:00:00Z`, `${day}10:30:00Z`)]);
    const attendance = await attendanceOf(s);
    expect(attendance.people.map((p) => [p.userId, formatMinutes(p.presenceMs)])).toEqual([["kept", "30.00"]]);
  });

  test("any delivery order gives the same attendance", async () => {
    const build = (s: string) => {
      const first = person(s, `${s}-1`, "ann", "10:00:00", "Ann");
      const rejoin = person(s, `${s}-2`, "ann", "10:09:30", "Ann B.");
      const tab = person(s, `${s}-3`, "bob", "10:01:00", "Bob");
      return [
        sessionOpen(s, `${day}10:00:00Z`),
        peerJoin(first),
        peerJoin(rejoin),
        peerLeave(first, `${day}10:10:00Z`),
        peerJoin(tab),
        peerLeave(tab, `${day}10:20:00Z`),
        sessionClose(s, `${day}10:00:00Z`, `${day}10:30:00Z`),
        peerLeave(rejoin, `${day}10:30:00Z`),
      ];
    };

    const inOrder = build("order-a");
    const reversed = build("order-b").reverse();
    await postAll(inOrder);
    await postAll(reversed);

    const summarise = async (s: string) =>
      (await attendanceOf(s)).people.map((p) => [p.userId, p.name, p.presenceMs, p.connectionMs, p.joins, p.firstJoinMs, p.lastLeaveMs]);
    expect(await summarise("order-b")).toEqual(await summarise("order-a"));
    expect(await summarise("order-a")).toEqual([
      ["ann", "Ann B.", 30 * 60_000, 30 * 60_000 + 30_000, 2, Date.parse(`${day}10:00:00Z`), Date.parse(`${day}10:30:00Z`)],
      ["bob", "Bob", 19 * 60_000, 19 * 60_000, 1, Date.parse(`${day}10:01:00Z`), Date.parse(`${day}10:20:00Z`)],
    ]);
  });

  test("a leave alone records the whole interval and a late join does not reopen it", async () => {
    const s = "leave-first";
    const p = person(s, "l-1", "u-1", "10:05:00");
    await postAll([peerLeave(p, `${day}10:15:00Z`), peerJoin(p)]);

    const stored = await prisma.peer.findUniqueOrThrow({ where: { id: "l-1" } });
    expect(stored.joinedAt?.toISOString()).toBe("2026-03-02T10:05:00.000Z");
    expect(stored.leftAt?.toISOString()).toBe("2026-03-02T10:15:00.000Z");
  });

  test("nine fractional digits parse to the millisecond", async () => {
    const s = "precision";
    const p = { ...person(s, "n-1", "u-1", "09:01:12"), joinedAt: `${day}09:01:12.480215377Z` };
    await postAll([sessionOpen(s, `${day}09:00:04.123456789Z`), peerJoin(p)]);

    const session = await prisma.session.findUniqueOrThrow({ where: { id: s } });
    const stored = await prisma.peer.findUniqueOrThrow({ where: { id: "n-1" } });
    expect(session.startedAt?.toISOString()).toBe("2026-03-02T09:00:04.123Z");
    expect(stored.joinedAt?.toISOString()).toBe("2026-03-02T09:01:12.480Z");
  });

  test("malformed JSON gets 400 and stores nothing", async () => {
    const before = await countRows();
    const response = await postWebhook(null, { raw: '{"id": "x", ' });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/^Invalid JSON/);
    expect(await countRows()).toEqual(before);
  });

  test("a missing required field is named in the 400", async () => {
    const before = await countRows();
    const body = peerJoin(person("missing", "m-1", "u-1", "10:00:00"));
    delete body.data.peer_id;
    const response = await postWebhook(body);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain("data.peer_id");
    expect(await countRows()).toEqual(before);

    const noId = sessionOpen("missing", `${day}10:00:00Z`) as Partial<ReturnType<typeof sessionOpen>>;
    delete noId.id;
    const second = await postWebhook(noId);
    expect(second.status).toBe(400);
    expect((await second.json()).error).toMatch(/^Invalid webhook payload: id:/);
  });

  test("a body over 1 MiB gets 413", async () => {
    const body = sessionOpen("too-big", `${day}10:00:00Z`);
    const raw = JSON.stringify({ ...body, padding: "x".repeat(1024 * 1024) });
    const response = await postWebhook(null, { raw });
    expect(response.status).toBe(413);
    expect(await prisma.session.count({ where: { id: "too-big" } })).toBe(0);
  });

  test("other event types are stored and acknowledged", async () => {
    const response = await postWebhook({
      version: "2.0",
      id: "beam-1",
      type: "beam.started.success",
      timestamp: "2026-03-02T10:00:00Z",
      data: { room_id: "r", session_id: "beam-session" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: "beam-1", outcome: "stored" });
    expect(await prisma.session.count({ where: { id: "beam-session" } })).toBe(0);
    expect((await prisma.webhookEvent.findUniqueOrThrow({ where: { id: "beam-1" } })).sessionId).toBe("beam-session");
  });
});

describe("POST /api/webhooks/100ms with unstorable values", () => {
  test("NUL, lone surrogates and oversized durations get 400", async () => {
    const before = await countRows();
    const join = () => peerJoin(person("unstorable", "u-1", "user-1", "10:00:00"));

    const nul = join();
    nul.data.user_name = "Ann\u0000Lee";
    const surrogate = join();
    surrogate.data.user_name = "Ann \ud800";
    const nulId = { ...join(), id: "event\u0000id" };
    const hugeDuration = sessionClose("unstorable", `${day}10:00:00Z`, `${day}10:30:00Z`);
    hugeDuration.data.session_duration = 3_000_000_000;

    const cases: [unknown, string][] = [
      [nul, "data.user_name: contains a NUL character or an unpaired surrogate"],
      [surrogate, "data.user_name: contains a NUL character or an unpaired surrogate"],
      [nulId, "id: contains a NUL character or an unpaired surrogate"],
      [hugeDuration, "data.session_duration"],
    ];
    for (const [body, message] of cases) {
      const response = await postWebhook(body);
      expect(response.status, message).toBe(400);
      expect((await response.json()).error).toContain(message);
    }
    expect(await countRows()).toEqual(before);
  });
});
