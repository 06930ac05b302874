/** Sign-in and webhook settings of the Playwright test server (playwright.config.ts passes them as env). */
export const E2E_ADMIN = { email: "admin@rollcall.test", password: "e2e admin password" };
export const E2E_WEBHOOK_SECRET = "e2e-webhook-secret-0123456789";
export const E2E_NEXTAUTH_SECRET = "e2e-nextauth-secret-0123456789abcdefghij";
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

/** The 100ms simulator, started by the specs that need it; the port after E2E_PORT is the second app instance's. */
export const SIMULATOR_PORT = E2E_PORT + 2;
export const SIMULATOR_ACCESS_KEY = "e2e-access-key";
export const SIMULATOR_APP_SECRET = "e2e-app-secret-for-the-simulator";
