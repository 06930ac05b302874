import path from "node:path";

import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

import { sqliteFileFromUrl, DEFAULT_DATABASE_URL } from "./lib/db-url";

// The Prisma CLI runs migrations through the JavaScript schema engine and the
// better-sqlite3 driver adapter, so no native Prisma engine is downloaded.
const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
// The schema's datasource reads DATABASE_URL, so the default must be visible there too.
process.env.DATABASE_URL = databaseUrl;

export default defineConfig({
  experimental: { adapter: true },
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  engine: "js",
  adapter: async () => new PrismaBetterSQLite3({ url: sqliteFileFromUrl(databaseUrl) }),
});
