/**
 * Command line of the 100ms simulator, shared by `npm run simulator` and
 * `npm run demo`: serves the 100ms REST API on loopback and optionally plays
 * a scenario to a Rollcall server's webhook endpoint.
 */
import path from "node:path";
import { parseArgs } from "node:util";

import { createSeededRandom } from "../demo/demo-class";
import { buildDemoTimeline } from "./demo-timeline";
import { httpDeliver, playTimeline, waitForReceiver, type Timeline } from "./playback";
import { compileScenario, readScenarioFile } from "./scenario";
import { startSimulator, type RunningSimulator } from "./server";

export const DEFAULT_SIMULATOR_PORT = 4010;
export const SIMULATOR_ACCESS_KEY = "simulator-access-key";
export const SIMULATOR_APP_SECRET = "simulator-app-secret-not-for-production";
const DEFAULT_SECRET_HEADER = "x-webhook-secret";
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const SIMULATOR_HELP = `Usage: npm run simulator -- [options]

Serves a local stand-in for the 100ms REST API (v2) on 127.0.0.1 and, with
--play, plays a scenario to a Rollcall server as 100ms webhooks. It keeps
serving until interrupted (Ctrl-C), unless --exit-after-play is given.

Options:
  --port N                  Port of the API (default $SIMULATOR_PORT or ${DEFAULT_SIMULATOR_PORT}; 0 picks a free port)
  --play FILE|demo          Scenario file (JSON, see lib/simulator/scenarios/) or "demo" for the demo class
  --url URL                 Base URL of the Rollcall server (default http://127.0.0.1:$PORT, or port 3000)
  --speed N                 Scenario minutes played per real minute (default 60)
  --duration-seconds N      Seconds over which the demo class is delivered (default 8)
  --duplicate-rate R        Share of peer events delivered twice, 0 to 1 (default 0)
  --reorder-rate R          Share of deliveries swapped with the next one, 0 to 1 (default 0)
  --drop-rate R             Share of peer events never delivered, 0 to 1 (default 0)
  --seed N                  Integer seed for the demo class and the random faults
  --exit-after-play         Exit once every delivery and retry has finished
  -h, --help                Print this help

Environment:
  HMS_ACCESS_KEY, HMS_APP_SECRET   Credentials that tokens must be signed with
                            (default ${SIMULATOR_ACCESS_KEY} and a fixed development secret)
  WEBHOOK_SECRET            If set, sent in the header named by WEBHOOK_SECRET_HEADER
  WEBHOOK_SECRET_HEADER     Header name for the secret (default ${DEFAULT_SECRET_HEADER})
`;

export class UsageError extends Error {}

interface CliOptions {
  port: number;
  play?: string;
  url: string;
  speed: number;
  spreadMs: number;
  duplicateRate: number;
  reorderRate: number;
  dropRate: number;
  seed?: number;
  exitAfterPlay: boolean;
  headers: Record<string, string>;
  accessKey: string;
  appSecret: string;
}

function number(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`Invalid --${name} "${text}": expected a number from ${min} to ${max}`);
  }
  return value;
}

