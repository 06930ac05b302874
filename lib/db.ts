import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

import { sqliteFileFromUrl } from "./db-url";
import { getEnv } from "./env";
import { PrismaClient } from "./generated/prisma/client";

function createClient(): PrismaClient {
  const file = sqliteFileFromUrl(getEnv().DATABASE_URL);
  // better-sqlite3 waits up to `timeout` ms for a lock held by another connection.
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: 10_000 });
  return new PrismaClient({ adapter });
}

const globalForPrisma = globalThis as unknown as { rollcallPrisma?: PrismaClient };

/** The one Prisma client of this process; kept on globalThis so that hot reloads reuse it. */
export const prisma: PrismaClient = globalForPrisma.rollcallPrisma ?? createClient();
globalForPrisma.rollcallPrisma = prisma;
