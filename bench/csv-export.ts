/**
 * CSV streaming benchmark: downloads the per-person attendance CSV of a
 * session of 1,000,000 people from the production server and reports rows
 * per second and the server's peak resident set size (VmHWM).
 *
 *   npx tsx bench/csv-export.ts [--engine sqlite|postgresql] [--people 1000000] [--port 3640] [--node-options=--max-old-space-size=96]
 *
 * --node-options sets NODE_OPTIONS of the server only. PostgreSQL needs
 * BENCH_POSTGRES_URL or TEST_POSTGRES_URL. Needs a production build.
 */
import { parseArgs } from "node:util";

import { seededRandom } from "./lib/ground-truth";
import { saveResult } from "./lib/report";
import { adminCookie, seedSession } from "./lib/seed";
import { BENCH_NEXTAUTH_SECRET, freshDatabase, parseEngine, postgresServerUrl, ProductionServer, requireProductionBuild } from "./lib/server";

const { values: options } = parseArgs({
  options: {
    engine: { type: "string", default: "sqlite" },
    people: { type: "string", default: "1000000" },
    port: { type: "string", default: "3640" },
    "node-options": { type: "string", default: "" },
  },
});

/** 200 MB, in bytes (190.7 MiB). */
const RSS_LIMIT_BYTES = 200_000_000;

async function main(): Promise<void> {
  requireProductionBuild();
  const people = Number(options.people);
  const engine = parseEngine(options.engine);
  const databaseUrl = await freshDatabase(engine, "rollcall_bench_csv", postgresServerUrl());
  const seedStarted = performance.now();
  const session = await seedSession(databaseUrl, "csv-bench", people, people, seededRandom(5));
  console.log(`[csv] seeded ${people} people in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
  const cookie = await adminCookie(databaseUrl, BENCH_NEXTAUTH_SECRET);

  const nodeOptions = options["node-options"];
  const server = new ProductionServer({
    port: Number(options.port),
    databaseUrl,
    logFile: ".tmp/bench/csv-server.log",
    env: nodeOptions ? { NODE_OPTIONS: nodeOptions } : {},
  });
  await server.start();
  try {
    // A first small request loads the route's code and the database client, which the server keeps either way.
    const warmUp = await fetch(`${server.baseUrl}/sessions/no-such-session/attendance.csv`, { headers: { cookie } });
    if (warmUp.status !== 404) throw new Error(`warm-up request got ${warmUp.status}`);
    const rssBeforeBytes = server.peakRssBytes();
    const started = performance.now();
    const response = await fetch(`${server.baseUrl}/sessions/${session.sessionId}/attendance.csv`, { headers: { cookie }, signal: AbortSignal.timeout(600_000) });
    if (response.status !== 200 || !response.body) throw new Error(`CSV download got ${response.status}`);

    let lines = 0;
    let bytes = 0;
    let firstByteMs: number | undefined;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) break;
      firstByteMs ??= performance.now() - started;
      bytes += chunk.byteLength;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 0x0a) lines++;
    }
    const seconds = (performance.now() - started) / 1000;
    const rows = lines - 1;
    const peakRssBytes = server.peakRssBytes();
    if (rows !== people) throw new Error(`expected ${people} rows, got ${rows}`);

    const result = {
      engine,
      nodeOptions,
      rows,
      bytes,
      seconds,
      rowsPerSecond: rows / seconds,
      firstByteMs,
      rssBeforeMiB: rssBeforeBytes / 2 ** 20,
      peakRssMiB: peakRssBytes / 2 ** 20,
      limitMB: RSS_LIMIT_BYTES / 1e6,
      peakRssMB: peakRssBytes / 1e6,
      ratio: peakRssBytes / RSS_LIMIT_BYTES,
    };
    console.log(
      `[csv] ${engine}: ${rows} rows, ${(bytes / 2 ** 20).toFixed(0)} MiB in ${seconds.toFixed(1)} s: ${result.rowsPerSecond.toFixed(0)} rows/s, ` +
        `first byte after ${firstByteMs?.toFixed(0)} ms, server peak RSS after a warm-up request ${result.rssBeforeMiB.toFixed(0)} MiB, peak ${result.peakRssMiB.toFixed(0)} MiB = ${result.peakRssMB.toFixed(0)} MB (limit 200 MB, ${(result.ratio * 100).toFixed(0)}%)`,
    );
    console.log(`[csv] results in ${saveResult(`csv-export-${engine}`, result)}`);
  } finally {
    await server.stop("SIGTERM");
  }
}

main().catch((error: unknown) => {
  console.error("[csv] failed:", error);
  process.exit(1);
});