export function parseSimulatorOptions(argv: string[], env: NodeJS.ProcessEnv): CliOptions | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: "string" },
        play: { type: "string" },
        url: { type: "string" },
        speed: { type: "string" },
        "duration-seconds": { type: "string" },
        "duplicate-rate": { type: "string" },
        "reorder-rate": { type: "string" },
        "drop-rate": { type: "string" },
        seed: { type: "string" },
        "exit-after-play": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return "help";

  const url = values.url ?? `http://127.0.0.1:${env.PORT || "3000"}`;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new UsageError(`Invalid server URL "${url}": expected an http:// or https:// URL, such as http://127.0.0.1:3000`);
  }

  let seed: number | undefined;
  if (values.seed !== undefined) {
    seed = Number(values.seed);
    if (!Number.isSafeInteger(seed)) throw new UsageError(`Invalid --seed "${values.seed}": expected an integer`);
  }

  const headers: Record<string, string> = {};
  if (env.WEBHOOK_SECRET) {
    const headerName = env.WEBHOOK_SECRET_HEADER || DEFAULT_SECRET_HEADER;
    if (!HEADER_NAME.test(headerName)) {
      throw new UsageError(`Invalid WEBHOOK_SECRET_HEADER "${headerName}": expected an HTTP header name, such as ${DEFAULT_SECRET_HEADER}`);
    }
    headers[headerName.toLowerCase()] = env.WEBHOOK_SECRET;
  }

  return {
    port: number("port", values.port ?? env.SIMULATOR_PORT, DEFAULT_SIMULATOR_PORT, 0, 65_535),
    play: values.play,
    url,
    speed: number("speed", values.speed, 60, 0.001, 1_000_000),
    spreadMs: number("duration-seconds", values["duration-seconds"], 8, 0, 3_600) * 1000,
    duplicateRate: number("duplicate-rate", values["duplicate-rate"], 0, 0, 1),
    reorderRate: number("reorder-rate", values["reorder-rate"], 0, 0, 1),
    dropRate: number("drop-rate", values["drop-rate"], 0, 0, 1),
    seed,
    exitAfterPlay: values["exit-after-play"] ?? false,
    headers,
    accessKey: env.HMS_ACCESS_KEY || SIMULATOR_ACCESS_KEY,
    appSecret: env.HMS_APP_SECRET || SIMULATOR_APP_SECRET,
  };
}

function buildTimeline(options: CliOptions, random: () => number): Timeline {
  if (options.play === "demo") return buildDemoTimeline({ nowMs: Date.now(), random, spreadMs: options.spreadMs });
  const scenario = readScenarioFile(path.resolve(options.play!));
  return compileScenario(scenario, { speed: options.speed });
}

/** Runs the simulator command; resolves to the exit status once it should exit. */
export async function runSimulatorCli(argv: string[], env: NodeJS.ProcessEnv, help = SIMULATOR_HELP): Promise<number> {
  let options: CliOptions | "help";
  try {
    options = parseSimulatorOptions(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\nRun with --help for the options.`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(help);
    return 0;
  }

  const random = options.seed === undefined ? Math.random : createSeededRandom(options.seed);
  let timeline: Timeline | undefined;
  try {
    if (options.play) timeline = buildTimeline(options, random);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }

  let simulator: RunningSimulator;
  try {
    simulator = await startSimulator({ port: options.port, accessKey: options.accessKey, appSecret: options.appSecret });
  } catch (error) {
    console.error(`The simulator could not listen on 127.0.0.1:${options.port}: ${error instanceof Error ? error.message : String(error)}. Pass --port with a free port.`);
    return 1;
  }
  console.log(`[simulator] 100ms API on ${simulator.apiBase} (access key ${options.accessKey}); set HMS_API_BASE to it.`);

  let status = 0;
  if (timeline) {
    const secretHeader = Object.keys(options.headers)[0];
    console.log(`[simulator] playing ${options.play} (session ${timeline.sessionId}) to ${options.url}${secretHeader ? ` with header ${secretHeader}` : ""}`);
    try {
      await waitForReceiver(options.url, 60_000);
      const result = await playTimeline(timeline, {
        store: simulator.store,
        deliver: httpDeliver(options.url, options.headers),
        duplicateRate: options.duplicateRate,
        reorderRate: options.reorderRate,
        dropRate: options.dropRate,
        random,
        log: (line) => console.log(`[simulator] ${line}`),
      });
      console.log(
        `[simulator] sent ${result.sent} deliveries (${result.duplicated} duplicated, ${result.reordered} reordered, ${result.dropped} dropped), ${result.retries} retries, ${result.rejected} rejected after retries.`,
      );
      console.log(`[simulator] session page: ${new URL(`sessions/${encodeURIComponent(timeline.sessionId)}`, options.url.endsWith("/") ? options.url : `${options.url}/`)}`);
      status = result.rejected > 0 ? 1 : 0;
    } catch (error) {
      console.error(`[simulator] ${error instanceof Error ? error.message : String(error)}. Start the Rollcall server, or pass --url with its address.`);
      status = 1;
    }
  }

  if (options.exitAfterPlay) {
    await simulator.close();
    return status;
  }
  console.log("[simulator] serving until interrupted (Ctrl-C).");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await simulator.close();
  console.log("[simulator] stopped.");
  return status;
}
