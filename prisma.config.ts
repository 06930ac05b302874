import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

import { DEFAULT_DATABASE_URL, PRISMA_PATHS, engineOfUrl, sqliteFileFromUrl } from "./lib/db-url";

// The Prisma CLI runs migrations through the JavaScript schema engine and a
// driver adapter, so no native Prisma engine is downloaded. DATABASE_URL
// picks the engine, and with it the schema and the migrations folder.
const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
// The schema's datasource reads DATABASE_URL, so the default must be visible there too.
process.env.DATABASE_URL = databaseUrl;
const engine = engineOfUrl(databaseUrl);

export default defineConfig({
  experimental: { adapter: true },
  schema: PRISMA_PATHS[engine].schema,
  migrations: { path: PRISMA_PATHS[engine].migrations },
  engine: "js",
  adapter: async () =>
    engine === "postgresql"
      ? new PrismaPg({ connectionString: databaseUrl })
      : new PrismaBetterSQLite3({ url: sqliteFileFromUrl(databaseUrl) }),
});
