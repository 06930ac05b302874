/**
 * SQLite storage of the webhook hot path: a better-sqlite3 connection of its
 * own on the database file, with prepared statements run synchronously inside
 * one BEGIN IMMEDIATE transaction per batch.
 *
 * Times are written as Prisma's SQLite adapter writes them, ISO 8601 text in
 * UTC with milliseconds and "+00:00" (2026-03-02T09:00:00.000+00:00), so that
 * they sort as text and Prisma reads them back. Booleans are 0 and 1.
 */
import { randomUUID } from "node:crypto";

import Database from "better-sqlite3";

import { sqliteFileFromUrl } from "../db-url";
import { SqliteCheckpointer } from "./sqlite-checkpointer";
import {
  planEvent,
  reconciliationJob,
  type CloseWrite,
  type IngestItem,
  type IngestOptions,
  type IngestOutcome,
  type IngestStore,
  type PeerWrite,
  type SessionWrite,
} from "./sql-store";

/** Formats an instant as Prisma's SQLite adapter stores a DateTime. */
export function sqliteTime(ms: number): string;
export function sqliteTime(ms: number | null): string | null;
export function sqliteTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace("Z", "+00:00");
}

/** How long a batch waits for another connection's write lock before it fails with SQLITE_BUSY. */
const LOCK_WAIT_MS = 10_000;

