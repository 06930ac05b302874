/**
 * Test databases. The suite runs on SQLite by default and on PostgreSQL when
 * TEST_POSTGRES_URL names a server (any database on it, such as
 * postgresql://rollcall@127.0.0.1:55432/postgres). Either way a template
 * database is migrated once with the committed migrations, and every test
 * file gets its own copy.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import pg from "pg";

export const TEMPLATE_NAME = "rollcall_template_test";
const SQLITE_DIR = path.resolve(".tmp/test");

export function postgresServerUrl(): string | undefined {
  return process.env.TEST_POSTGRES_URL || undefined;
}

/** Returns the server URL with its database name replaced. */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdminClient<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function migrate(databaseUrl: string): void {
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: "pipe" });
}

/** Creates and migrates the template database; runs once before the suite. */
export async function createTemplate(): Promise<void> {
  const serverUrl = postgresServerUrl();
  if (serverUrl) {
    await withAdminClient(serverUrl, async (client) => {
      const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'rollcall\\_%\\_test'");
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${TEMPLATE_NAME}"`);
    });
    migrate(withDatabase(serverUrl, TEMPLATE_NAME));
    return;
  }

  fs.rmSync(SQLITE_DIR, { recursive: true, force: true });
  fs.mkdirSync(SQLITE_DIR, { recursive: true });
  migrate(`file:${path.join(SQLITE_DIR, "template.db")}`);
}

/** Creates a fresh database copied from the template and returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const name = `rollcall_${randomUUID().replace(/-/g, "").slice(0, 16)}_test`;
  const serverUrl = postgresServerUrl();
  if (serverUrl) {
    await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_NAME}"`));
    return withDatabase(serverUrl, name);
  }

  const file = path.join(SQLITE_DIR, `${name}.db`);
  fs.copyFileSync(path.join(SQLITE_DIR, "template.db"), file);
  return `file:${file}`;
}
