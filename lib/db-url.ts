import path from "node:path";

/** The SQLite file used when DATABASE_URL is unset, relative to the working directory. */
export const DEFAULT_DATABASE_URL = "file:./data/rollcall.db";

export type DatabaseEngine = "sqlite" | "postgresql";

/** Returns the engine that a DATABASE_URL selects: `file:` for SQLite, `postgresql:` or `postgres:` for PostgreSQL. */
export function engineOfUrl(url: string): DatabaseEngine {
  if (url.startsWith("file:")) return "sqlite";
  if (url.startsWith("postgresql://") || url.startsWith("postgres://")) return "postgresql";
  throw new Error(
    `DATABASE_URL has the unsupported scheme "${url.split(":")[0]}"; use file:./data/rollcall.db for SQLite or postgresql://USER@HOST:PORT/DB for PostgreSQL`,
  );
}

/**
 * Returns the file path of a `file:` SQLite URL, resolved against the working
 * directory. Throws for any other scheme.
 */
export function sqliteFileFromUrl(url: string): string {
  if (!url.startsWith("file:")) {
    throw new Error(`DATABASE_URL must be a file: URL for SQLite, got scheme "${url.split(":")[0]}"`);
  }
  const file = url.slice("file:".length).replace(/\?.*$/, "");
  if (file === "") {
    throw new Error("DATABASE_URL names no file after file:");
  }
  return file === ":memory:" ? file : path.resolve(file);
}

/** Schema and migrations folder of each engine; the PostgreSQL ones are generated from the SQLite ones. */
export const PRISMA_PATHS: Record<DatabaseEngine, { schema: string; migrations: string }> = {
  sqlite: { schema: "prisma/schema.prisma", migrations: "prisma/migrations" },
  postgresql: { schema: "prisma/postgresql/schema.prisma", migrations: "prisma/postgresql/migrations" },
};