const SQL = {
  insertEvent: `INSERT INTO "WebhookEvent" ("id", "type", "occurredAt", "sessionId", "peerId", "isReplay", "payload", "receivedAt")
    VALUES (@id, @type, @occurredAt, @sessionId, @peerId, @isReplay, @payload, @receivedAt)
    ON CONFLICT ("id") DO NOTHING`,
  upsertRoom: `INSERT INTO "Room" ("id", "name", "createdAt", "updatedAt") VALUES (@id, @name, @now, @now)
    ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "updatedAt" = excluded."updatedAt"
    WHERE @rename = 1 AND "Room"."name" <> excluded."name"`,
  upsertSession: `INSERT INTO "Session" ("id", "roomId", "startedAt", "createdAt", "updatedAt") VALUES (@id, @roomId, @startedAt, @now, @now)
    ON CONFLICT ("id") DO UPDATE SET "startedAt" = excluded."startedAt", "updatedAt" = excluded."updatedAt"
    WHERE excluded."startedAt" IS NOT NULL AND ("Session"."startedAt" IS NULL OR "Session"."startedAt" > excluded."startedAt")`,
  sessionDuration: `UPDATE "Session" SET "reportedDurationSeconds" = @seconds, "updatedAt" = @now WHERE "id" = @id`,
  sessionStop: `UPDATE "Session" SET "stoppedAt" = @stoppedAt, "updatedAt" = @now
    WHERE "id" = @id AND ("stoppedAt" IS NULL OR "stoppedAt" < @stoppedAt)`,
  sessionPending: `UPDATE "Session" SET "reconciliationStatus" = 'pending', "updatedAt" = @now WHERE "id" = @id`,
  upsertJob: `INSERT INTO "Job" ("id", "kind", "key", "payload", "status", "attempts", "maxAttempts", "nextAttemptAt", "lockedAt", "lockedBy", "lastError", "createdAt", "updatedAt")
    VALUES (@id, @kind, @key, @payload, 'pending', 0, @maxAttempts, @now, NULL, NULL, NULL, @now, @now)
    ON CONFLICT ("kind", "key") DO UPDATE SET "payload" = excluded."payload", "status" = 'pending', "attempts" = 0,
      "maxAttempts" = excluded."maxAttempts", "nextAttemptAt" = excluded."nextAttemptAt", "lockedAt" = NULL, "lockedBy" = NULL,
      "lastError" = NULL, "updatedAt" = excluded."updatedAt"`,
  // The earliest join wins unless the times came from the 100ms API. A join keeps the
  // name, role and user_id of a leave applied before it, and fills a missing peerType.
  upsertPeerJoin: `INSERT INTO "Peer" ("id", "sessionId", "userId", "name", "role", "peerType", "joinedAt", "leftAt", "leaveReason", "leaveSeen", "createdAt", "updatedAt")
    VALUES (@id, @sessionId, @userId, @name, @role, @peerType, @joinedAt, NULL, NULL, 0, @now, @now)
    ON CONFLICT ("id") DO UPDATE SET
      "joinedAt" = CASE WHEN excluded."joinedAt" IS NOT NULL AND "Peer"."timesFromApi" = 0
          AND ("Peer"."joinedAt" IS NULL OR "Peer"."joinedAt" > excluded."joinedAt")
        THEN excluded."joinedAt" ELSE "Peer"."joinedAt" END,
      "userId" = CASE WHEN "Peer"."leaveSeen" = 1 THEN "Peer"."userId" ELSE excluded."userId" END,
      "name" = CASE WHEN "Peer"."leaveSeen" = 1 THEN "Peer"."name" ELSE excluded."name" END,
      "role" = CASE WHEN "Peer"."leaveSeen" = 1 THEN "Peer"."role" ELSE excluded."role" END,
      "peerType" = COALESCE("Peer"."peerType", @fillPeerType),
      "updatedAt" = excluded."updatedAt"`,
  // A leave's name, role, user_id and reason win. A real leave time replaces one
  // estimated at the close; otherwise the latest leave wins unless the times came from
  // the 100ms API.
  upsertPeerLeave: `INSERT INTO "Peer" ("id", "sessionId", "userId", "name", "role", "peerType", "joinedAt", "leftAt", "leaveReason", "leaveSeen", "createdAt", "updatedAt")
    VALUES (@id, @sessionId, @userId, @name, @role, @peerType, @joinedAt, @leftAt, @leaveReason, 1, @now, @now)
    ON CONFLICT ("id") DO UPDATE SET
      "joinedAt" = CASE WHEN excluded."joinedAt" IS NOT NULL AND "Peer"."timesFromApi" = 0
          AND ("Peer"."joinedAt" IS NULL OR "Peer"."joinedAt" > excluded."joinedAt")
        THEN excluded."joinedAt" ELSE "Peer"."joinedAt" END,
      "userId" = excluded."userId",
      "name" = excluded."name",
      "role" = excluded."role",
      "leaveReason" = excluded."leaveReason",
      "leaveSeen" = 1,
      "leftAt" = CASE
        WHEN excluded."leftAt" IS NULL THEN "Peer"."leftAt"
        WHEN "Peer"."leftAtEstimated" = 1 THEN excluded."leftAt"
        WHEN "Peer"."timesFromApi" = 0 AND ("Peer"."leftAt" IS NULL OR "Peer"."leftAt" < excluded."leftAt") THEN excluded."leftAt"
        ELSE "Peer"."leftAt" END,
      "leftAtEstimated" = CASE WHEN excluded."leftAt" IS NULL THEN "Peer"."leftAtEstimated" ELSE 0 END,
      "peerType" = COALESCE("Peer"."peerType", @fillPeerType),
      "updatedAt" = excluded."updatedAt"`,
} as const;

type Statements = { [K in keyof typeof SQL]: Database.Statement };

/** WAL size, in pages of 4 KiB, at which a commit checkpoints on the server's thread. */
const BACKSTOP_CHECKPOINT_PAGES = 20_000;

export class SqliteIngestStore implements IngestStore {
  private readonly db: Database.Database;
  private readonly statements: Statements;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;
  /** Worker that checkpoints the WAL, so that commits on this thread need not. */
  private readonly checkpointer: SqliteCheckpointer;

