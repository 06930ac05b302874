/** A fingerprint of every row that webhooks write, to prove that a run changed nothing. */
import { createHash } from "node:crypto";

import type { PrismaClient } from "../../lib/db";

/** Returns the row counts and a SHA-256 over all rows of rooms, sessions, peers, stored events and jobs. */
export async function databaseFingerprint(prisma: PrismaClient): Promise<{ counts: Record<string, number>; sha256: string }> {
  const tables = {
    rooms: await prisma.room.findMany({ orderBy: { id: "asc" } }),
    sessions: await prisma.session.findMany({ orderBy: { id: "asc" } }),
    peers: await prisma.peer.findMany({ orderBy: { id: "asc" } }),
    webhookEvents: await prisma.webhookEvent.findMany({ orderBy: { id: "asc" } }),
    jobs: await prisma.job.findMany({ orderBy: { id: "asc" } }),
  };
  const hash = createHash("sha256");
  const counts: Record<string, number> = {};
  for (const [name, rows] of Object.entries(tables)) {
    counts[name] = rows.length;
    hash.update(name);
    for (const row of rows) hash.update(JSON.stringify(row));
  }
  return { counts, sha256: hash.digest("hex") };
}
