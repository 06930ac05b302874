import fs from "node:fs";

import { defineConfig, devices } from "@playwright/test";

import {
  E2E_ADMIN,
  E2E_DATABASE_URL,
  E2E_NEXTAUTH_SECRET,
  E2E_PORT,
  E2E_WEBHOOK_SECRET,
  SIMULATOR_ACCESS_KEY,
  SIMULATOR_APP_SECRET,
  SIMULATOR_PORT,
} from "./e2e/settings";

const PORT = E2E_PORT;
const DEBIAN_CHROMIUM = "/usr/bin/chromium";

// Playwright cannot download its own browser on every machine, so Debian's
// Chromium is used where it is installed; elsewhere Playwright's own build is.
const executablePath = process.env.CHROMIUM_PATH ?? (fs.existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined);

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    acceptDownloads: true,
    // The first page a user opens stores the browser's time zone on their account, and the specs expect UTC.
    timezoneId: "UTC",
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: {
    // The real start command on a fresh database: migrations, build if needed, `next start`.
    command: "npx tsx scripts/reset-test-database.ts && npx tsx scripts/start.ts",
    url: `http://127.0.0.1:${PORT}/sign-in`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: E2E_DATABASE_URL,
      LOG_LEVEL: "warn",
      // Production mode, so the server also checks that the secrets are configured.
      APP_ENV: "production",
      NEXTAUTH_SECRET: E2E_NEXTAUTH_SECRET,
      WEBHOOK_SECRET: E2E_WEBHOOK_SECRET,
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      HMS_API_BASE: `http://127.0.0.1:${SIMULATOR_PORT}/v2`,
      HMS_ACCESS_KEY: SIMULATOR_ACCESS_KEY,
      HMS_APP_SECRET: SIMULATOR_APP_SECRET,
      JOB_POLL_INTERVAL_MS: "200",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