  constructor(databaseUrl: string) {
    const file = sqliteFileFromUrl(databaseUrl);
    // Opening may have to switch a new file to WAL, which waits for other connections.
    this.db = new Database(file, { timeout: LOCK_WAIT_MS });
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    // The checkpointer keeps the WAL short. A commit still checkpoints if the WAL grows
    // past this many pages (80 MB), should the worker fall behind or fail.
    this.db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
    this.checkpointer = new SqliteCheckpointer(file);
    // Waiting for the lock inside better-sqlite3 would block the event loop, and with it
    // a Prisma transaction of this same process that holds the lock. A busy lock fails
    // at once instead, and writeBatch waits between attempts without blocking.
    this.db.pragma("busy_timeout = 0");
    this.statements = Object.fromEntries(Object.entries(SQL).map(([key, sql]) => [key, this.db.prepare(sql)])) as Statements;
    this.begin = this.db.prepare("BEGIN IMMEDIATE");
    this.commit = this.db.prepare("COMMIT");
    this.rollback = this.db.prepare("ROLLBACK");
  }

  async writeBatch(items: readonly IngestItem[], options: IngestOptions): Promise<IngestOutcome[]> {
    const plans = items.map(planEvent);
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        this.begin.run();
        break;
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
        await sleep(Math.min(attempt, 20) * (0.5 + Math.random()));
      }
    }
    try {
      const now = sqliteTime(Date.now());
      const outcomes = plans.map(({ row, writes }): IngestOutcome => {
        const inserted = this.statements.insertEvent.run({
          id: row.id,
          type: row.type,
          occurredAt: sqliteTime(row.occurredAtMs),
          sessionId: row.sessionId,
          peerId: row.peerId,
          isReplay: row.isReplay ? 1 : 0,
          payload: row.payload,
          receivedAt: sqliteTime(row.receivedAtMs),
        });
        if (inserted.changes === 0) return "duplicate";
        if (writes.length === 0) return "stored";
        for (const write of writes) {
          if (write.kind === "session") this.session(write, now);
          else if (write.kind === "close") this.applyClose(write, now, options);
          else this.peer(write, now);
        }
        return "applied";
      });
      this.commit.run();
      return outcomes;
    } catch (error) {
      if (this.db.inTransaction) this.rollback.run();
      throw error;
    }
  }

  private session(write: SessionWrite, now: string): void {
    this.statements.upsertRoom.run({ id: write.roomId, name: write.roomName, rename: write.renameRoom ? 1 : 0, now });
    this.statements.upsertSession.run({ id: write.sessionId, roomId: write.roomId, startedAt: sqliteTime(write.startedAtMs), now });
  }

  private applyClose(write: CloseWrite, now: string, options: IngestOptions): void {
    if (write.durationSeconds !== null) this.statements.sessionDuration.run({ id: write.sessionId, seconds: write.durationSeconds, now });
    this.statements.sessionStop.run({ id: write.sessionId, stoppedAt: sqliteTime(write.stoppedAtMs), now });
    if (!options.queueReconciliation) return;
    this.statements.upsertJob.run({ id: randomUUID(), ...reconciliationJob(write.sessionId), now });
    this.statements.sessionPending.run({ id: write.sessionId, now });
  }

  private peer(write: PeerWrite, now: string): void {
    const common = {
      id: write.peerId,
      sessionId: write.sessionId,
      userId: write.userId,
      name: write.name,
      role: write.role,
      peerType: write.peerTypeOnCreate,
      fillPeerType: write.peerTypeToFill,
      joinedAt: sqliteTime(write.joinedAtMs),
      now,
    };
    if (write.leave) {
      this.statements.upsertPeerLeave.run({ ...common, leftAt: sqliteTime(write.leftAtMs), leaveReason: write.leaveReason });
    } else {
      this.statements.upsertPeerJoin.run(common);
    }
  }

  isRetryableConflict(error: unknown): boolean {
    return isBusy(error);
  }

  async close(): Promise<void> {
    await this.checkpointer.stop();
    this.db.close();
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
