import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

import { engineOfUrl, sqliteFileFromUrl, type DatabaseEngine } from "./db-url";
import { getEnv } from "./env";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { PrismaClient } from "./generated/prisma/client";

export type { PrismaClient };

function createClient(): PrismaClient {
  const { DATABASE_URL, DATABASE_POOL_SIZE } = getEnv();
  if (engineOfUrl(DATABASE_URL) === "postgresql") {
    const adapter = new PrismaPg({ connectionString: DATABASE_URL, max: DATABASE_POOL_SIZE });
    // Both clients are generated from one data model, so their query APIs are the same.
    return new PostgresClient({ adapter }) as unknown as PrismaClient;
  }

  // better-sqlite3 waits up to `timeout` ms for a lock held by another connection.
  const adapter = new PrismaBetterSQLite3({ url: sqliteFileFromUrl(DATABASE_URL), timeout: 10_000 });
  const connect = adapter.connect.bind(adapter);
  adapter.connect = async () => {
    const connection = await connect();
    // WAL lets readers run beside the writer, and with synchronous=NORMAL a commit
    // writes the log without waiting for fsync. A commit survives a crash of the
    // process, SIGKILL included. A power loss or OS crash can undo the commits since
    // the last checkpoint. journal_mode=WAL stays set in the database file.
    await connection.executeScript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    return connection;
  };
  return new PrismaClient({ adapter });
}

const globalForPrisma = globalThis as unknown as { rollcallPrisma?: PrismaClient };

/** The one Prisma client of this process; kept on globalThis so that hot reloads reuse it. */
export const prisma: PrismaClient = globalForPrisma.rollcallPrisma ?? createClient();
globalForPrisma.rollcallPrisma = prisma;

/** Returns the engine behind `prisma`. */
export function databaseEngine(): DatabaseEngine {
  return engineOfUrl(getEnv().DATABASE_URL);
}
