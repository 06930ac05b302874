import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, test } from "vitest";

import { GET } from "@/app/sessions/[id]/attendance.csv/route";
import { formatMinutes } from "@/lib/attendance/format";
import { prisma } from "@/lib/db";
import { getSessionDetail } from "@/lib/sessions/queries";

import { createTestUser, requestAs, type TestUser } from "./auth-helpers";
import { peerJoin, peerLeave, sessionClose, sessionOpen, type PeerFields } from "./hms-events";
import { postAll } from "./route-client";

const day = "2026-03-02T";

let admin: TestUser;
beforeAll(async () => {
  admin = await createTestUser("admin");
});

async function download(sessionId: string): Promise<{ response: Response; bytes: Buffer }> {
  const response = await GET(await requestAs(admin.id, `http://localhost/sessions/${sessionId}/attendance.csv`), {
    params: Promise.resolve({ id: sessionId }),
  });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

function rowsOf(bytes: Buffer): Record<string, string>[] {
  return parse(bytes, { bom: true, columns: true, skip_empty_lines: true });
}

describe("GET /sessions/{id}/attendance.csv", () => {
  test("three people with six peers give 3 rows and 6 joins", async () => {
    const s = "csv-six-peers";
    const peers: [PeerFields, string][] = [
      [{ sessionId: s, peerId: "c-a1", userId: "ann", name: "Ann", joinedAt: `${day}09:00:00Z` }, "09:10:00"],
      [{ sessionId: s, peerId: "c-a2", userId: "ann", name: "Ann", joinedAt: `${day}09:15:00Z` }, "09:20:00"],
      [{ sessionId: s, peerId: "c-a3", userId: "ann", name: "Ann", joinedAt: `${day}09:30:00Z` }, "10:00:00"],
      [{ sessionId: s, peerId: "c-b1", userId: "bob", name: "Bob", joinedAt: `${day}09:00:00Z` }, "09:30:00"],
      [{ sessionId: s, peerId: "c-b2", userId: "bob", name: "Bob", joinedAt: `${day}09:31:00Z` }, "10:00:00"],
      [{ sessionId: s, peerId: "c-c1", userId: "cat", name: "Cat", joinedAt: `${day}09:05:00Z` }, "09:55:00"],
    ];
    await postAll([
      sessionOpen(s, `${day}09:00:00Z`),
      ...peers.flatMap(([p, leftAt]) => [peerJoin(p), peerLeave(p, `${day}${leftAt}Z`)]),
      sessionClose(s, `${day}09:00:00Z`, `${day}10:00:00Z`),
    ]);

    const { response, bytes } = await download(s);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const rows = rowsOf(bytes);
    expect(rows).toHaveLength(3);
    expect(rows.reduce((sum, row) => sum + Number(row.joins), 0)).toBe(6);
    expect(rows[0]).toEqual({
      name: "Ann",
      user_id: "ann",
      role: "student",
      first_join_utc: "2026-03-02T09:00:00.000Z",
      last_leave_utc: "2026-03-02T10:00:00.000Z",
      presence_minutes: "45.00",
      connection_minutes: "45.00",
      joins: "3",
      share_percent: "75.0",
      first_join_local: "2026-03-02T09:00:00+00:00",
      last_leave_local: "2026-03-02T10:00:00+00:00",
      roster: "",
      status: "present",
      computed_status: "present",
      override_reason: "",
      override_by: "",
      override_at_utc: "",
      override_at_local: "",
    });
  });

  test("byte-order mark, formula neutralising and quoting", async () => {
    const s = "csv-names";
    const names = ['=HYPERLINK("x")', 'O\'Brien, "Pat"', "Ünï 用户", "-5 minutes", "Line\nbreak"];
    await postAll([
      sessionOpen(s, `${day}09:00:00Z`),
      ...names.map((name, i) => peerJoin({ sessionId: s, peerId: `n-${i}`, userId: `user-${i}`, name, joinedAt: `${day}09:0${i}:00Z` })),
      sessionClose(s, `${day}09:00:00Z`, `${day}10:00:00Z`),
    ]);

    const { bytes } = await download(s);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text).toContain(`"O'Brien, ""Pat"""`);

    const rows = rowsOf(bytes);
    expect(rows.map((row) => row.name)).toEqual(["'=HYPERLINK(\"x\")", 'O\'Brien, "Pat"', "Ünï 用户", "'-5 minutes", "Line\nbreak"]);
    expect(rows.map((row) => row.presence_minutes)).toEqual(["60.00", "59.00", "58.00", "57.00", "56.00"]);
  });

  test("session of 2,550 peers streams the page's figures", async () => {
    const s = "csv-paged";
    await postAll([sessionOpen(s, `${day}09:00:00Z`), sessionClose(s, `${day}09:00:00Z`, `${day}10:00:00Z`)]);
    // 1,000 people with 2 or 3 peers each, so that people span the 2,000-peer pages, and 50 peers without a user_id.
    const rows = [];
    for (let person = 0; person < 1_000; person++) {
      for (let c = 0; c < 2 + (person % 2); c++) {
        const joinedAtMs = Date.parse(`${day}09:00:00Z`) + person * 1_000 + c * 600_000;
        rows.push({ id: `pg-${person}-${c}`, sessionId: s, userId: `user-${String(person).padStart(4, "0")}`, name: `P ${person}`, role: "student", joinedAt: new Date(joinedAtMs), leftAt: new Date(joinedAtMs + 900_000) });
      }
    }
    for (let i = 0; i < 50; i++) {
      rows.push({ id: `pg-anon-${i}`, sessionId: s, userId: "", name: `Guest ${i}`, role: "student", joinedAt: new Date(Date.parse(`${day}09:30:00Z`)), leftAt: null });
    }
    await prisma.peer.createMany({ data: rows });
    expect(rows.length).toBe(2_550);

    const { bytes } = await download(s);
    const csvRows = rowsOf(bytes);
    const detail = await getSessionDetail(admin.viewer, s);
    if (!detail) throw new Error("session missing");
    const expected = [...detail.attendance.people].sort((a, b) => (a.personKey < b.personKey ? -1 : 1));

    expect(csvRows).toHaveLength(1_050);
    expect(csvRows.map((row) => [row.user_id, row.joins, row.presence_minutes, row.connection_minutes, row.last_leave_utc])).toEqual(
      expected.map((person) => [
        person.userId,
        String(person.joins),
        formatMinutes(person.presenceMs),
        formatMinutes(person.connectionMs),
        new Date(person.lastLeaveMs ?? 0).toISOString(),
      ]),
    );
  });

  test("unknown session gets 404", async () => {
    const { response } = await download("no-such-session");
    expect(response.status).toBe(404);
  });
});
