/**
 * Cost of the webhook ingest alone, in process and without HTTP: parses the
 * bench/ingest.ts stream of events once, then stores half of them one at a
 * time and the other half 16 at a time (one group commit each) on a fresh
 * database, and prints the milliseconds per event.
 *
 *   npx tsx bench/ingest-in-process.ts --engine sqlite
 *   BENCH_POSTGRES_URL=postgresql://... npx tsx bench/ingest-in-process.ts --engine postgresql
 */
import { parseArgs } from "node:util";

import type { DatabaseEngine } from "../lib/db-url";
import { buildSessions, faultyDeliveries, seededRandom } from "./lib/ground-truth";
import { BENCH_NEXTAUTH_SECRET, BENCH_WEBHOOK_SECRET, freshDatabase, postgresServerUrl } from "./lib/server";

const { values: options } = parseArgs({
  options: {
    engine: { type: "string", default: "sqlite" },
    sessions: { type: "string", default: "20" },
    help: { type: "boolean", default: false },
  },
});

if (options.help) {
  console.log(`Usage: tsx bench/ingest-in-process.ts [options]
  --engine NAME      sqlite or postgresql (default sqlite; postgresql needs BENCH_POSTGRES_URL)
  --sessions N       sessions of 40 people to ingest (default 20, about 2,500 events)`);
  process.exit(0);
}

async function main(): Promise<void> {
  const engine = options.engine as DatabaseEngine;
  process.env.DATABASE_URL = await freshDatabase(engine, `ingest_in_process_${engine}`, postgresServerUrl());
  process.env.WEBHOOK_SECRET = BENCH_WEBHOOK_SECRET;
  process.env.NEXTAUTH_SECRET = BENCH_NEXTAUTH_SECRET;
  process.env.LOG_LEVEL = "silent";
  // Imported after DATABASE_URL is set, because lib/env.ts reads it once.
  const { parseWebhookEvent } = await import("../lib/hms/webhook");
  const { closeIngestStore, ingestEvent } = await import("../lib/ingest/ingest-event");

  const random = seededRandom(4242);
  const sessions = buildSessions("inprocess", Number(options.sessions) * 120, Number(options.sessions), random);
  const bodies = faultyDeliveries(
    sessions.flatMap((session) => session.events),
    0.05,
    0.02,
    random,
  ).map((event) => JSON.stringify(event));
  const items = bodies.map((raw) => {
    const parsed = parseWebhookEvent(JSON.parse(raw));
    if (!parsed.ok) throw new Error(`generated event is invalid: ${parsed.message}`);
    return { raw, event: parsed.event };
  });

  const half = Math.floor(items.length / 2);
  let started = performance.now();
  for (const item of items.slice(0, half)) await ingestEvent(item.event, item.raw, Date.now());
  const oneAtATimeMs = (performance.now() - started) / half;

  const rest = items.slice(half);
  started = performance.now();
  for (let index = 0; index < rest.length; index += 16) {
    await Promise.all(rest.slice(index, index + 16).map((item) => ingestEvent(item.event, item.raw, Date.now())));
  }
  const groupsOf16Ms = (performance.now() - started) / rest.length;

  await closeIngestStore();
  console.log(
    `[ingest-in-process] ${engine}: ${items.length} events, ${oneAtATimeMs.toFixed(3)} ms per event one at a time, ` +
      `${groupsOf16Ms.toFixed(3)} ms per event 16 at a time`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
