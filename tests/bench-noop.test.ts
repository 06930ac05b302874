import { expect, test } from "vitest";

import { POST } from "@/app/api/bench/noop/route";

test("benchmark route is 404 without BENCH_ROUTES", async () => {
  expect(process.env.BENCH_ROUTES).toBeUndefined();
  const response = await POST(new Request("http://localhost/api/bench/noop", { method: "POST", body: "{}" }));
  expect(response.status).toBe(404);
});
