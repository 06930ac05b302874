/**
 * Empties the test database named by DATABASE_URL before a browser test run:
 * deletes the SQLite file, or drops and recreates the PostgreSQL database.
 * Only names ending in `_test` (PostgreSQL) or files under .tmp/ are touched.
 */
import fs from "node:fs";
import path from "node:path";

import pg from "pg";

import { engineOfUrl, sqliteFileFromUrl } from "../lib/db-url";

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? "";
  if (engineOfUrl(url) === "sqlite") {
    const file = sqliteFileFromUrl(url);
    if (!file.startsWith(path.resolve(".tmp") + path.sep)) throw new Error(`refusing to delete ${file}: not under .tmp/`);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    return;
  }

  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z0-9_]+_test$/.test(database)) throw new Error(`refusing to drop database "${database}": its name must end in _test`);
  target.pathname = "/postgres";
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
