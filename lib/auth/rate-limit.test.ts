import { describe, expect, test } from "vitest";

import { FailureCounter } from "./rate-limit";

describe("FailureCounter", () => {
  test("blocks at the limit until the oldest failure leaves the window", () => {
    const counter = new FailureCounter({ maxFailures: 3, windowMs: 1000 });
    expect(counter.recordFailure("a", 0)).toBe(1);
    expect(counter.recordFailure("a", 100)).toBe(2);
    expect(counter.retryAfterMs("a", 150)).toBe(0);
    expect(counter.recordFailure("a", 200)).toBe(3);
    expect(counter.retryAfterMs("a", 250)).toBe(750);
    expect(counter.retryAfterMs("b", 250)).toBe(0);
    expect(counter.retryAfterMs("a", 1000)).toBe(0);
    expect(counter.recordFailure("a", 1000)).toBe(3);
    expect(counter.retryAfterMs("a", 1000)).toBe(100);
  });

  test("reset clears a key", () => {
    const counter = new FailureCounter({ maxFailures: 1, windowMs: 1000 });
    counter.recordFailure("a", 0);
    expect(counter.retryAfterMs("a", 10)).toBe(990);
    counter.reset("a");
    expect(counter.retryAfterMs("a", 10)).toBe(0);
  });
});
