import { describe, expect, test } from "vitest";

import { exceedsJsonDepth } from "./json-depth";

describe("exceedsJsonDepth", () => {
  test("flat object is within the limit", () => {
    expect(exceedsJsonDepth('{"a":1,"b":[1,2]}', 2)).toBe(false);
  });

  test("nesting one level past the limit", () => {
    expect(exceedsJsonDepth('{"a":{"b":{"c":1}}}', 2)).toBe(true);
  });

  test("brackets inside strings do not count", () => {
    expect(exceedsJsonDepth('{"a":"[[[[{{{{\\"[[["}', 1)).toBe(false);
  });

  test("a million nested arrays return without a stack overflow", () => {
    expect(exceedsJsonDepth("[".repeat(1_000_000) + "]".repeat(1_000_000), 64)).toBe(true);
  });
});
