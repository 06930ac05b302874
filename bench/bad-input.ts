/**
 * Bad-input drill: sends generated malformed and hostile webhook bodies to
 * the production server and checks that each one gets a 4xx status and that
 * the database is unchanged afterwards (same rows, same SHA-256).
 *
 *   npx tsx bench/bad-input.ts                             # SQLite, 5,000 bodies
 *   BENCH_POSTGRES_URL=postgresql://... npx tsx bench/bad-input.ts --engine postgresql
 *
 * Needs a production build. Exits 0 only when every body got a 4xx and
 * nothing changed; the last output line is a JSON summary.
 */
import { parseArgs } from "node:util";

import type { DatabaseEngine } from "../lib/db-url";
import { seededRandom } from "./lib/ground-truth";
import { categoryOf, generateHostilePayloads, targetEvents } from "./lib/hostile-payloads";
import { postDelivery } from "./lib/send";
import { freshDatabase, postgresServerUrl, ProductionServer, requireProductionBuild } from "./lib/server";
import { databaseFingerprint } from "./lib/snapshot";

const { values: options } = parseArgs({
  options: {
    engine: { type: "string", default: "sqlite" },
    count: { type: "string", default: "5000" },
    port: { type: "string", default: "3621" },
    database: { type: "string", default: "rollcall_bad_input" },
    seed: { type: "string", default: "20260303" },
    help: { type: "boolean", default: false },
  },
});

if (options.help) {
  console.log(`Usage: tsx bench/bad-input.ts [options]
  --engine sqlite|postgresql  database engine (PostgreSQL server from BENCH_POSTGRES_URL or TEST_POSTGRES_URL)
  --count N                   hostile bodies to send (default 5000)
  --port N                    port of the server started on 127.0.0.1 (default 3621)
  --database NAME             SQLite file .tmp/bench/NAME.db or PostgreSQL database NAME, emptied first
  --seed N                    seed of the generator (default 20260303)`);
  process.exit(0);
}

function log(message: string): void {
  console.log(`[bad-input] ${message}`);
}

async function main(): Promise<void> {
  const engine = options.engine as DatabaseEngine;
  if (engine !== "sqlite" && engine !== "postgresql") throw new Error(`invalid --engine "${options.engine}": use sqlite or postgresql`);
  requireProductionBuild();

  const databaseUrl = await freshDatabase(engine, options.database, postgresServerUrl());
  const server = new ProductionServer({ port: Number(options.port), databaseUrl, logFile: `.tmp/bench/${options.database}-server.log` });
  await server.start();

  const target = { sessionId: "bad-input-session", peerId: "bad-input-peer", userId: "bad-input-user" };
  for (const event of targetEvents(target)) {
    const status = await postDelivery(server.baseUrl, JSON.stringify(event));
    if (status !== 200) throw new Error(`seeding ${event.type} got ${status}`);
  }

  process.env.DATABASE_URL = databaseUrl;
  process.env.LOG_LEVEL = "silent";
  const { prisma } = await import("../lib/db");
  const before = await databaseFingerprint(prisma);

  const payloads = generateHostilePayloads(target, Number(options.count), seededRandom(Number(options.seed)));
  const byCategory: Record<string, Record<string, number>> = {};
  const failures: string[] = [];
  for (const payload of payloads) {
    const status = await postDelivery(server.baseUrl, payload.body);
    const category = categoryOf(payload);
    byCategory[category] ??= {};
    byCategory[category][status] = (byCategory[category][status] ?? 0) + 1;
    if (status < 400 || status >= 500) failures.push(`${payload.kind}: ${status}`);
  }

  const after = await databaseFingerprint(prisma);
  await prisma.$disconnect();
  await server.stop("SIGTERM");

  const unchanged = before.sha256 === after.sha256;
  for (const failure of failures.slice(0, 10)) log(`not a 4xx: ${failure}`);
  if (!unchanged) log(`database changed: before ${JSON.stringify(before.counts)}, after ${JSON.stringify(after.counts)}`);
  log(failures.length === 0 && unchanged ? `all ${payloads.length} bodies got a 4xx and the database is unchanged` : "FAILED");
  console.log(JSON.stringify({ engine, payloads: payloads.length, not4xx: failures.length, unchanged, byCategory, rows: after.counts }));
  process.exit(failures.length === 0 && unchanged ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error("[bad-input] failed:", error);
  process.exit(1);
});
