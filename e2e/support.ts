/** Settings shared by playwright.config.ts and the browser tests. */

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);

/** The browser tests' database: a SQLite file, or a database on TEST_POSTGRES_URL's server. */
function e2eDatabaseUrl(): string {
  const server = process.env.TEST_POSTGRES_URL;
  if (!server) return "file:./.tmp/e2e/rollcall.db";
  const url = new URL(server);
  url.pathname = "/rollcall_e2e_test";
  return url.toString();
}

export const E2E_DATABASE_URL = e2eDatabaseUrl();
