import fs from "node:fs";

import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);
/** The 100ms simulator, started by the specs that need it, listens on the next port. */
export const SIMULATOR_PORT = PORT + 1;
export const SIMULATOR_ACCESS_KEY = "e2e-access-key";
export const SIMULATOR_APP_SECRET = "e2e-app-secret-for-the-simulator";
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
    // The real start command on a fresh SQLite file: migrations, build if needed, `next start`.
    command: "rm -rf .tmp/e2e && npx tsx scripts/start.ts",
    url: `http://127.0.0.1:${PORT}/sessions`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: "file:./.tmp/e2e/rollcall.db",
      LOG_LEVEL: "warn",
      HMS_API_BASE: `http://127.0.0.1:${SIMULATOR_PORT}/v2`,
      HMS_ACCESS_KEY: SIMULATOR_ACCESS_KEY,
      HMS_APP_SECRET: SIMULATOR_APP_SECRET,
      JOB_POLL_INTERVAL_MS: "200",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
