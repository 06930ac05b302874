import { expect, test } from "vitest";

import { serverHelperThreads, serverNodeOptions } from "./server-memory";

test("helper threads leave one CPU", () => {
  expect(serverHelperThreads(1)).toBe(1);
  expect(serverHelperThreads(2)).toBe(1);
  expect(serverHelperThreads(8)).toBe(7);
});

test("server options add missing flags", () => {
  expect(serverNodeOptions(undefined, 2)).toBe("--max-semi-space-size=4 --v8-pool-size=1");
  expect(serverNodeOptions("  --enable-source-maps ", 4)).toBe("--enable-source-maps --max-semi-space-size=4 --v8-pool-size=3");
});

test("server options keep flags already set", () => {
  expect(serverNodeOptions("--max-semi-space-size=16", 2)).toBe("--max-semi-space-size=16 --v8-pool-size=1");
  expect(serverNodeOptions("--v8-pool-size=4 --max-semi-space-size=8", 2)).toBe("--v8-pool-size=4 --max-semi-space-size=8");
  expect(serverNodeOptions("--v8_pool_size=2 --max_semi_space_size=8", 2)).toBe("--v8_pool_size=2 --max_semi_space_size=8");
});
