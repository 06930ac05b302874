/**
 * PostgreSQL storage of the webhook hot path: a small pg pool of its own with
 * named prepared statements, one transaction per batch.
 *
 * Transactions run at READ COMMITTED. Each merge is one INSERT ... ON CONFLICT
 * DO UPDATE whose new values are computed from the stored row while the
 * statement holds its row lock, so concurrent deliveries on several
 * instances cannot lose an update. Columns are TIMESTAMP(3) without time zone
 * and contain UTC, as Prisma writes them. The parameters are ISO 8601 strings
 * in UTC, whose "Z" the server ignores for that type.
 */
import { randomUUID } from "node:crypto";

import pg from "pg";

import { logger } from "../logger";

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

function time(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

const ROOM_CONFLICT = (rename: string) => `ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "updatedAt" = excluded."updatedAt"
    WHERE ${rename}::boolean AND "Room"."name" <> excluded."name"`;

const SESSION_CONFLICT = `ON CONFLICT ("id") DO UPDATE SET "startedAt" = excluded."startedAt", "updatedAt" = excluded."updatedAt"
    WHERE excluded."startedAt" IS NOT NULL AND ("Session"."startedAt" IS NULL OR "Session"."startedAt" > excluded."startedAt")`;

const JOINED_AT_MERGE = `"joinedAt" = CASE WHEN excluded."joinedAt" IS NOT NULL AND NOT "Peer"."timesFromApi"
    AND ("Peer"."joinedAt" IS NULL OR "Peer"."joinedAt" > excluded."joinedAt")
  THEN excluded."joinedAt" ELSE "Peer"."joinedAt" END`;

// The earliest join wins unless the times came from the 100ms API. A join keeps the
// name, role and user_id of a leave applied before it, and fills a missing peerType.
const PEER_JOIN_CONFLICT = (fillPeerType: string) => `ON CONFLICT ("id") DO UPDATE SET
      ${JOINED_AT_MERGE},
      "userId" = CASE WHEN "Peer"."leaveSeen" THEN "Peer"."userId" ELSE excluded."userId" END,
      "name" = CASE WHEN "Peer"."leaveSeen" THEN "Peer"."name" ELSE excluded."name" END,
      "role" = CASE WHEN "Peer"."leaveSeen" THEN "Peer"."role" ELSE excluded."role" END,
      "peerType" = COALESCE("Peer"."peerType", ${fillPeerType}::text),
      "updatedAt" = excluded."updatedAt"`;

// A leave's name, role, user_id and reason win. A real leave time replaces one estimated
// at the close. Otherwise the latest leave wins unless the times came from the 100ms API.
const PEER_LEAVE_CONFLICT = (fillPeerType: string) => `ON CONFLICT ("id") DO UPDATE SET
      ${JOINED_AT_MERGE},
      "userId" = excluded."userId",
      "name" = excluded."name",
      "role" = excluded."role",
      "leaveReason" = excluded."leaveReason",
      "leaveSeen" = true,
      "leftAt" = CASE
        WHEN excluded."leftAt" IS NULL THEN "Peer"."leftAt"
        WHEN "Peer"."leftAtEstimated" THEN excluded."leftAt"
        WHEN NOT "Peer"."timesFromApi" AND ("Peer"."leftAt" IS NULL OR "Peer"."leftAt" < excluded."leftAt") THEN excluded."leftAt"
        ELSE "Peer"."leftAt" END,
      "leftAtEstimated" = CASE WHEN excluded."leftAt" IS NULL THEN "Peer"."leftAtEstimated" ELSE false END,
      "peerType" = COALESCE("Peer"."peerType", ${fillPeerType}::text),
      "updatedAt" = excluded."updatedAt"`;

const PEER_COLUMNS = `"id", "sessionId", "userId", "name", "role", "peerType", "joinedAt", "leftAt", "leaveReason", "leaveSeen", "createdAt", "updatedAt"`;

/**
 * Builds one statement for a whole peer event, so that it costs one round trip: the event row,
 * then the room, session and peer merges only when the event row was new. The parameters
 * are those of insertEvent ($1 to $8), then $9 roomId, $10 roomName, $11 renameRoom,
 * $12 sessionId, $13 startedAt, $14 now, $15 peerId, $16 userId, $17 name, $18 role,
 * $19 peerType, $20 fillPeerType, $21 joinedAt, and for a leave $22 leftAt and
 * $23 leaveReason. The sub-statements write different tables, and the foreign keys of
 * the session and the peer are checked at the end of the statement, after every insert.
 */
function peerEventStatement(leave: boolean): string {
  const peerValues = leave
    ? `$15::text, $12::text, $16::text, $17::text, $18::text, $19::text, $21::timestamp(3), $22::timestamp(3), $23::text, true, $14::timestamp(3), $14::timestamp(3)`
    : `$15::text, $12::text, $16::text, $17::text, $18::text, $19::text, $21::timestamp(3), NULL, NULL, false, $14::timestamp(3), $14::timestamp(3)`;
  return `WITH stored AS (
      INSERT INTO "WebhookEvent" ("id", "type", "occurredAt", "sessionId", "peerId", "isReplay", "payload", "receivedAt")
      VALUES ($1, $2, $3::timestamp(3), $4, $5, $6, $7, $8::timestamp(3))
      ON CONFLICT ("id") DO NOTHING
      RETURNING 1
    ), room AS (
      INSERT INTO "Room" ("id", "name", "createdAt", "updatedAt")
      SELECT $9::text, $10::text, $14::timestamp(3), $14::timestamp(3) WHERE EXISTS (SELECT 1 FROM stored)
      ${ROOM_CONFLICT("$11")}
    ), session AS (
      INSERT INTO "Session" ("id", "roomId", "startedAt", "createdAt", "updatedAt")
      SELECT $12::text, $9::text, $13::timestamp(3), $14::timestamp(3), $14::timestamp(3) WHERE EXISTS (SELECT 1 FROM stored)
      ${SESSION_CONFLICT}
    ), peer AS (
      INSERT INTO "Peer" (${PEER_COLUMNS})
      SELECT ${peerValues} WHERE EXISTS (SELECT 1 FROM stored)
      ${leave ? PEER_LEAVE_CONFLICT("$20") : PEER_JOIN_CONFLICT("$20")}
    )
    SELECT count(*)::int AS "stored" FROM stored`;
}

const SQL = {
  insertEvent: `INSERT INTO "WebhookEvent" ("id", "type", "occurredAt", "sessionId", "peerId", "isReplay", "payload", "receivedAt")
    VALUES ($1, $2, $3::timestamp(3), $4, $5, $6, $7, $8::timestamp(3))
    ON CONFLICT ("id") DO NOTHING`,
  // $1 id, $2 name, $3 rename, $4 now
  upsertRoom: `INSERT INTO "Room" ("id", "name", "createdAt", "updatedAt") VALUES ($1, $2, $4::timestamp(3), $4::timestamp(3))
    ${ROOM_CONFLICT("$3")}`,
  // $1 id, $2 roomId, $3 startedAt, $4 now
  upsertSession: `INSERT INTO "Session" ("id", "roomId", "startedAt", "createdAt", "updatedAt")
    VALUES ($1, $2, $3::timestamp(3), $4::timestamp(3), $4::timestamp(3))
    ${SESSION_CONFLICT}`,
  // $1 id, $2 seconds, $3 now
  sessionDuration: `UPDATE "Session" SET "reportedDurationSeconds" = $2, "updatedAt" = $3::timestamp(3) WHERE "id" = $1`,
  // $1 id, $2 stoppedAt, $3 now
  sessionStop: `UPDATE "Session" SET "stoppedAt" = $2::timestamp(3), "updatedAt" = $3::timestamp(3)
    WHERE "id" = $1 AND ("stoppedAt" IS NULL OR "stoppedAt" < $2::timestamp(3))`,
  // $1 id, $2 now
  sessionPending: `UPDATE "Session" SET "reconciliationStatus" = 'pending', "updatedAt" = $2::timestamp(3) WHERE "id" = $1`,
  // $1 id, $2 kind, $3 key, $4 payload, $5 maxAttempts, $6 now
  upsertJob: `INSERT INTO "Job" ("id", "kind", "key", "payload", "status", "attempts", "maxAttempts", "nextAttemptAt", "lockedAt", "lockedBy", "lastError", "createdAt", "updatedAt")
    VALUES ($1, $2, $3, $4, 'pending', 0, $5, $6::timestamp(3), NULL, NULL, NULL, $6::timestamp(3), $6::timestamp(3))
    ON CONFLICT ("kind", "key") DO UPDATE SET "payload" = excluded."payload", "status" = 'pending', "attempts" = 0,
      "maxAttempts" = excluded."maxAttempts", "nextAttemptAt" = excluded."nextAttemptAt", "lockedAt" = NULL, "lockedBy" = NULL,
      "lastError" = NULL, "updatedAt" = excluded."updatedAt"`,
  peerJoinEvent: peerEventStatement(false),
  peerLeaveEvent: peerEventStatement(true),
} as const;

type StatementName = keyof typeof SQL;

/**
 * 23505: unique violation. 40001: serialization failure. 40P01: deadlock, which two
 * instances can cause by touching the same session rows in a different order.
 */
const RETRYABLE_CODES = new Set(["23505", "40001", "40P01"]);

export class PostgresIngestStore implements IngestStore {
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string) {
    // Batches of one process run one at a time. The second connection serves a batch
    // that starts while the first connection is being returned. pipeline: see writeBatch.
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 2, allowExitOnIdle: true, pipeline: true });
    // An idle connection that the server closed. The pool replaces it on next use.
    this.pool.on("error", (error) => logger.warn({ event: "webhook.store_connection_lost", err: error }, "idle PostgreSQL ingest connection failed"));
  }

  async writeBatch(items: readonly IngestItem[], options: IngestOptions): Promise<IngestOutcome[]> {
    const plans = items.map(planEvent);
    const client = await this.pool.connect();
    // The connection pipelines: each query goes out when it is issued, without waiting for
    // the results of the ones before it. A batch of peer events is then one round trip,
    // BEGIN to COMMIT, however many events it has. Every query is kept here, because a
    // failed statement makes the queries after it fail with "transaction is aborted", and
    // the first failure is the one to report.
    const queries: Promise<pg.QueryResult>[] = [];
    const send = (config: string | pg.QueryConfig): Promise<pg.QueryResult> => {
      const query = client.query(config);
      query.catch(() => undefined);
      queries.push(query);
      return query;
    };
    const run: Run = (name, values) => send({ name, text: SQL[name], values });
    let broken = false;
    try {
      send("BEGIN");
      const now = time(Date.now()) as string;
      const outcomes: (IngestOutcome | Promise<pg.QueryResult>)[] = [];
      for (const { row, writes } of plans) {
        const eventValues = [row.id, row.type, time(row.occurredAtMs), row.sessionId, row.peerId, row.isReplay, row.payload, time(row.receivedAtMs)];
        const [first, second] = writes;
        if (writes.length === 2 && first.kind === "session" && second.kind === "peer") {
          outcomes.push(run(second.leave ? "peerLeaveEvent" : "peerJoinEvent", [...eventValues, ...peerEventValues(first, second, now)]));
          continue;
        }
        // The writes of other events depend on whether the event row is new, so they wait for it.
        const inserted = await run("insertEvent", eventValues);
        if (inserted.rowCount === 0) {
          outcomes.push("duplicate");
          continue;
        }
        if (writes.length === 0) {
          outcomes.push("stored");
          continue;
        }
        for (const write of writes) {
          if (write.kind === "session") await this.session(run, write, now);
          else if (write.kind === "close") await this.applyClose(run, write, now, options);
          else throw new Error(`peer event ${row.id} was planned without its session write`);
        }
        outcomes.push("applied");
      }
      send("COMMIT");
      await throwFirstFailure(queries);
      // COMMIT in a transaction that a failed statement aborted rolls back without an error,
      // so success is known only once every query of the batch has succeeded.
      return await Promise.all(
        outcomes.map(async (outcome) => {
          if (typeof outcome === "string") return outcome;
          return ((await outcome).rows[0] as { stored: number }).stored === 0 ? "duplicate" : "applied";
        }),
      );
    } catch (thrown) {
      const error = (await firstFailure(queries)) ?? thrown;
      if (isConnectionError(error)) broken = true;
      else await client.query("ROLLBACK").catch(() => (broken = true));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private async session(run: Run, write: SessionWrite, now: string): Promise<void> {
    await run("upsertRoom", [write.roomId, write.roomName, write.renameRoom, now]);
    await run("upsertSession", [write.sessionId, write.roomId, time(write.startedAtMs), now]);
  }

  private async applyClose(run: Run, write: CloseWrite, now: string, options: IngestOptions): Promise<void> {
    if (write.durationSeconds !== null) await run("sessionDuration", [write.sessionId, write.durationSeconds, now]);
    await run("sessionStop", [write.sessionId, time(write.stoppedAtMs), now]);
    if (!options.queueReconciliation) return;
    const job = reconciliationJob(write.sessionId);
    await run("upsertJob", [randomUUID(), job.kind, job.key, job.payload, job.maxAttempts, now]);
    await run("sessionPending", [write.sessionId, now]);
  }

  isRetryableConflict(error: unknown): boolean {
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code === "string" && RETRYABLE_CODES.has(code);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Parameters $9 to $23 of peerEventStatement. */
function peerEventValues(session: SessionWrite, peer: PeerWrite, now: string): unknown[] {
  const values = [
    session.roomId,
    session.roomName,
    session.renameRoom,
    session.sessionId,
    time(session.startedAtMs),
    now,
    peer.peerId,
    peer.userId,
    peer.name,
    peer.role,
    peer.peerTypeOnCreate,
    peer.peerTypeToFill,
    time(peer.joinedAtMs),
  ];
  return peer.leave ? [...values, time(peer.leftAtMs), peer.leaveReason] : values;
}

type Run = (name: StatementName, values: unknown[]) => Promise<pg.QueryResult>;

/** Waits until every query has settled and returns the error of the first that failed, if any did. */
async function firstFailure(queries: readonly Promise<unknown>[]): Promise<unknown> {
  const settled = await Promise.allSettled(queries);
  return settled.find((result): result is PromiseRejectedResult => result.status === "rejected")?.reason;
}

async function throwFirstFailure(queries: readonly Promise<unknown>[]): Promise<void> {
  const error = await firstFailure(queries);
  if (error !== undefined) throw error;
}

/** Errors without an SQLSTATE come from the connection rather than from a statement. */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code !== "string" || !/^[0-9A-Z]{5}$/.test(code);
}
