/**
 * Fault drill: sends the webhook events of generated sessions with known
 * attendance to the production server, with duplicates and reordering, kills
 * the server with SIGKILL twice while deliveries are in flight, restarts it,
 * and resends every delivery that got no 200, as 100ms retries. Then it
 * compares the stored attendance with the ground truth, field by field.
 *
 *   npx tsx bench/fault-drill.ts                          # SQLite, 10,000 events, 50 sessions
 *   BENCH_POSTGRES_URL=postgresql://... npx tsx bench/fault-drill.ts --engine postgresql
 *
 * Needs a production build (`npx next build`). Exits 0 only when every
 * figure matches; the last output line is a JSON summary.
 */
import { parseArgs } from "node:util";

import type { DatabaseEngine } from "../lib/db-url";
import { attendanceFigures, buildSessions, expectedAttendance, faultyDeliveries, seededRandom } from "./lib/ground-truth";
import { postDelivery } from "./lib/send";
import { freshDatabase, postgresServerUrl, ProductionServer, requireProductionBuild } from "./lib/server";

const { values: options } = parseArgs({
  options: {
    engine: { type: "string", default: "sqlite" },
    events: { type: "string", default: "10000" },
    sessions: { type: "string", default: "50" },
    port: { type: "string", default: "3620" },
    database: { type: "string", default: "rollcall_fault_drill" },
    seed: { type: "string", default: "20260302" },
    concurrency: { type: "string", default: "8" },
    help: { type: "boolean", default: false },
  },
});

if (options.help) {
  console.log(`Usage: tsx bench/fault-drill.ts [options]
  --engine sqlite|postgresql  database engine (PostgreSQL server from BENCH_POSTGRES_URL or TEST_POSTGRES_URL)
  --events N                  events to generate, before duplicates (default 10000)
  --sessions N                sessions to spread them over (default 50)
  --port N                    port of the server started on 127.0.0.1 (default 3620)
  --database NAME             SQLite file .tmp/bench/NAME.db or PostgreSQL database NAME, emptied first
  --seed N                    seed of the generator (default 20260302)
  --concurrency N             parallel deliveries (default 8)`);
  process.exit(0);
}

/** Delays before each resend round, as 100ms retries (1 s, 3 s, 10 s), then two more at 10 s; the resend loop ends there. */
const RESEND_DELAYS_MS = [1_000, 3_000, 10_000, 10_000, 10_000];
const DUPLICATE_RATE = 0.2;
const REORDER_RATE = 0.1;
/** Fractions of the first pass after which the server is killed. */
const KILL_POINTS = [0.3, 0.65];

function log(message: string): void {
  console.log(`[fault-drill] ${message}`);
}

async function main(): Promise<void> {
  const engine = options.engine as DatabaseEngine;
  if (engine !== "sqlite" && engine !== "postgresql") throw new Error(`invalid --engine "${options.engine}": use sqlite or postgresql`);
  const eventCount = Number(options.events);
  const sessionCount = Number(options.sessions);
  const concurrency = Number(options.concurrency);
  requireProductionBuild();

  const random = seededRandom(Number(options.seed));
  const runId = `drill${Date.now().toString(36)}`;
  const truths = buildSessions(runId, eventCount, sessionCount, random);
  const events = truths.flatMap((truth) => truth.events);
  const deliveries = faultyDeliveries(events, DUPLICATE_RATE, REORDER_RATE, random).map((event) => ({ id: event.id, body: JSON.stringify(event) }));
  log(`${events.length} events of ${truths.length} sessions as ${deliveries.length} deliveries on ${engine}`);

  const databaseUrl = await freshDatabase(engine, options.database, postgresServerUrl());
  const server = new ProductionServer({ port: Number(options.port), databaseUrl, logFile: `.tmp/bench/${options.database}-server.log` });
  await server.start();

  const statusCounts: Record<string, number> = {};
  const count = (status: number) => {
    statusCounts[status] = (statusCounts[status] ?? 0) + 1;
  };

  // First pass: parallel senders; at each kill point the server is killed while requests are in flight.
  let failed: typeof deliveries = [];
  let next = 0;
  let kills = 0;
  let restarting: Promise<void> | undefined;
  const killAndRestart = async () => {
    kills += 1;
    log(`kill ${kills}: SIGKILL after ${next} of ${deliveries.length} deliveries`);
    await server.stop("SIGKILL");
    await server.start();
    log(`kill ${kills}: server restarted`);
  };
  const sender = async () => {
    while (next < deliveries.length) {
      if (restarting) await restarting;
      const delivery = deliveries[next++];
      if (kills < KILL_POINTS.length && next >= deliveries.length * KILL_POINTS[kills] && !restarting) {
        restarting = killAndRestart().finally(() => {
          restarting = undefined;
        });
      }
      const status = await postDelivery(server.baseUrl, delivery.body);
      count(status);
      if (status !== 200) failed.push(delivery);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  if (restarting) await restarting;
  log(`first pass done: ${failed.length} deliveries got no 200`);

  // Resend rounds, bounded in number.
  for (const delayMs of RESEND_DELAYS_MS) {
    if (failed.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const round = failed;
    failed = [];
    for (const delivery of round) {
      const status = await postDelivery(server.baseUrl, delivery.body);
      count(status);
      if (status !== 200) failed.push(delivery);
    }
    log(`resent ${round.length}, ${failed.length} still without 200`);
  }
  await server.stop("SIGTERM");

  // Compare the database with the ground truth.
  process.env.DATABASE_URL = databaseUrl;
  process.env.LOG_LEVEL = "silent";
  const { getSessionDetail } = await import("../lib/sessions/queries");
  const { prisma } = await import("../lib/db");
  const admin = { id: "fault-drill", email: "drill@rollcall.test", name: "Fault drill", role: "admin" as const, roomIds: [], timeZone: "UTC" };
  const mismatches: string[] = [];
  for (const truth of truths) {
    const stored = await getSessionDetail(admin, truth.sessionId, truth.stopMs);
    if (!stored) {
      mismatches.push(`${truth.sessionId}: missing`);
      continue;
    }
    const expected = JSON.stringify(attendanceFigures(expectedAttendance(truth)));
    const actual = JSON.stringify(attendanceFigures(stored.attendance));
    if (expected !== actual) mismatches.push(`${truth.sessionId}: expected ${expected}\n  stored ${actual}`);
  }
  const storedEvents = await prisma.webhookEvent.count({ where: { sessionId: { startsWith: runId } } });
  if (storedEvents !== events.length) mismatches.push(`stored events: expected ${events.length}, found ${storedEvents}`);
  await prisma.$disconnect();

  const summary = {
    engine,
    events: events.length,
    sessions: truths.length,
    deliveries: deliveries.length,
    kills,
    statusCounts,
    undelivered: failed.length,
    mismatches: mismatches.length,
  };
  for (const mismatch of mismatches.slice(0, 5)) log(`mismatch ${mismatch}`);
  log(mismatches.length === 0 && failed.length === 0 ? "every figure equals the ground truth" : "FAILED");
  console.log(JSON.stringify(summary));
  process.exit(mismatches.length === 0 && failed.length === 0 && kills === KILL_POINTS.length ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error("[fault-drill] failed:", error);
  process.exit(1);
});
