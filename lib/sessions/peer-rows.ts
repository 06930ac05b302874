/**
 * A session's peers read on the database driver, for the session page and
 * the attendance CSV. Prisma's result mapping made an object and a Date per
 * time for every row. On the session page with 3,000 peers, that mapping and
 * its garbage took most of the request (bench/page-render.ts). These rows
 * carry times as epoch milliseconds.
 *
 * The connections are this module's own: one better-sqlite3 connection, which
 * only reads, or a small pg pool.
 */
import Database from "better-sqlite3";
import pg from "pg";

import type { PeerRecord } from "../attendance/compute";
import { engineOfUrl, sqliteFileFromUrl } from "../db-url";
import { getEnv } from "../env";
import { logger } from "../logger";

export interface PeerRow {
  id: string;
  userId: string;
  name: string;
  role: string;
  joinedAtMs: number | null;
  leftAtMs: number | null;
  leaveReason: string | null;
  leftAtEstimated: boolean;
}

/** Position after which a keyset page starts: the last row of the previous page. */
export interface PeerKey {
  userId: string;
  id: string;
}

interface PeerReader {
  all(sessionId: string): Promise<PeerRow[]>;
  page(sessionId: string, excludedRoles: readonly string[], after: PeerKey | null, limit: number): Promise<PeerRow[]>;
}

/** Returns the fields of a row that the attendance arithmetic reads. */
export function toPeerRecord(row: PeerRow): PeerRecord {
  return {
    peerId: row.id,
    userId: row.userId,
    name: row.name,
    role: row.role,
    joinedAtMs: row.joinedAtMs,
    leftAtMs: row.leftAtMs,
    leftAtEstimated: row.leftAtEstimated,
  };
}

/** Returns every peer of the session, excluded roles included, in no particular order. */
export function readSessionPeers(sessionId: string): Promise<PeerRow[]> {
  return peerReader().all(sessionId);
}

/**
 * Returns up to `limit` peers of the session whose role is not excluded, in
 * (userId, id) order, starting after `after`. Each page seeks in the
 * (sessionId, userId, id) index.
 */
export function readSessionPeerPage(sessionId: string, excludedRoles: readonly string[], after: PeerKey | null, limit: number): Promise<PeerRow[]> {
  return peerReader().page(sessionId, excludedRoles, after, limit);
}

const COLUMNS = `"id", "userId", "name", "role", "leaveReason", "leftAtEstimated"`;

class SqlitePeerReader implements PeerReader {
  private readonly db: Database.Database;
  private readonly allStatement: Database.Statement;

  constructor(file: string) {
    this.db = new Database(file, { fileMustExist: true });
    this.allStatement = this.db.prepare(`SELECT ${COLUMNS}, "joinedAt", "leftAt" FROM "Peer" WHERE "sessionId" = ?`);
  }

  async all(sessionId: string): Promise<PeerRow[]> {
    return (this.allStatement.all(sessionId) as SqliteRow[]).map(fromSqlite);
  }

  async page(sessionId: string, excludedRoles: readonly string[], after: PeerKey | null, limit: number): Promise<PeerRow[]> {
    const roles = excludedRoles.map(() => "?").join(", ");
    // The plain "userId" >= bound lets SQLite seek in the index; the OR alone made it scan the session.
    const sql = `SELECT ${COLUMNS}, "joinedAt", "leftAt" FROM "Peer"
      WHERE "sessionId" = ?${roles ? ` AND "role" NOT IN (${roles})` : ""}
      ${after ? `AND "userId" >= ? AND ("userId" > ? OR "id" > ?)` : ""}
      ORDER BY "userId", "id" LIMIT ?`;
    const parameters: unknown[] = [sessionId, ...excludedRoles];
    if (after) parameters.push(after.userId, after.userId, after.id);
    parameters.push(limit);
    return (this.db.prepare(sql).all(...parameters) as SqliteRow[]).map(fromSqlite);
  }
}

interface SqliteRow {
  id: string;
  userId: string;
  name: string;
  role: string;
  leaveReason: string | null;
  leftAtEstimated: number;
  joinedAt: string | number | null;
  leftAt: string | number | null;
}

/** Converts a stored time: ISO 8601 text as Prisma and the ingest write it, or epoch milliseconds. */
function sqliteMs(value: string | number | null): number | null {
  if (value === null) return null;
  if (typeof value === "number") return value;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`invalid time "${value}" in the Peer table`);
  return ms;
}

function fromSqlite(row: SqliteRow): PeerRow {
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    role: row.role,
    joinedAtMs: sqliteMs(row.joinedAt),
    leftAtMs: sqliteMs(row.leftAt),
    leaveReason: row.leaveReason,
    leftAtEstimated: row.leftAtEstimated !== 0,
  };
}

// The columns are TIMESTAMP(3) without time zone and contain UTC, so EXTRACT(EPOCH ...) gives UTC milliseconds.
const POSTGRES_SELECT = `SELECT ${COLUMNS},
  (EXTRACT(EPOCH FROM "joinedAt") * 1000)::float8 AS "joinedAtMs",
  (EXTRACT(EPOCH FROM "leftAt") * 1000)::float8 AS "leftAtMs"
  FROM "Peer"`;

class PostgresPeerReader implements PeerReader {
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 4, allowExitOnIdle: true });
    this.pool.on("error", (error) => logger.warn({ event: "peers.connection_lost", err: error }, "idle PostgreSQL peer-reading connection failed"));
  }

  async all(sessionId: string): Promise<PeerRow[]> {
    const result = await this.pool.query({ name: "peers_all", text: `${POSTGRES_SELECT} WHERE "sessionId" = $1`, values: [sessionId] });
    return result.rows as PeerRow[];
  }

  async page(sessionId: string, excludedRoles: readonly string[], after: PeerKey | null, limit: number): Promise<PeerRow[]> {
    const text = after
      ? `${POSTGRES_SELECT} WHERE "sessionId" = $1 AND NOT ("role" = ANY($2::text[])) AND ("userId", "id") > ($4, $5) ORDER BY "userId", "id" LIMIT $3`
      : `${POSTGRES_SELECT} WHERE "sessionId" = $1 AND NOT ("role" = ANY($2::text[])) ORDER BY "userId", "id" LIMIT $3`;
    const values: unknown[] = [sessionId, excludedRoles, limit];
    if (after) values.push(after.userId, after.id);
    const result = await this.pool.query({ name: after ? "peers_page_after" : "peers_page_first", text, values });
    return result.rows as PeerRow[];
  }
}

const globalForPeers = globalThis as unknown as { rollcallPeerReader?: { url: string; reader: PeerReader } };

/** Returns the reader of this process, opened on first use and kept on globalThis so that hot reloads reuse it. */
function peerReader(): PeerReader {
  const url = getEnv().DATABASE_URL;
  const current = globalForPeers.rollcallPeerReader;
  if (current && current.url === url) return current.reader;
  const reader = engineOfUrl(url) === "postgresql" ? new PostgresPeerReader(url) : new SqlitePeerReader(sqliteFileFromUrl(url));
  globalForPeers.rollcallPeerReader = { url, reader };
  return reader;
}
