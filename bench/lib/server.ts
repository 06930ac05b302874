/**
 * Databases and production servers for the benchmarks and drills: a fresh
 * SQLite file or PostgreSQL database with the committed migrations applied,
 * and `next start` of the existing production build on 127.0.0.1.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import pg from "pg";

import { engineOfUrl, sqliteFileFromUrl, type DatabaseEngine } from "../../lib/db-url";
import { serverNodeOptions } from "../../lib/server-memory";

/** Secrets of the servers started here; they only ever listen on 127.0.0.1. */
export const BENCH_WEBHOOK_SECRET = "bench-webhook-secret-0123456789";
export const BENCH_NEXTAUTH_SECRET = "bench-nextauth-secret-0123456789abcdefghij";

/**
 * Returns the URL of a fresh database named `name`: a SQLite file under
 * .tmp/bench/, or a database of that name on the PostgreSQL server of
 * `postgresServerUrl`. Its previous contents are deleted.
 */
export async function freshDatabase(engine: DatabaseEngine, name: string, postgresServerUrl?: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`invalid database name "${name}": use lower-case letters, digits and _`);
  let url: string;
  if (engine === "sqlite") {
    const file = path.resolve(".tmp", "bench", `${name}.db`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
    url = `file:${file}`;
  } else {
    if (!postgresServerUrl) throw new Error("PostgreSQL needs a server URL: set BENCH_POSTGRES_URL or TEST_POSTGRES_URL");
    const admin = new URL(postgresServerUrl);
    admin.pathname = "/postgres";
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
    const target = new URL(postgresServerUrl);
    target.pathname = `/${name}`;
    url = target.toString();
  }

  const result = spawnSync(path.join("node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`prisma migrate deploy failed for ${url}:\n${result.stdout}\n${result.stderr}`);
  return url;
}

/** Returns the engine named by a --engine option; throws for any other name. */
export function parseEngine(name: string): DatabaseEngine {
  if (name !== "sqlite" && name !== "postgresql") throw new Error(`invalid engine "${name}": use sqlite or postgresql`);
  return name;
}

/** Returns the PostgreSQL server URL from BENCH_POSTGRES_URL or TEST_POSTGRES_URL, if either is set. */
export function postgresServerUrl(): string | undefined {
  return process.env.BENCH_POSTGRES_URL || process.env.TEST_POSTGRES_URL || undefined;
}

/** Fails unless `next build` has produced a build, because the benchmarks measure the production server. */
export function requireProductionBuild(): void {
  if (!fs.existsSync(path.join(".next", "BUILD_ID"))) {
    throw new Error("no production build in .next/: run `npx next build` (or `npm start` once) first");
  }
}

export interface ServerOptions {
  port: number;
  databaseUrl: string;
  /** Extra environment variables, such as BENCH_ROUTES=1. */
  env?: Record<string, string>;
  /** Where the server's output goes; "ignore" unless given. */
  logFile?: string;
}

/** A `next start` process. */
export class ProductionServer {
  private child: ChildProcess | undefined;
  readonly baseUrl: string;

  constructor(readonly options: ServerOptions) {
    this.baseUrl = `http://127.0.0.1:${options.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts `next start` in production mode and waits until it answers, at most `timeoutMs`. */
  async start(timeoutMs = 60_000): Promise<void> {
    const output = this.options.logFile ? fs.openSync(this.options.logFile, "a") : "ignore";
    // next is started directly, not through npx, so that the pid is the server's own process.
    this.child = spawn(path.join("node_modules", ".bin", "next"), ["start", "--port", String(this.options.port), "--hostname", "127.0.0.1"], {
      env: {
        ...process.env,
        DATABASE_URL: this.options.databaseUrl,
        APP_ENV: "production",
        NEXTAUTH_SECRET: BENCH_NEXTAUTH_SECRET,
        WEBHOOK_SECRET: BENCH_WEBHOOK_SECRET,
        LOG_LEVEL: "warn",
        NEXT_TELEMETRY_DISABLED: "1",
        ...this.options.env,
        // The heap settings of `npm start`, unless the benchmark sets its own.
        NODE_OPTIONS: serverNodeOptions(this.options.env?.NODE_OPTIONS ?? process.env.NODE_OPTIONS),
      },
      stdio: ["ignore", output, output],
      detached: true,
    });
    if (typeof output === "number") fs.closeSync(output);
    await this.waitUntilReady(timeoutMs);
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.child?.exitCode !== null) throw new Error(`server on port ${this.options.port} exited with code ${this.child?.exitCode}`);
      try {
        const response = await fetch(`${this.baseUrl}/sign-in`);
        if (response.status < 500) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error(`server on port ${this.options.port} did not answer within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Sends `signal` to the server's process group and waits until the process has exited. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    const child = this.child;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
    await exited;
  }

  /** Peak resident set size of the server process so far, in bytes (VmHWM in /proc/PID/status on Linux). */
  peakRssBytes(): number {
    const status = fs.readFileSync(`/proc/${this.child?.pid}/status`, "utf8");
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    if (!match) throw new Error("VmHWM missing from /proc status");
    return Number(match[1]) * 1024;
  }
}

/** Returns the engine of a database URL, for labels. */
export function engineLabel(url: string): DatabaseEngine {
  return engineOfUrl(url);
}

export { sqliteFileFromUrl };
