/**
 * Open-loop load at a constant rate: request i is due at start + i / rate and
 * goes out then, whether or not earlier requests have finished. Latency runs
 * from the due time to the last byte of the response. Time that a request
 * spent waiting for a free socket or for a late timer therefore counts
 * against the server, which is how wrk2 measures a constant rate.
 *
 * autocannon 8's `overallRate` does not do this. Each connection sends its
 * share of a second's requests back to back and then pauses until the next
 * second, so a "half rate" run is a burst at full speed followed by silence.
 */
import http from "node:http";
import { performance } from "node:perf_hooks";

export interface PacedRequest {
  method: "POST" | "GET";
  headers: Record<string, string>;
  body?: string;
}

/** One paced run: the latency of every response, in milliseconds. */
export interface PacedRun {
  latenciesMs: number[];
  elapsedSeconds: number;
  non2xx: number;
  errors: number;
}

export interface PacedResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/** Sends `rate` requests per second to `url` for `seconds` seconds and returns every response's latency. */
export async function pacedLoad(url: string, rate: number, seconds: number, nextRequest: () => PacedRequest): Promise<PacedRun> {
  if (!(rate > 0)) throw new Error(`invalid rate ${rate}: use a positive number of requests per second`);
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const total = Math.round(rate * seconds);
  const intervalMs = 1000 / rate;
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const pending: Promise<void>[] = [];

  const send = (dueAt: number): Promise<void> => {
    const request = nextRequest();
    return new Promise((resolve) => {
      const outgoing = http.request(
        { host: target.hostname, port: target.port, path: target.pathname + target.search, method: request.method, headers: request.headers, agent },
        (response) => {
          response.resume();
          response.on("end", () => {
            latencies.push(performance.now() - dueAt);
            if ((response.statusCode ?? 0) < 200 || (response.statusCode ?? 0) >= 300) non2xx++;
            resolve();
          });
        },
      );
      outgoing.setTimeout(30_000, () => outgoing.destroy(new Error("timed out after 30 s")));
      outgoing.on("error", () => {
        errors++;
        resolve();
      });
      outgoing.end(request.body);
    });
  };

  const startedAt = performance.now();
  let sent = 0;
  while (sent < total) {
    // Send every request that is due by now, then sleep until the next one is.
    const now = performance.now();
    while (sent < total && startedAt + sent * intervalMs <= now) {
      pending.push(send(startedAt + sent * intervalMs));
      sent++;
    }
    const nextDue = startedAt + sent * intervalMs;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextDue - performance.now())));
  }
  await Promise.all(pending);
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  agent.destroy();
  return { latenciesMs: latencies, elapsedSeconds, non2xx, errors };
}

/** Pools the latencies of several runs and returns their percentiles, to 0.1 ms. */
export function summarizePacedRuns(runs: readonly PacedRun[]): PacedResult {
  const latencies = runs.flatMap((run) => run.latenciesMs).sort((a, b) => a - b);
  const seconds = runs.reduce((sum, run) => sum + run.elapsedSeconds, 0);
  const percentile = (p: number) => (latencies.length === 0 ? NaN : latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    requestsPerSecond: Math.round((latencies.length / seconds) * 10) / 10,
    p50Ms: round(percentile(50)),
    p99Ms: round(percentile(99)),
    maxMs: round(latencies.at(-1) ?? NaN),
    requests: latencies.length,
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
  };
}
