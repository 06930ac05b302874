/**
 * Bulk seeding of a SQLite benchmark database with better-sqlite3 prepared
 * statements in one transaction, because inserting a million peers through
 * the webhook or Prisma would take minutes. Rows have the shape and time
 * format that Prisma writes (ISO 8601 with +00:00).
 */
import Database from "better-sqlite3";

import { sqliteFileFromUrl } from "../../lib/db-url";

function sqliteTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}

export interface SeededSession {
  sessionId: string;
  people: number;
  peers: number;
  startMs: number;
  stopMs: number;
}

/**
 * Inserts a closed one-hour session of `people` people with `peers` peers in
 * total (peers are dealt to people in turn, so some people rejoin), with
 * random overlapping times.
 */
export function seedSession(databaseUrl: string, sessionId: string, people: number, peers: number, random: () => number): SeededSession {
  const db = new Database(sqliteFileFromUrl(databaseUrl));
  const startMs = Date.UTC(2026, 2, 2, 9, 0, 0);
  const stopMs = startMs + 3_600_000;
  const now = sqliteTime(Date.now());
  const roomId = "bench-room";
  try {
    db.prepare(`INSERT OR IGNORE INTO "Room" ("id", "name", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)`).run(roomId, "Benchmark room", now, now);
    db.prepare(`INSERT INTO "Session" ("id", "roomId", "startedAt", "stoppedAt", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)`).run(
      sessionId,
      roomId,
      sqliteTime(startMs),
      sqliteTime(stopMs),
      now,
      now,
    );
    const insert = db.prepare(
      `INSERT INTO "Peer" ("id", "sessionId", "userId", "name", "role", "peerType", "joinedAt", "leftAt", "leaveReason", "leaveSeen", "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, 'student', 'regular', ?, ?, 'client request', 1, ?, ?)`,
    );
    const insertAll = db.transaction(() => {
      for (let i = 0; i < peers; i++) {
        const person = i % people;
        const joinedAtMs = startMs + Math.floor(random() * 3_000_000);
        const leftAtMs = Math.min(stopMs, joinedAtMs + 60_000 + Math.floor(random() * 1_800_000));
        insert.run(`${sessionId}-peer-${i}`, sessionId, `${sessionId}-user-${person}`, `Person ${person}`, sqliteTime(joinedAtMs), sqliteTime(leftAtMs), now, now);
      }
    });
    insertAll();
  } finally {
    db.close();
  }
  return { sessionId, people, peers, startMs, stopMs };
}

/** Creates an admin user and returns a session cookie for it, signed with NEXTAUTH_SECRET as the server expects. */
export async function adminCookie(databaseUrl: string, nextAuthSecret: string): Promise<string> {
  process.env.DATABASE_URL = databaseUrl;
  process.env.NEXTAUTH_SECRET = nextAuthSecret;
  process.env.LOG_LEVEL = "silent";
  const { createTestUser, sessionCookie } = await import("../../tests/auth-helpers");
  const { prisma } = await import("../../lib/db");
  const admin = await createTestUser("admin", { email: "bench-admin@rollcall.test" });
  const cookie = await sessionCookie(admin.id);
  await prisma.$disconnect();
  return cookie;
}
