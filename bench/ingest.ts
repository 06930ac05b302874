/**
 * Webhook ingest benchmark: autocannon on loopback against the production
 * server (`next start`), posting a stream of peer and session events with 5%
 * redeliveries, next to /api/bench/noop in the same server. For each engine it
 * measures the maximum rate of both routes, then latency at half of the
 * webhook's maximum rate.
 *
 *   npx tsx bench/ingest.ts                       # SQLite, and PostgreSQL when BENCH_POSTGRES_URL is set
 *   npx tsx bench/ingest.ts --engines sqlite --duration 10
 *
 * Needs a production build. Every load run is bounded by --duration and aimed at 127.0.0.1.
 */
import { parseArgs } from "node:util";

import autocannon from "autocannon";

import type { DatabaseEngine } from "../lib/db-url";
import { buildSessions, faultyDeliveries, seededRandom } from "./lib/ground-truth";
import { saveResult } from "./lib/report";
import { BENCH_WEBHOOK_SECRET, freshDatabase, postgresServerUrl, ProductionServer, requireProductionBuild } from "./lib/server";

const { values: options } = parseArgs({
  options: {
    engines: { type: "string", default: postgresServerUrl() ? "sqlite,postgresql" : "sqlite" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "16" },
    port: { type: "string", default: "3630" },
    label: { type: "string", default: "current" },
    help: { type: "boolean", default: false },
  },
});

if (options.help) {
  console.log(`Usage: tsx bench/ingest.ts [options]
  --engines LIST     comma-separated: sqlite, postgresql (default: sqlite, plus postgresql when BENCH_POSTGRES_URL is set)
  --duration S       seconds of each measured run (default 10)
  --connections N    concurrent connections of the maximum-rate runs (default 16)
  --port N           port of the server on 127.0.0.1 (default 3630)
  --label NAME       name of the result file .tmp/bench/ingest-NAME.json (default current)`);
  process.exit(0);
}

const durationSeconds = Number(options.duration);
const connections = Number(options.connections);
const WARMUP_SECONDS = 3;

/** Endless supply of webhook bodies: sessions of 40 people, in arrival order, with 5% redeliveries and 2% reordering. */
function eventStream(): () => string {
  const random = seededRandom(4242);
  let queue: string[] = [];
  let batch = 0;
  return () => {
    if (queue.length === 0) {
      const sessions = buildSessions(`ingest${Date.now().toString(36)}b${batch++}`, 20 * 120, 20, random);
      // Each session's events in time order, as 100ms sends them; the sessions run side by side.
      const timeOf = (event: { timestamp: string }) => Date.parse(event.timestamp);
      const events = sessions.flatMap((session) => session.events).sort((a, b) => timeOf(a) - timeOf(b));
      queue = faultyDeliveries(events, 0.05, 0.02, random).map((event) => JSON.stringify(event));
    }
    return queue.shift() as string;
  };
}

interface RunResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, body: () => string, seconds: number, rate?: number): Promise<RunResult> {
  const result = await autocannon({
    url,
    connections: rate ? Math.min(connections, 8) : connections,
    duration: seconds,
    overallRate: rate,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json", "x-webhook-secret": BENCH_WEBHOOK_SECRET },
        setupRequest: (request) => ({ ...request, body: body() }),
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function benchEngine(engine: DatabaseEngine) {
  const databaseUrl = await freshDatabase(engine, `rollcall_bench_ingest`, postgresServerUrl());
  const server = new ProductionServer({
    port: Number(options.port),
    databaseUrl,
    env: { BENCH_ROUTES: "1" },
    logFile: `.tmp/bench/ingest-${engine}-server.log`,
  });
  await server.start();
  try {
    const noopUrl = `${server.baseUrl}/api/bench/noop`;
    const webhookUrl = `${server.baseUrl}/api/webhooks/100ms`;
    const nextEvent = eventStream();

    await load(noopUrl, nextEvent, WARMUP_SECONDS);
    const noopMax = await load(noopUrl, nextEvent, durationSeconds);
    await load(webhookUrl, nextEvent, WARMUP_SECONDS);
    const webhookMax = await load(webhookUrl, nextEvent, durationSeconds);

    const halfRate = Math.max(1, Math.round(webhookMax.requestsPerSecond / 2));
    const webhookHalf = await load(webhookUrl, nextEvent, durationSeconds, halfRate);
    const noopHalf = await load(noopUrl, nextEvent, durationSeconds, halfRate);

    const throughputRatio = webhookMax.requestsPerSecond / noopMax.requestsPerSecond;
    const summary = {
      engine,
      noopMax,
      webhookMax,
      halfRate,
      webhookHalf,
      noopHalf,
      throughputRatio,
      throughputTarget: 0.7,
      p99TargetMs: 25,
    };
    console.log(
      `[ingest] ${engine}: noop ${noopMax.requestsPerSecond.toFixed(0)} req/s, webhook ${webhookMax.requestsPerSecond.toFixed(0)} req/s ` +
        `(${(throughputRatio * 100).toFixed(0)}% of noop; target 70%), at ${halfRate} req/s p50 ${webhookHalf.p50Ms} ms p99 ${webhookHalf.p99Ms} ms (target 25 ms); ` +
        `non-2xx ${webhookMax.non2xx + webhookHalf.non2xx}, errors ${webhookMax.errors + webhookHalf.errors}`,
    );
    return summary;
  } finally {
    await server.stop("SIGTERM");
  }
}

async function main(): Promise<void> {
  requireProductionBuild();
  const results = [];
  for (const engine of options.engines.split(",") as DatabaseEngine[]) {
    if (engine !== "sqlite" && engine !== "postgresql") throw new Error(`invalid engine "${engine}": use sqlite or postgresql`);
    results.push(await benchEngine(engine));
  }
  console.log(`[ingest] results in ${saveResult(`ingest-${options.label}`, results)}`);
}

main().catch((error: unknown) => {
  console.error("[ingest] failed:", error);
  process.exit(1);
});
