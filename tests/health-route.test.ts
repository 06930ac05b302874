import { describe, expect, test } from "vitest";

import { GET } from "@/app/api/health/route";

describe("GET /api/health", () => {
  test("reports a reachable database", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "ok" });
  });
});
