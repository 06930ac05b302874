import { describe, expect, test } from "vitest";

import { prisma } from "@/lib/db";
import { claimNextJob, JOB_LEASE_MS } from "@/lib/jobs/claim";
import { enqueueJob } from "@/lib/jobs/queue";

const NOW = Date.UTC(2026, 2, 2, 10, 0, 0);

describe("claimNextJob", () => {
  test("parallel workers claim each due job once", async () => {
    for (let i = 0; i < 30; i++) await enqueueJob(prisma, { kind: "claim-test", key: `job-${i}` }, NOW - 1000);
    await enqueueJob(prisma, { kind: "claim-test", key: "not-due" }, NOW + 60_000);

    const claimedBy = new Map<string, string[]>();
    const worker = async (workerId: string) => {
      for (;;) {
        const job = await claimNextJob(workerId, NOW, ["claim-test"]);
        if (!job) return;
        claimedBy.set(job.key, [...(claimedBy.get(job.key) ?? []), workerId]);
      }
    };
    await Promise.all(["w1", "w2", "w3", "w4", "w5", "w6"].map(worker));

    expect(claimedBy.size).toBe(30);
    expect([...claimedBy.values()].every((workers) => workers.length === 1)).toBe(true);
    expect(claimedBy.has("not-due")).toBe(false);

    const running = await prisma.job.findMany({ where: { kind: "claim-test", status: "running" } });
    expect(running).toHaveLength(30);
    expect(running.every((job) => job.attempts === 1 && job.lockedAt?.getTime() === NOW)).toBe(true);
  });

  test("expired lease is claimed again", async () => {
    await enqueueJob(prisma, { kind: "lease-test", key: "only" }, NOW - 1000);
    const first = await claimNextJob("first", NOW, ["lease-test"]);
    expect(first?.lockedBy).toBe("first");

    expect(await claimNextJob("second", NOW + JOB_LEASE_MS - 1, ["lease-test"])).toBeNull();
    const second = await claimNextJob("second", NOW + JOB_LEASE_MS + 1, ["lease-test"]);
    expect(second?.lockedBy).toBe("second");
    expect(second?.attempts).toBe(2);
  });
});
