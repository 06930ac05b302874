import { describe, expect, test } from "vitest";

import { computeAttendance, unionLengthMs, unionLengthsByPerson, type Interval, type PeerRecord } from "./compute";
import { formatMinutes, formatPercent } from "./format";

const at = (time: string) => Date.parse(`2026-03-02T${time}Z`);
const none = new Set<string>();

function peer(peerId: string, userId: string, joined: string | null, left: string | null, role = "student"): PeerRecord {
  return {
    peerId,
    userId,
    name: `Name ${userId || peerId}`,
    role,
    joinedAtMs: joined === null ? null : at(joined),
    leftAtMs: left === null ? null : at(left),
  };
}

function closed(start: string, stop: string) {
  return { startedAtMs: at(start), stoppedAtMs: at(stop) };
}

describe("computeAttendance", () => {
  test("worked example: 2.42 + 2.37 = 4.79 in a 2.42 minute session", () => {
    const result = computeAttendance(
      closed("10:00:00.000", "10:02:25.200"),
      [peer("p1", "u1", "10:00:00.000", "10:02:25.200"), peer("p2", "u2", "10:00:03.000", "10:02:25.200")],
      { nowMs: 0, excludedRoles: none },
    );
    expect(result.people.map((person) => formatMinutes(person.presenceMs))).toEqual(["2.42", "2.37"]);
    expect(formatMinutes(result.aggregatedPresenceMs)).toBe("4.79");
    expect(formatMinutes(result.durationMs)).toBe("2.42");
  });

  test("rejoin with a gap: presence 38.00, 2 joins, session 40.00", () => {
    const result = computeAttendance(
      closed("10:00:00", "10:40:00"),
      [peer("a", "u1", "10:00:00", "10:10:00"), peer("b", "u1", "10:12:00", "10:40:00")],
      { nowMs: 0, excludedRoles: none },
    );
    expect(result.people).toHaveLength(1);
    expect(formatMinutes(result.people[0].presenceMs)).toBe("38.00");
    expect(result.people[0].joins).toBe(2);
    expect(formatMinutes(result.durationMs)).toBe("40.00");
  });

  test("overlapping tabs count once in presence, twice in connection time", () => {
    const result = computeAttendance(
      closed("09:00:00", "10:00:00"),
      [peer("a", "u1", "09:00:00", "09:40:00"), peer("b", "u1", "09:35:00", "10:00:00")],
      { nowMs: 0, excludedRoles: none },
    );
    expect(formatMinutes(result.people[0].presenceMs)).toBe("60.00");
    expect(formatMinutes(result.people[0].connectionMs)).toBe("65.00");
    expect(result.people[0].share).toBe(1);
  });

  test("gap between peers is absence", () => {
    const result = computeAttendance(
      closed("10:00:00", "10:40:00"),
      [peer("a", "u1", "10:00:00", "10:10:00"), peer("b", "u1", "10:25:00", "10:40:00")],
      { nowMs: 0, excludedRoles: none },
    );
    const [person] = result.people;
    expect(formatMinutes(person.presenceMs)).toBe("25.00");
    expect(person.intervals.map((interval) => [interval.startMs, interval.endMs])).toEqual([
      [at("10:00:00"), at("10:10:00")],
      [at("10:25:00"), at("10:40:00")],
    ]);
  });

  test("peers without a leave end at the session close", () => {
    const result = computeAttendance(
      closed("08:00:00", "08:45:00"),
      [peer("a1", "u1", "08:00:00", "08:20:00"), peer("a2", "u1", "08:25:00", null), peer("b1", "u2", "08:05:00", null)],
      { nowMs: 0, excludedRoles: none },
    );
    expect(result.people.map((person) => formatMinutes(person.presenceMs))).toEqual(["40.00", "40.00"]);
    expect(formatMinutes(result.aggregatedPresenceMs)).toBe("80.00");
    expect(formatMinutes(result.durationMs)).toBe("45.00");
    expect(result.people.map((person) => person.lastLeaveMs)).toEqual([at("08:45:00"), at("08:45:00")]);
  });

  test("rounding happens after summing", () => {
    const ninety = computeAttendance(
      closed("10:00:00", "10:10:00"),
      [peer("a", "u1", "10:00:00", "10:01:30"), peer("b", "u1", "10:02:00", "10:03:30")],
      { nowMs: 0, excludedRoles: none },
    );
    expect(formatMinutes(ninety.people[0].presenceMs)).toBe("3.00");

    const twenty = computeAttendance(
      closed("10:00:00", "10:10:00"),
      [
        peer("a", "u1", "10:00:00", "10:00:20"),
        peer("b", "u1", "10:01:00", "10:01:20"),
        peer("c", "u1", "10:02:00", "10:02:20"),
      ],
      { nowMs: 0, excludedRoles: none },
    );
    expect(formatMinutes(twenty.people[0].presenceMs)).toBe("1.00");
  });

  test("live session counts open peers up to now", () => {
    const result = computeAttendance(
      { startedAtMs: at("09:00:00"), stoppedAtMs: null },
      [peer("a", "u1", "09:10:00", null), peer("b", "u2", "09:00:00", "09:05:00")],
      { nowMs: at("09:30:00"), excludedRoles: none },
    );
    expect(result.live).toBe(true);
    expect(formatMinutes(result.durationMs)).toBe("30.00");
    const byUser = Object.fromEntries(result.people.map((person) => [person.userId, person]));
    expect(formatMinutes(byUser.u1.presenceMs)).toBe("20.00");
    expect(byUser.u1.lastLeaveMs).toBeNull();
    expect(byUser.u2.lastLeaveMs).toBe(at("09:05:00"));
  });

  test("intervals are clamped to the session", () => {
    const result = computeAttendance(
      closed("09:00:00", "10:00:00"),
      [peer("a", "u1", "08:50:00", "10:20:00")],
      { nowMs: 0, excludedRoles: none },
    );
    expect(formatMinutes(result.people[0].presenceMs)).toBe("60.00");
    expect(result.people[0].firstJoinMs).toBe(at("09:00:00"));
  });

  test("excluded roles and empty user ids", () => {
    const result = computeAttendance(
      closed("09:00:00", "10:00:00"),
      [
        peer("bot", "", "09:00:00", "10:00:00", "__internal_recorder"),
        peer("x", "", "09:00:00", "09:30:00"),
        peer("y", "", "09:10:00", "09:30:00"),
      ],
      { nowMs: 0, excludedRoles: new Set(["__internal_recorder"]) },
    );
    expect(result.participantCount).toBe(2);
    expect(result.people.map((person) => person.personKey)).toEqual(["peer:x", "peer:y"]);
    expect(formatMinutes(result.aggregatedPresenceMs)).toBe("50.00");
  });

  test("three people with six peers", () => {
    const result = computeAttendance(
      closed("09:00:00", "10:00:00"),
      [
        peer("a1", "ann", "09:00:00", "09:10:00"),
        peer("a2", "ann", "09:15:00", "09:20:00"),
        peer("a3", "ann", "09:30:00", "10:00:00"),
        peer("b1", "bob", "09:00:00", "09:30:00"),
        peer("b2", "bob", "09:31:00", "10:00:00"),
        peer("c1", "cat", "09:05:00", "09:55:00"),
      ],
      { nowMs: 0, excludedRoles: none },
    );
    expect(result.participantCount).toBe(3);
    expect(result.people.reduce((sum, person) => sum + person.joins, 0)).toBe(6);
    expect(result.people.map((person) => [person.userId, formatMinutes(person.presenceMs)])).toEqual([
      ["ann", "45.00"],
      ["bob", "59.00"],
      ["cat", "50.00"],
    ]);
  });
});

