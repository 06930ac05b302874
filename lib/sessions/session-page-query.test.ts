import { describe, expect, it } from "vitest";

import { nextSort, pageOf, parseSessionPageQuery, sessionPageHref, sortPeople, type AttendanceRow } from "./session-page-query";

function row(personKey: string, fields: Partial<AttendanceRow>): AttendanceRow {
  return {
    personKey,
    name: personKey,
    userId: personKey,
    role: "student",
    firstJoinMs: 0,
    lastLeaveMs: 0,
    presenceMs: 0,
    connectionMs: 0,
    joins: 1,
    share: 0,
    estimated: false,
    status: "present",
    statusNote: null,
    guest: false,
    ...fields,
  };
}

describe("parseSessionPageQuery", () => {
  it("reads sort, direction and pages", () => {
    expect(parseSessionPageQuery({ sort: "presence", dir: "asc", page: "3", logPage: "2" })).toEqual({
      sort: { key: "presence", direction: "asc" },
      page: 3,
      logPage: 2,
    });
  });

  it("uses the column's first direction without dir", () => {
    expect(parseSessionPageQuery({ sort: "presence" }).sort).toEqual({ key: "presence", direction: "desc" });
    expect(parseSessionPageQuery({ sort: "name", dir: "sideways" }).sort).toEqual({ key: "name", direction: "asc" });
  });

  it("ignores keys outside the allow-list", () => {
    expect(parseSessionPageQuery({ sort: "constructor" }).sort).toBeNull();
    expect(parseSessionPageQuery({ sort: "toString" }).sort).toBeNull();
    expect(parseSessionPageQuery({ sort: "presenceMs" }).sort).toBeNull();
  });

  it("falls back to page 1 on malformed numbers", () => {
    for (const value of ["0", "-1", "1.5", "abc", "", "01", "99999999999"]) {
      expect(parseSessionPageQuery({ page: value, logPage: value }), value).toEqual({ sort: null, page: 1, logPage: 1 });
    }
  });

  it("takes the first of repeated parameters", () => {
    expect(parseSessionPageQuery({ page: ["2", "5"] }).page).toBe(2);
  });
});

describe("nextSort", () => {
  it("cycles numeric columns descending, ascending, off", () => {
    const first = nextSort(null, "presence");
    expect(first).toEqual({ key: "presence", direction: "desc" });
    const second = nextSort(first, "presence");
    expect(second).toEqual({ key: "presence", direction: "asc" });
    expect(nextSort(second, "presence")).toBeNull();
  });

  it("cycles text columns ascending, descending, off", () => {
    const first = nextSort({ key: "presence", direction: "desc" }, "name");
    expect(first).toEqual({ key: "name", direction: "asc" });
    const second = nextSort(first, "name");
    expect(second).toEqual({ key: "name", direction: "desc" });
    expect(nextSort(second, "name")).toBeNull();
  });
});

describe("sortPeople", () => {
  const rows = [
    row("a", { name: "Person 10", presenceMs: 5, lastLeaveMs: null }),
    row("b", { name: "person 9", presenceMs: 7, lastLeaveMs: 100 }),
    row("c", { name: "Ann", presenceMs: 5, lastLeaveMs: 50 }),
  ];

  it("sorts numbers with ties in the original order", () => {
    expect(sortPeople(rows, { key: "presence", direction: "desc" }).map((r) => r.personKey)).toEqual(["b", "a", "c"]);
    expect(sortPeople(rows, { key: "presence", direction: "asc" }).map((r) => r.personKey)).toEqual(["a", "c", "b"]);
  });

  it("sorts names case-insensitively with numbers in numeric order", () => {
    expect(sortPeople(rows, { key: "name", direction: "asc" }).map((r) => r.personKey)).toEqual(["c", "b", "a"]);
  });

  it("sorts a missing last leave as the latest", () => {
    expect(sortPeople(rows, { key: "lastLeave", direction: "desc" }).map((r) => r.personKey)).toEqual(["a", "b", "c"]);
  });

  it("keeps the input order without a sort and does not mutate", () => {
    const sorted = sortPeople(rows, null);
    expect(sorted.map((r) => r.personKey)).toEqual(["a", "b", "c"]);
    expect(sorted).not.toBe(rows);
  });
});

describe("pageOf", () => {
  const items = Array.from({ length: 120 }, (_, index) => index);

  it("cuts the requested page", () => {
    expect(pageOf(items, 2, 50)).toEqual({ items: items.slice(50, 100), page: 2, pageCount: 3, total: 120, offset: 50 });
  });

  it("clamps a page past the end to the last page", () => {
    const slice = pageOf(items, 9, 50);
    expect(slice.page).toBe(3);
    expect(slice.items).toEqual(items.slice(100));
  });

  it("gives one empty page for an empty list", () => {
    expect(pageOf([], 4, 50)).toEqual({ items: [], page: 1, pageCount: 1, total: 0, offset: 0 });
  });
});

describe("sessionPageHref", () => {
  it("leaves defaults out", () => {
    expect(sessionPageHref("s 1", { sort: null, page: 1, logPage: 1 })).toBe("/sessions/s%201");
  });

  it("carries sort and both pages", () => {
    expect(sessionPageHref("s1", { sort: { key: "share", direction: "asc" }, page: 2, logPage: 3 })).toBe(
      "/sessions/s1?sort=share&dir=asc&page=2&logPage=3",
    );
  });
});
