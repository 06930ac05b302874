/**
 * Session page benchmark: server render time of /sessions/ID for a session of
 * 1,000 people with 3,000 peers, next to the same page for 10 people with 30
 * peers, on the production server with a signed-in admin.
 *
 *   npx tsx bench/page-render.ts [--engine sqlite|postgresql] [--requests 30] [--port 3650]
 *
 * Requests alternate between the two pages, one at a time, after 5 warm-up
 * requests each; the figure is the median time to the last byte. PostgreSQL
 * needs BENCH_POSTGRES_URL or TEST_POSTGRES_URL. Needs a production build.
 */
import { parseArgs } from "node:util";

import { seededRandom } from "./lib/ground-truth";
import { saveResult } from "./lib/report";
import { adminCookie, seedSession } from "./lib/seed";
import { BENCH_NEXTAUTH_SECRET, freshDatabase, parseEngine, postgresServerUrl, ProductionServer, requireProductionBuild } from "./lib/server";

const { values: options } = parseArgs({
  options: {
    engine: { type: "string", default: "sqlite" },
    requests: { type: "string", default: "30" },
    port: { type: "string", default: "3650" },
    help: { type: "boolean", default: false },
  },
});

if (options.help) {
  console.log(`Usage: tsx bench/page-render.ts [options]
  --engine NAME  sqlite or postgresql (default sqlite)
  --requests N   measured requests of each page, after 5 warm-ups each (default 30)
  --port N       port of the server on 127.0.0.1 (default 3650)`);
  process.exit(0);
}

const WARMUP_REQUESTS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  requireProductionBuild();
  const engine = parseEngine(options.engine);
  const databaseUrl = await freshDatabase(engine, "rollcall_bench_page", postgresServerUrl());
  const random = seededRandom(11);
  const large = await seedSession(databaseUrl, "page-large", 1_000, 3_000, random);
  const small = await seedSession(databaseUrl, "page-small", 10, 30, random);
  const cookie = await adminCookie(databaseUrl, BENCH_NEXTAUTH_SECRET);

  const server = new ProductionServer({ port: Number(options.port), databaseUrl, logFile: ".tmp/bench/page-server.log" });
  await server.start();
  try {
    const render = async (sessionId: string): Promise<{ ms: number; bytes: number }> => {
      const started = performance.now();
      const response = await fetch(`${server.baseUrl}/sessions/${sessionId}`, { headers: { cookie }, signal: AbortSignal.timeout(60_000) });
      const body = await response.text();
      const ms = performance.now() - started;
      if (response.status !== 200) throw new Error(`/sessions/${sessionId} got ${response.status}`);
      return { ms, bytes: body.length };
    };

    for (let i = 0; i < WARMUP_REQUESTS; i++) {
      await render(large.sessionId);
      await render(small.sessionId);
    }
    const largeTimes: number[] = [];
    const smallTimes: number[] = [];
    let largeBytes = 0;
    let smallBytes = 0;
    for (let i = 0; i < Number(options.requests); i++) {
      const big = await render(large.sessionId);
      const little = await render(small.sessionId);
      largeTimes.push(big.ms);
      smallTimes.push(little.ms);
      largeBytes = big.bytes;
      smallBytes = little.bytes;
    }

    const result = {
      engine,
      requests: Number(options.requests),
      large: { people: large.people, peers: large.peers, medianMs: median(largeTimes), htmlBytes: largeBytes },
      small: { people: small.people, peers: small.peers, medianMs: median(smallTimes), htmlBytes: smallBytes },
      ratio: median(largeTimes) / median(smallTimes),
      target: 3,
    };
    console.log(
      `[page] ${engine}: 1,000 people / 3,000 peers: ${result.large.medianMs.toFixed(0)} ms (${(largeBytes / 1024).toFixed(0)} KiB); ` +
        `10 people / 30 peers: ${result.small.medianMs.toFixed(0)} ms; ratio ${result.ratio.toFixed(2)} (target 3)`,
    );
    console.log(`[page] results in ${saveResult(`page-render-${engine}`, result)}`);
  } finally {
    await server.stop("SIGTERM");
  }
}

main().catch((error: unknown) => {
  console.error("[page] failed:", error);
  process.exit(1);
});
