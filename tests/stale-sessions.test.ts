import { describe, expect, test } from "vitest";

import { prisma } from "@/lib/db";
import { RECONCILE_SESSION_JOB } from "@/lib/reconcile/reconcile-job";
import { MAX_SESSION_MS, queueStaleLiveSessions } from "@/lib/reconcile/stale-sessions";

const NOW = Date.UTC(2026, 2, 3, 12, 0, 0);

describe("queueStaleLiveSessions", () => {
  test("queues only open sessions older than 12 hours, once", async () => {
    await prisma.room.create({ data: { id: "stale-room", name: "Stale" } });
    await prisma.session.createMany({
      data: [
        { id: "lost-close", roomId: "stale-room", startedAt: new Date(NOW - MAX_SESSION_MS - 1) },
        { id: "still-live", roomId: "stale-room", startedAt: new Date(NOW - MAX_SESSION_MS + 60_000) },
        { id: "closed", roomId: "stale-room", startedAt: new Date(NOW - 2 * MAX_SESSION_MS), stoppedAt: new Date(NOW - MAX_SESSION_MS) },
      ],
    });

    expect(await queueStaleLiveSessions(NOW)).toEqual(["lost-close"]);
    const job = await prisma.job.findUniqueOrThrow({ where: { kind_key: { kind: RECONCILE_SESSION_JOB, key: "lost-close" } } });
    expect(job.status).toBe("pending");
    expect((await prisma.session.findUniqueOrThrow({ where: { id: "lost-close" } })).reconciliationStatus).toBe("pending");

    expect(await queueStaleLiveSessions(NOW + 60_000)).toEqual([]);
  });
});
