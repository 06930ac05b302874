/**
 * Bulk seeding of a benchmark database, because inserting a million peers
 * through the webhook or Prisma would take minutes. SQLite gets better-sqlite3
 * prepared statements in one transaction, with times in the format that
 * Prisma writes there (ISO 8601 with +00:00). PostgreSQL gets INSERT ...
 * SELECT FROM unnest() of 10,000 rows at a time in one transaction.
 */
import Database from "better-sqlite3";
import pg from "pg";

import { engineOfUrl, sqliteFileFromUrl } from "../../lib/db-url";

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

interface PeerRow {
  id: string;
  userId: string;
  name: string;
  joinedAtMs: number;
  leftAtMs: number;
}

const ROOM_ID = "bench-room";
const PG_ROWS_PER_INSERT = 10_000;

/**
 * Inserts a closed one-hour session of `people` people with `peers` peers in
 * total (peers are dealt to people in turn, so some people rejoin), with
 * random overlapping times.
 */
export async function seedSession(databaseUrl: string, sessionId: string, people: number, peers: number, random: () => number): Promise<SeededSession> {
  const startMs = Date.UTC(2026, 2, 2, 9, 0, 0);
  const stopMs = startMs + 3_600_000;
  function* peerRows(): Generator<PeerRow> {
    for (let i = 0; i < peers; i++) {
      const person = i % people;
      const joinedAtMs = startMs + Math.floor(random() * 3_000_000);
      const leftAtMs = Math.min(stopMs, joinedAtMs + 60_000 + Math.floor(random() * 1_800_000));
      yield { id: `${sessionId}-peer-${i}`, userId: `${sessionId}-user-${person}`, name: `Person ${person}`, joinedAtMs, leftAtMs };
    }
  }
  const session = { sessionId, people, peers, startMs, stopMs };
  if (engineOfUrl(databaseUrl) === "postgresql") await seedPostgres(databaseUrl, session, peerRows());
  else seedSqlite(databaseUrl, session, peerRows());
  return session;
}

function seedSqlite(databaseUrl: string, session: SeededSession, peers: Iterable<PeerRow>): void {
  const db = new Database(sqliteFileFromUrl(databaseUrl));
  const now = sqliteTime(Date.now());
  try {
    db.prepare(`INSERT OR IGNORE INTO "Room" ("id", "name", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)`).run(ROOM_ID, "Benchmark room", now, now);
    db.prepare(`INSERT INTO "Session" ("id", "roomId", "startedAt", "stoppedAt", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)`).run(
      session.sessionId,
      ROOM_ID,
      sqliteTime(session.startMs),
      sqliteTime(session.stopMs),
      now,
      now,
    );
    const insert = db.prepare(
      `INSERT INTO "Peer" ("id", "sessionId", "userId", "name", "role", "peerType", "joinedAt", "leftAt", "leaveReason", "leaveSeen", "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, 'student', 'regular', ?, ?, 'client request', 1, ?, ?)`,
    );
    const insertAll = db.transaction(() => {
      for (const peer of peers) insert.run(peer.id, session.sessionId, peer.userId, peer.name, sqliteTime(peer.joinedAtMs), sqliteTime(peer.leftAtMs), now, now);
    });
    insertAll();
  } finally {
    db.close();
  }
}

async function seedPostgres(databaseUrl: string, session: SeededSession, peers: Iterable<PeerRow>): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const time = (ms: number) => new Date(ms).toISOString();
  const now = time(Date.now());
  try {
    await client.query("BEGIN");
    await client.query(`INSERT INTO "Room" ("id", "name", "createdAt", "updatedAt") VALUES ($1, $2, $3, $3) ON CONFLICT DO NOTHING`, [ROOM_ID, "Benchmark room", now]);
    await client.query(`INSERT INTO "Session" ("id", "roomId", "startedAt", "stoppedAt", "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, $5, $5)`, [
      session.sessionId,
      ROOM_ID,
      time(session.startMs),
      time(session.stopMs),
      now,
    ]);
    const columns: [string[], string[], string[], string[], string[]] = [[], [], [], [], []];
    const flush = async () => {
      if (columns[0].length === 0) return;
      await client.query(
        `INSERT INTO "Peer" ("id", "sessionId", "userId", "name", "role", "peerType", "joinedAt", "leftAt", "leaveReason", "leaveSeen", "createdAt", "updatedAt")
         SELECT id, $6, user_id, name, 'student', 'regular', joined_at, left_at, 'client request', true, $7, $7
         FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamp(3)[], $5::timestamp(3)[]) AS t(id, user_id, name, joined_at, left_at)`,
        [...columns, session.sessionId, now],
      );
      for (const column of columns) column.length = 0;
    };
    for (const peer of peers) {
      columns[0].push(peer.id);
      columns[1].push(peer.userId);
      columns[2].push(peer.name);
      columns[3].push(time(peer.joinedAtMs));
      columns[4].push(time(peer.leftAtMs));
      if (columns[0].length >= PG_ROWS_PER_INSERT) await flush();
    }
    await flush();
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
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