describe("unionLengthMs", () => {
  test("nested, touching and disjoint intervals", () => {
    expect(
      unionLengthMs([
        { startMs: 0, endMs: 10 },
        { startMs: 2, endMs: 5 },
        { startMs: 10, endMs: 12 },
        { startMs: 20, endMs: 25 },
      ]),
    ).toBe(17);
    expect(unionLengthMs([])).toBe(0);
  });
});

describe("format", () => {
  test("minutes and percent", () => {
    expect(formatMinutes(59_400)).toBe("0.99");
    expect(formatMinutes(60_000)).toBe("1.00");
    expect(formatPercent(2 / 3)).toBe("66.7");
  });
});

describe("unionLengthsByPerson", () => {
  test("equals unionLengthMs per person on random intervals", () => {
    let state = 12345;
    const random = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    const personCount = 200;
    const n = 5_000;
    const personIndex = new Uint32Array(n);
    const startMs = new Float64Array(n);
    const endMs = new Float64Array(n);
    const byPerson: Interval[][] = Array.from({ length: personCount }, () => []);
    for (let i = 0; i < n; i++) {
      // Person 0 gets a large group, so that the general sort runs too.
      const person = i % 5 === 0 ? 0 : Math.floor(random() * personCount);
      const start = 1_772_442_000_000 + Math.floor(random() * 7_200_000);
      const end = start + Math.floor(random() * 1_800_000);
      personIndex[i] = person;
      startMs[i] = start;
      endMs[i] = end;
      byPerson[person].push({ startMs: start, endMs: end });
    }

    const totals = unionLengthsByPerson(personIndex, startMs, endMs, personCount);
    expect(Array.from(totals)).toEqual(byPerson.map((intervals) => unionLengthMs(intervals)));
  });

  test("person without intervals has zero", () => {
    const totals = unionLengthsByPerson(new Uint32Array([1]), new Float64Array([10]), new Float64Array([25]), 3);
    expect(Array.from(totals)).toEqual([0, 15, 0]);
  });
});
