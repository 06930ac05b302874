/**
 * Interval union benchmark: the presence of 300,000 people from 1,000,000
 * peers, next to sorting the same 1,000,000 start times in a Float64Array.
 * Also times computeAttendance, the full per-session computation with names,
 * people objects and ordering, on the same peers, for reference.
 *
 *   npx tsx bench/union.ts [--peers 1000000] [--people 300000] [--repeats 5]
 *
 * Each figure is the median of --repeats runs after one warm-up run.
 */
import { parseArgs } from "node:util";

import { computeAttendance, unionLengthMs, unionLengthsByPerson, type PeerRecord } from "../lib/attendance/compute";
import { seededRandom } from "./lib/ground-truth";
import { saveResult } from "./lib/report";

const { values: options } = parseArgs({
  options: {
    peers: { type: "string", default: "1000000" },
    people: { type: "string", default: "300000" },
    repeats: { type: "string", default: "5" },
  },
});
const peerCount = Number(options.peers);
const personCount = Number(options.people);
const repeats = Number(options.repeats);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs `work` once to warm up, then `repeats` times, and returns the median time in ms. */
function time(work: () => unknown): number {
  work();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return median(times);
}

const random = seededRandom(99);
const sessionStartMs = Date.UTC(2026, 2, 2, 9, 0, 0);
const personIndex = new Uint32Array(peerCount);
const startMs = new Float64Array(peerCount);
const endMs = new Float64Array(peerCount);
for (let i = 0; i < peerCount; i++) {
  // Every person has at least one peer; the rest are spread at random, so some people have many tabs and rejoins.
  personIndex[i] = i < personCount ? i : Math.floor(random() * personCount);
  startMs[i] = sessionStartMs + Math.floor(random() * 2 * 3_600_000);
  endMs[i] = startMs[i] + Math.floor(random() * 45 * 60_000);
}

const sortMs = time(() => new Float64Array(startMs).sort());
const unionMs = time(() => unionLengthsByPerson(personIndex, startMs, endMs, personCount));

// The same peers as records, for the object-based functions.
const peers: PeerRecord[] = Array.from({ length: peerCount }, (_, i) => ({
  peerId: `p${i}`,
  userId: `u${personIndex[i]}`,
  name: `Person ${personIndex[i]}`,
  role: "student",
  joinedAtMs: startMs[i],
  leftAtMs: endMs[i],
}));
const totals = unionLengthsByPerson(personIndex, startMs, endMs, personCount);
const byPerson: { startMs: number; endMs: number }[][] = Array.from({ length: personCount }, () => []);
for (let i = 0; i < peerCount; i++) byPerson[personIndex[i]].push({ startMs: startMs[i], endMs: endMs[i] });
for (let p = 0; p < personCount; p++) {
  if (totals[p] !== unionLengthMs(byPerson[p])) throw new Error(`person ${p}: unionLengthsByPerson ${totals[p]} != unionLengthMs ${unionLengthMs(byPerson[p])}`);
}
const perPersonMs = time(() => byPerson.map((intervals) => unionLengthMs(intervals)));
const computeMs = time(() =>
  computeAttendance({ startedAtMs: sessionStartMs, stoppedAtMs: sessionStartMs + 3 * 3_600_000 }, peers, {
    nowMs: sessionStartMs + 3 * 3_600_000,
    excludedRoles: new Set(),
  }),
);

const result = {
  peers: peerCount,
  people: personCount,
  repeats,
  float64SortMs: sortMs,
  unionLengthsByPersonMs: unionMs,
  ratio: unionMs / sortMs,
  target: 3,
  unionLengthMsPerPersonMs: perPersonMs,
  computeAttendanceMs: computeMs,
};
console.log(
  `[union] ${peerCount} peers of ${personCount} people: Float64Array sort ${sortMs.toFixed(1)} ms, ` +
    `unionLengthsByPerson ${unionMs.toFixed(1)} ms (${result.ratio.toFixed(2)}x the sort; target 3x), ` +
    `unionLengthMs per person ${perPersonMs.toFixed(1)} ms, computeAttendance ${computeMs.toFixed(0)} ms; results match exactly`,
);
console.log(`[union] results in ${saveResult("union", result)}`);
