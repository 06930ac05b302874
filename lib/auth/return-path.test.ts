import { describe, expect, test } from "vitest";

import { safeReturnPath } from "./return-path";

describe("safeReturnPath", () => {
  test("keeps paths on this site", () => {
    expect(safeReturnPath("/sessions?room=a")).toBe("/sessions?room=a");
    expect(safeReturnPath("/people/ann%40example.org")).toBe("/people/ann%40example.org");
  });

  test("rejects other origins and tricks", () => {
    for (const value of ["https://evil.example", "//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "sessions", 42, undefined]) {
      expect(safeReturnPath(value), String(value)).toBe("/sessions");
    }
  });
});
