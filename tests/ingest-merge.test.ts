/**
 * The merge rules of the webhook ingest SQL, on the engine the suite runs on:
 * the stored rows must not depend on the order in which 100ms delivers the
 * events of a session, and times taken from the 100ms API stay.
 */
import { describe, expect, test } from "vitest";

import { prisma } from "@/lib/db";

import { peerJoin, peerLeave, ROOM_ID, sessionClose, sessionOpen, type WebhookBody } from "./hms-events";
import { postWebhook } from "./route-client";

const at = (time: string) => new Date(`2026-03-02T${time}Z`);
const iso = (time: string) => `2026-03-02T${time}Z`;

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

async function post(body: WebhookBody): Promise<string> {
  const response = await postWebhook(body);
  const json = (await response.json()) as { outcome?: string; error?: string };
  if (response.status !== 200) throw new Error(`${body.type} answered ${response.status}: ${json.error}`);
  return json.outcome as string;
}

/** The events of one session with one peer; the peer's join carries an earlier session start than the open. */
function sessionEvents(sessionId: string): Record<string, WebhookBody> {
  const peer = { sessionId, peerId: `${sessionId}-p`, userId: "join-user", name: "Name From Join", role: "guest", joinedAt: iso("10:01:00.250") };
  const join = peerJoin(peer);
  join.data.session_started_at = iso("09:59:30");
  const leave = peerLeave({ ...peer, userId: "leave-user", name: "Name From Leave", role: "student" }, iso("10:20:00.500"));
  return {
    open: sessionOpen(sessionId, iso("10:00:00")),
    join,
    leave,
    close: sessionClose(sessionId, iso("10:00:00"), iso("10:30:00")),
  };
}

