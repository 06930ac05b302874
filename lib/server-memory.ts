/**
 * V8 heap settings of the Rollcall server process. With V8's defaults
 * (Node.js 20) the server's heap grew to about three times its live data
 * during a million-row CSV export. The old generation may grow up to 4×
 * before a full collection, and each young semi-space up to 16 MiB. These
 * settings keep the peak resident set of that export under 200 MB. The growth
 * limit costs garbage collection time, so it applies only while an export
 * streams (bench/csv-export.ts, bench/ingest.ts, docs/benchmarks.md).
 */
import os from "node:os";
import v8 from "node:v8";

/** Largest size of a young-generation semi-space, in MiB; a startup flag, so it goes in NODE_OPTIONS. */
export const SERVER_SEMI_SPACE_MIB = 4;

/** Growth of the old generation's limit after a full collection, in percent of the live data. */
export const HEAP_GROWING_PERCENT = 35;

/**
 * Returns the size of V8's pool of helper threads (concurrent marking,
 * parallel scavenges, background compilation): one fewer than the CPUs, and
 * at least one. Node.js starts 4 by default, and on 2 CPUs they took CPU time
 * from the server's own thread under load (docs/benchmarks.md).
 */
export function serverHelperThreads(cpus: number = os.availableParallelism()): number {
  return Math.max(1, cpus - 1);
}

/**
 * Returns NODE_OPTIONS for a server process: the given options, plus the
 * semi-space size and V8's helper thread count unless they set them already.
 */
export function serverNodeOptions(current: string | undefined, cpus?: number): string {
  const options = [current?.trim() ?? ""];
  // Node.js reads "-" and "_" in option names alike, so either spelling counts as set.
  if (!/--max[-_]semi[-_]space[-_]size\b/.test(options[0])) options.push(`--max-semi-space-size=${SERVER_SEMI_SPACE_MIB}`);
  if (!/--v8[-_]pool[-_]size\b/.test(options[0])) options.push(`--v8-pool-size=${serverHelperThreads(cpus)}`);
  return options.join(" ").trim();
}

/** Number of exports streaming now. The growth limit applies while it is above zero. */
let activeExports = 0;

/**
 * Limits the old generation's growth until the returned function is called.
 * V8 reads the flag each time it sets a new limit after a full collection, so
 * it applies when set at run time (NODE_OPTIONS does not accept it). The limit
 * applies only while an export streams, because a server that kept it all the
 * time had a webhook p99 about 10 ms higher in one benchmark run
 * (docs/benchmarks.md). Overlapping exports share one limit, which ends with
 * the last of them.
 */
export function limitHeapGrowth(): () => void {
  activeExports++;
  if (activeExports === 1) v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    activeExports--;
    // 0 is V8's default: the growth follows the collector's own heuristics again.
    if (activeExports === 0) v8.setFlagsFromString("--heap-growing-percent=0");
  };
}

/** Returns the number of exports that hold the growth limit now. */
export function heapLimitedExports(): number {
  return activeExports;
}
