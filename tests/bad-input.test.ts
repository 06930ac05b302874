/**
 * The bad-input drill of bench/bad-input.ts at a smaller size, against the
 * real route handler: every malformed or hostile body gets a 4xx and no row
 * changes.
 */
import { describe, expect, test } from "vitest";

import { seededRandom } from "@/bench/lib/ground-truth";
import { categoryOf, generateHostilePayloads, targetEvents } from "@/bench/lib/hostile-payloads";
import { databaseFingerprint } from "@/bench/lib/snapshot";
import { POST } from "@/app/api/webhooks/100ms/route";
import { prisma } from "@/lib/db";

import { postAll, webhookSecretHeaders } from "./route-client";

const PAYLOADS = 500;

describe("hostile webhook bodies", () => {
  test("every body gets a 4xx and changes nothing", async () => {
    const target = { sessionId: "hostile-target", peerId: "hostile-peer", userId: "hostile-user" };
    await postAll(targetEvents(target));
    const before = await databaseFingerprint(prisma);
    expect(before.counts.peers).toBe(1);

    const payloads = generateHostilePayloads(target, PAYLOADS, seededRandom(7));
    const categories = new Set(payloads.map(categoryOf));
    expect([...categories].sort()).toEqual([
      "bad-time",
      "deep-nesting",
      "huge-string",
      "invalid-utf8",
      "missing",
      "not-an-event",
      "prototype-key",
      "wrong-type",
      "zero-time",
    ]);

    const notClientErrors: string[] = [];
    for (const payload of payloads) {
      const request = new Request("http://localhost/api/webhooks/100ms", {
        method: "POST",
        headers: { "content-type": "application/json", ...webhookSecretHeaders() },
        body: new Uint8Array(payload.body),
      });
      const response = await POST(request);
      if (response.status < 400 || response.status >= 500) notClientErrors.push(`${payload.kind}: ${response.status}`);
    }
    expect(notClientErrors).toEqual([]);

    const after = await databaseFingerprint(prisma);
    expect(after.counts).toEqual(before.counts);
    expect(after.sha256).toBe(before.sha256);
  });

  test("a real event still gets 200 after them", async () => {
    const target = { sessionId: "hostile-after", peerId: "hostile-after-peer", userId: "hostile-after-user" };
    await postAll(targetEvents(target));
    expect(await prisma.peer.count({ where: { sessionId: "hostile-after" } })).toBe(1);
  });
});
