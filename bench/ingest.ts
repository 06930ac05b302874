/**
 * Webhook ingest benchmark on loopback against the production server
 * (`next start`), posting a stream of peer and session events with 5%
 * redeliveries, next to /api/bench/noop in the same server. For each engine it
 * measures the maximum rate of both routes with autocannon, then latency at
 * half of the webhook's maximum rate with evenly spaced requests
 * (`bench/lib/paced-load.ts`) and, for comparison, with autocannon's
 * `overallRate`, which sends each second's requests in one burst. The runs of
 * the two routes alternate for --rounds rounds, so that both see the same
 * moments of a shared machine. Throughput is the median of the rounds, and
 * the percentiles pool the latencies of all rounds.
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
import { pacedLoad, summarizePacedRuns, type PacedRun } from "./lib/paced-load";
import { saveResult } from "./lib/report";
import { BENCH_WEBHOOK_SECRET, freshDatabase, postgresServerUrl, ProductionServer, requireProductionBuild } from "./lib/server";

const { values: options } = parseArgs({
  options: {
    engines: { type: "string", default: postgresServerUrl() ? "sqlite,postgresql" : "sqlite" },
    duration: { type: "string", default: "5" },
    rounds: { type: "string", default: "3" },
    connections: { type: "string", default: "16" },
    port: { type: "string", default: "3630" },
    label: { type: "string", default: "current" },
    help: { type: "boolean", default: false },
  },
});

if (options.help) {
  console.log(`Usage: tsx bench/ingest.ts [options]
  --engines LIST     comma-separated: sqlite, postgresql (default: sqlite, plus postgresql when BENCH_POSTGRES_URL is set)
  --duration S       seconds of each measured run (default 5)
  --rounds N         measured runs of each route at each rate, alternating between the routes (default 3)
  --connections N    concurrent connections of the maximum-rate runs (default 16)
  --port N           port of the server on 127.0.0.1 (default 3630)
  --label NAME       name of the result file .tmp/bench/ingest-NAME.json (default current)`);
  process.exit(0);
}

const durationSeconds = Number(options.duration);
const rounds = Number(options.rounds);
const connections = Number(options.connections);
for (const [name, value] of [["duration", durationSeconds], ["rounds", rounds], ["connections", connections]] as const) {
  if (!Number.isInteger(value) || value < 1) {
    console.error(`invalid --${name} "${options[name]}": use a whole number of 1 or more`);
    process.exit(2);
  }
}
const WARMUP_SECONDS = 3;

/**
 * Returns a supply of webhook bodies: sessions of 40 people, in arrival order,
 * with 5% redeliveries and 2% reordering. The bodies are generated before the
 * load starts, so that generating them does not delay requests.
 */
function eventStream(count: number): () => string {
  const random = seededRandom(4242);
  const bodies: string[] = [];
  for (let batch = 0; bodies.length < count; batch++) {
    const sessions = buildSessions(`ingest${Date.now().toString(36)}b${batch}`, 20 * 120, 20, random);
    // Each session's events in time order, as 100ms sends them; the sessions run side by side.
    const timeOf = (event: { timestamp: string }) => Date.parse(event.timestamp);
    const events = sessions.flatMap((session) => session.events).sort((a, b) => timeOf(a) - timeOf(b));
    for (const event of faultyDeliveries(events, 0.05, 0.02, random)) bodies.push(JSON.stringify(event));
  }
  let next = 0;
  return () => {
    if (next === bodies.length) throw new Error(`ran out of the ${bodies.length} generated webhook bodies: raise the count in eventStream`);
    return bodies[next++];
  };
}

const WEBHOOK_HEADERS = { "content-type": "application/json", "x-webhook-secret": BENCH_WEBHOOK_SECRET };

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
        headers: WEBHOOK_HEADERS,
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

function sum(runs: readonly RunResult[], key: "non2xx" | "errors"): number {
  return runs.reduce((total, run) => total + run[key], 0);
}

/** Returns the run with the median rate. With an even count, it returns the lower of the two middle runs. */
function medianRun(runs: readonly RunResult[]): RunResult {
  const sorted = [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[Math.floor((sorted.length - 1) / 2)];
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
    // Enough bodies for every run at up to 1,500 requests per second.
    const nextEvent = eventStream(1_500 * (2 * WARMUP_SECONDS + (4 * rounds + 2) * durationSeconds));
    const paced = () => ({ method: "POST" as const, headers: WEBHOOK_HEADERS, body: nextEvent() });

    await load(noopUrl, nextEvent, WARMUP_SECONDS);
    await load(webhookUrl, nextEvent, WARMUP_SECONDS);
    const noopMaxRuns: RunResult[] = [];
    const webhookMaxRuns: RunResult[] = [];
    for (let round = 0; round < rounds; round++) {
      noopMaxRuns.push(await load(noopUrl, nextEvent, durationSeconds));
      webhookMaxRuns.push(await load(webhookUrl, nextEvent, durationSeconds));
    }
    const noopMax = medianRun(noopMaxRuns);
    const webhookMax = medianRun(webhookMaxRuns);

    const halfRate = Math.max(1, Math.round(webhookMax.requestsPerSecond / 2));
    const webhookPacedRuns: PacedRun[] = [];
    const noopPacedRuns: PacedRun[] = [];
    for (let round = 0; round < rounds; round++) {
      webhookPacedRuns.push(await pacedLoad(webhookUrl, halfRate, durationSeconds, paced));
      noopPacedRuns.push(await pacedLoad(noopUrl, halfRate, durationSeconds, paced));
    }
    const webhookHalf = summarizePacedRuns(webhookPacedRuns);
    const noopHalf = summarizePacedRuns(noopPacedRuns);
    const webhookHalfBursts = await load(webhookUrl, nextEvent, durationSeconds, halfRate);
    const noopHalfBursts = await load(noopUrl, nextEvent, durationSeconds, halfRate);

    const throughputRatio = webhookMax.requestsPerSecond / noopMax.requestsPerSecond;
    const summary = {
      engine,
      rounds,
      noopMax,
      webhookMax,
      noopMaxRuns,
      webhookMaxRuns,
      halfRate,
      webhookHalf,
      noopHalf,
      webhookHalfByRound: webhookPacedRuns.map((run) => summarizePacedRuns([run])),
      noopHalfByRound: noopPacedRuns.map((run) => summarizePacedRuns([run])),
      webhookHalfBursts,
      noopHalfBursts,
      throughputRatio,
      throughputTarget: 0.7,
      p99TargetMs: 25,
    };
    console.log(
      `[ingest] ${engine}: noop ${noopMax.requestsPerSecond.toFixed(0)} req/s, webhook ${webhookMax.requestsPerSecond.toFixed(0)} req/s ` +
        `(${(throughputRatio * 100).toFixed(0)}% of noop; target 70%), at ${halfRate} req/s p50 ${webhookHalf.p50Ms} ms p99 ${webhookHalf.p99Ms} ms (target 25 ms; no-op ${noopHalf.p99Ms} ms), ` +
        `in bursts p99 ${webhookHalfBursts.p99Ms} ms (no-op ${noopHalfBursts.p99Ms} ms); ` +
        `webhook non-2xx ${sum(webhookMaxRuns, "non2xx") + webhookHalf.non2xx + webhookHalfBursts.non2xx}, ` +
        `errors ${sum(webhookMaxRuns, "errors") + webhookHalf.errors + webhookHalfBursts.errors}`,
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
