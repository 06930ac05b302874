/**
 * Starts Rollcall: validates the configuration, applies the committed
 * migrations, builds the app when the build is missing or older than the
 * sources, and runs the production server. While no user exists, it creates
 * the first admin from ADMIN_EMAIL and ADMIN_PASSWORD, or prints a one-time
 * setup link. `--demo` also starts the 100ms simulator, points the server's
 * HMS_* settings at it, and plays a demo class to the server once it responds.
 *
 *   npm start                  # http://localhost:3000
 *   npm start -- --demo        # the same, with a demo class
 *   npm start -- --prepare     # migrate and create the first admin, then exit
 *   PORT=4000 npm start
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { engineOfUrl, sqliteFileFromUrl } from "../lib/db-url";
import { EnvError, parseEnv, type Env } from "../lib/env";
import { serverNodeOptions } from "../lib/server-memory";

const SOURCE_DIRS = ["app", "components", "lib", "public", "prisma"];
const SOURCE_FILES = ["package.json", "package-lock.json", "next.config.mjs", "tsconfig.json"];

function log(message: string): void {
  console.log(`[rollcall] ${message}`);
}

function newestSourceMtime(): number {
  let newest = 0;
  const visit = (entry: string) => {
    if (!fs.existsSync(entry)) return;
    const stat = fs.statSync(entry);
    if (stat.isDirectory()) {
      if (entry.endsWith(`${path.sep}generated`)) return;
      for (const child of fs.readdirSync(entry)) visit(path.join(entry, child));
    } else if (!/\.test\.tsx?$/.test(entry)) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  SOURCE_DIRS.forEach(visit);
  SOURCE_FILES.forEach(visit);
  return newest;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) {
    log(`${command} ${args.join(" ")} failed with exit code ${result.status ?? result.signal}`);
    process.exit(result.status ?? 1);
  }
}

/** Creates the first admin, or prints a one-time setup link, while the database has no user. */
async function setUpFirstAdmin(env: Env, port: string): Promise<void> {
  process.env.DATABASE_URL = env.DATABASE_URL;
  const { ensureFirstAdmin } = await import("../lib/users/manage");
  const { setupPath } = await import("../lib/auth/setup-tokens");
  const { prisma } = await import("../lib/db");
  try {
    const result = await ensureFirstAdmin(env);
    if (result.kind === "created") log(`created the first admin ${result.email} from ADMIN_EMAIL and ADMIN_PASSWORD`);
    if (result.kind === "setup-link") {
      const origin = env.NEXTAUTH_URL ? new URL(env.NEXTAUTH_URL).origin : `http://localhost:${port}`;
      log("no user exists yet. Open this one-time link within 24 hours to create the first admin:");
      log(`  ${origin}${setupPath(result.token)}`);
    }
  } finally {
    await prisma.$disconnect();
  }
}

async function main(): Promise<void> {
  const demo = process.argv.includes("--demo");
  // Deploy step for several instances: migrate and create the first admin once, then exit.
  const prepareOnly = process.argv.includes("--prepare");
  if (fs.existsSync(".env")) process.loadEnvFile(".env");

  let env;
  try {
    env = parseEnv(process.env);
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  // `next start` sets NODE_ENV=production, so the mode chosen here is passed on as APP_ENV.
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    APP_ENV: env.APP_ENV,
    DATABASE_URL: env.DATABASE_URL,
    NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? "1",
  };
  if (demo && !env.WEBHOOK_SECRET) {
    // The demo runs like a real deployment: 100ms's stand-in sends a secret header that the server checks.
    childEnv.WEBHOOK_SECRET = randomBytes(24).toString("hex");
    log(`demo: webhook secret made for this run, sent by the simulator in the ${env.WEBHOOK_SECRET_HEADER} header`);
  } else if (!env.WEBHOOK_SECRET) {
    log("warning: WEBHOOK_SECRET is not set, so the webhook endpoint accepts deliveries without a secret (allowed outside APP_ENV=production)");
  }

  if (engineOfUrl(env.DATABASE_URL) === "sqlite") {
    const databaseFile = sqliteFileFromUrl(env.DATABASE_URL);
    fs.mkdirSync(path.dirname(databaseFile), { recursive: true });
    log(`applying migrations to SQLite file ${databaseFile}`);
  } else {
    log("applying migrations to PostgreSQL");
  }
  run("npx", ["prisma", "migrate", "deploy"], childEnv);

  const port = process.env.PORT ?? "3000";
  await setUpFirstAdmin(env, port);
  if (prepareOnly) {
    log("database prepared; start the instances with `next start`");
    return;
  }

  const buildId = path.join(".next", "BUILD_ID");
  if (!fs.existsSync(buildId) || fs.statSync(buildId).mtimeMs < newestSourceMtime()) {
    log("building the app (first start or changed sources)");
    run("npx", ["next", "build"], childEnv);
  }

  const hostname = process.env.HOSTNAME ?? "0.0.0.0";

  let demoRun: ReturnType<typeof spawn> | undefined;
  if (demo) {
    // The demo's 100ms is the local simulator, with a secret made for this run only.
    const simulatorPort = process.env.SIMULATOR_PORT || String(Number(port) + 1);
    Object.assign(childEnv, {
      HMS_API_BASE: `http://127.0.0.1:${simulatorPort}/v2`,
      HMS_ACCESS_KEY: "simulator-access-key",
      HMS_APP_SECRET: randomBytes(32).toString("hex"),
    });
    log(`demo: 100ms simulator on ${childEnv.HMS_API_BASE}`);
    // tsx is started directly, not through npx, so that a signal sent to it reaches the simulator.
    demoRun = spawn(
      path.join("node_modules", ".bin", "tsx"),
      ["scripts/simulator.ts", "--play", "demo", "--port", simulatorPort, "--url", `http://127.0.0.1:${port}`],
      { stdio: "inherit", env: childEnv },
    );
  }

  log(`starting on http://localhost:${port}`);
  // next is started directly, not through npx, so that a signal sent to it stops the server.
  const server = spawn(path.join("node_modules", ".bin", "next"), ["start", "--port", port, "--hostname", hostname], {
    stdio: "inherit",
    env: { ...childEnv, NODE_OPTIONS: serverNodeOptions(childEnv.NODE_OPTIONS) },
  });

  const stop = (signal: NodeJS.Signals) => {
    demoRun?.kill(signal);
    server.kill(signal);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  server.on("exit", (code, signal) => {
    log(`server stopped (${signal ?? `exit code ${code}`})`);
    demoRun?.kill("SIGTERM");
    process.exit(code ?? 0);
  });
}

main().catch((error: unknown) => {
  console.error("[rollcall] start failed:", error);
  process.exit(1);
});