describe("webhook ingest merge rules", () => {
  test("every order of open, join, leave and close stores the same rows", async () => {
    const orders = permutations(["open", "join", "leave", "close"] as const);
    expect(orders).toHaveLength(24);

    // The sessions run side by side, so group commits mix their events.
    await Promise.all(
      orders.map(async (order, index) => {
        const events = sessionEvents(`merge-order-${index}`);
        for (const name of order) expect(await post(events[name])).toBe("applied");
      }),
    );

    for (let index = 0; index < orders.length; index++) {
      const sessionId = `merge-order-${index}`;
      const session = await prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
      const peer = await prisma.peer.findUniqueOrThrow({ where: { id: `${sessionId}-p` } });
      const label = orders[index].join(",");
      expect({ label, ...pick(session, ["roomId", "startedAt", "stoppedAt", "reportedDurationSeconds", "reconciliationStatus"]) }).toEqual({
        label,
        roomId: ROOM_ID,
        startedAt: at("09:59:30"),
        stoppedAt: at("10:30:00"),
        reportedDurationSeconds: 1800,
        reconciliationStatus: "none",
      });
      expect({
        label,
        ...pick(peer, ["sessionId", "userId", "name", "role", "peerType", "joinedAt", "leftAt", "leaveReason", "leaveSeen", "leftAtEstimated", "timesFromApi"]),
      }).toEqual({
        label,
        sessionId,
        userId: "leave-user",
        name: "Name From Leave",
        role: "student",
        peerType: "regular",
        joinedAt: at("10:01:00.250"),
        leftAt: at("10:20:00.500"),
        leaveReason: "client request",
        leaveSeen: true,
        leftAtEstimated: false,
        timesFromApi: false,
      });
      expect(session.updatedAt.getTime()).toBeGreaterThanOrEqual(session.createdAt.getTime());
    }
    expect(await prisma.room.findUniqueOrThrow({ where: { id: ROOM_ID }, select: { name: true } })).toEqual({ name: "algebra-2b" });
  });

  test("the earliest join and the latest leave and close win", async () => {
    const sessionId = "merge-extremes";
    const peer = { sessionId, peerId: "merge-extremes-p", userId: "u", name: "N", joinedAt: iso("10:05:00") };
    const bodies = [
      peerJoin(peer),
      peerJoin({ ...peer, joinedAt: iso("10:04:00") }),
      peerLeave(peer, iso("10:40:00")),
      peerLeave(peer, iso("10:41:00")),
      peerLeave(peer, "0001-01-01T00:00:00Z"),
      sessionClose(sessionId, iso("10:01:00"), iso("10:50:00")),
      sessionClose(sessionId, iso("10:00:00"), iso("10:45:00")),
    ];
    for (const order of [bodies, bodies.slice().reverse()]) {
      for (const body of order) await post({ ...body, id: `${body.id}-${order === bodies ? "a" : "b"}` });
    }
    const stored = await prisma.peer.findUniqueOrThrow({ where: { id: "merge-extremes-p" } });
    expect(pick(stored, ["joinedAt", "leftAt", "leftAtEstimated"])).toEqual({ joinedAt: at("10:04:00"), leftAt: at("10:41:00"), leftAtEstimated: false });
    const session = await prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(pick(session, ["startedAt", "stoppedAt"])).toEqual({ startedAt: at("10:00:00"), stoppedAt: at("10:50:00") });
  });

  test("times from the 100ms API stay, and a real leave replaces an estimated one", async () => {
    const sessionId = "merge-api-times";
    await post(sessionOpen(sessionId, iso("10:00:00")));
    await prisma.peer.createMany({
      data: [
        { id: "api-times", sessionId, userId: "u1", name: "A", role: "student", joinedAt: at("10:02:00"), leftAt: at("10:20:00"), timesFromApi: true },
        { id: "estimated", sessionId, userId: "u2", name: "B", role: "student", joinedAt: at("10:02:00"), leftAt: at("10:30:00"), leftAtEstimated: true },
        {
          id: "api-estimated",
          sessionId,
          userId: "u3",
          name: "C",
          role: "student",
          joinedAt: at("10:02:00"),
          leftAt: at("10:30:00"),
          leftAtEstimated: true,
          timesFromApi: true,
        },
      ],
    });

    const apiPeer = { sessionId, peerId: "api-times", userId: "u1", name: "A2", joinedAt: iso("10:01:00") };
    await post(peerJoin(apiPeer));
    await post(peerLeave(apiPeer, iso("10:25:00")));
    await post(peerLeave({ sessionId, peerId: "estimated", userId: "u2", name: "B2", joinedAt: iso("10:02:00") }, iso("10:10:00")));
    await post(peerLeave({ sessionId, peerId: "api-estimated", userId: "u3", name: "C2", joinedAt: iso("10:01:00") }, iso("10:12:00")));

    const peers = await prisma.peer.findMany({ where: { sessionId }, orderBy: { id: "asc" } });
    expect(peers.map((p) => pick(p, ["id", "name", "joinedAt", "leftAt", "leftAtEstimated", "timesFromApi", "peerType"]))).toEqual([
      { id: "api-estimated", name: "C2", joinedAt: at("10:02:00"), leftAt: at("10:12:00"), leftAtEstimated: false, timesFromApi: true, peerType: "regular" },
      { id: "api-times", name: "A2", joinedAt: at("10:02:00"), leftAt: at("10:20:00"), leftAtEstimated: false, timesFromApi: true, peerType: "regular" },
      { id: "estimated", name: "B2", joinedAt: at("10:02:00"), leftAt: at("10:10:00"), leftAtEstimated: false, timesFromApi: false, peerType: "regular" },
    ]);
  });

  test("deliveries of one event at the same moment store it once", async () => {
    const body = sessionOpen("merge-duplicates", iso("10:00:00"));
    const outcomes = await Promise.all([post(body), post(body), post(body), post(body)]);
    expect(outcomes.sort()).toEqual(["applied", "duplicate", "duplicate", "duplicate"]);
    expect(await prisma.webhookEvent.count({ where: { id: body.id } })).toBe(1);
    const stored = await prisma.webhookEvent.findUniqueOrThrow({ where: { id: body.id } });
    expect(pick(stored, ["type", "occurredAt", "sessionId", "peerId", "isReplay", "payload"])).toEqual({
      type: "session.open.success",
      occurredAt: at("10:00:00"),
      sessionId: "merge-duplicates",
      peerId: null,
      isReplay: false,
      payload: JSON.stringify(body),
    });
  });
});

function pick<T extends object, K extends keyof T>(row: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, row[key]])) as Pick<T, K>;
}
