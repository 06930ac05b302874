/**
 * Posts a generated one-hour class to a running Rollcall server's 100ms
 * webhook endpoint, spread over a few seconds, then prints the URL of the
 * session page.
 *
 *   npx tsx scripts/demo.ts [--url URL] [--duration-seconds N] [--seed N]
 *
 * Exit status: 0 when every event was accepted, 1 when an event was still
 * rejected after its retries or no server responded, 2 for invalid options.
 */
import { parseArgs } from "node:util";

import { buildDemoClass, createSeededRandom, DEMO_ROOM_NAME } from "../lib/demo/demo-class";
import { postDeliveries, resolveUrl, ServerUnavailableError, type PostDeliveriesResult } from "../lib/demo/post-deliveries";

const DEFAULT_SECRET_HEADER = "x-webhook-secret";

/** Maximum rejected deliveries listed in the summary. The progress lines above it show every rejection. */
const MAX_LISTED_REJECTIONS = 10;

/** An HTTP header name as RFC 9110 defines a token. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const HELP = `Usage: npx tsx scripts/demo.ts [options]

Posts a finished demo class (room "${DEMO_ROOM_NAME}", one session of about an hour
that ends now) to a Rollcall server as 100ms webhook events.

Options:
  --url URL                 Base URL of the server (default http://127.0.0.1:$PORT, or port 3000)
  --duration-seconds N      Seconds over which the events are spread (default 8)
  --seed N                  Integer seed for the random ids, timings and delivery order. A second
                            run with the same seed repeats the event ids, which the server reports
                            as duplicates. Without a seed every run makes a new session.
  -h, --help                Print this help

Environment:
  PORT                      Port of the default URL
  WEBHOOK_SECRET            If set, sent in the header named by WEBHOOK_SECRET_HEADER
  WEBHOOK_SECRET_HEADER     Header name for the secret (default ${DEFAULT_SECRET_HEADER})
`;

class UsageError extends Error {}

interface CliOptions {
  base: string;
  spreadMs: number;
  seed?: number;
  headers: Record<string, string>;
}

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): CliOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        url: { type: "string" },
        "duration-seconds": { type: "string" },
        seed: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) return "help";

  const base = values.url ?? `http://127.0.0.1:${env.PORT || "3000"}`;
  if (!URL.canParse(base) || !/^https?:$/.test(new URL(base).protocol)) {
    throw new UsageError(`Invalid server URL "${base}": expected an http:// or https:// URL, such as http://127.0.0.1:3000`);
  }

  const durationText = values["duration-seconds"] ?? "8";
  const durationSeconds = Number(durationText);
  if (durationText.trim() === "" || !Number.isFinite(durationSeconds) || durationSeconds < 0) {
    throw new UsageError(`Invalid --duration-seconds "${durationText}": expected a number of seconds, 0 or more`);
  }

  let seed: number | undefined;
  if (values.seed !== undefined) {
    seed = Number(values.seed);
    if (!Number.isSafeInteger(seed)) throw new UsageError(`Invalid --seed "${values.seed}": expected an integer`);
  }

  const headers: Record<string, string> = {};
  const secret = env.WEBHOOK_SECRET;
  if (secret) {
    const headerName = env.WEBHOOK_SECRET_HEADER || DEFAULT_SECRET_HEADER;
    if (!HEADER_NAME.test(headerName)) {
      throw new UsageError(`Invalid WEBHOOK_SECRET_HEADER "${headerName}": expected an HTTP header name, such as ${DEFAULT_SECRET_HEADER}`);
    }
    headers[headerName.toLowerCase()] = secret;
  }

  return { base, spreadMs: durationSeconds * 1000, seed, headers };
}

function printSummary(base: string, sessionId: string, result: PostDeliveriesResult): void {
  const { deliveries } = result;
  const accepted = deliveries.filter((delivery) => delivery.accepted);
  const rejected = deliveries.filter((delivery) => !delivery.accepted);
  const distinctEvents = new Set(deliveries.map((delivery) => delivery.eventId)).size;

  const outcomes = new Map<string, number>();
  for (const delivery of accepted) {
    const outcome = delivery.outcome ?? "no outcome";
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  const outcomeText = [...outcomes].map(([outcome, count]) => `${count} ${outcome}`).join(", ");

  console.log("");
  console.log(
    `Posted ${deliveries.length} deliveries of ${distinctEvents} events to ${result.webhookUrl} in ${(result.elapsedMs / 1000).toFixed(1)} s.`,
  );
  console.log(`Accepted: ${accepted.length}${outcomeText ? ` (${outcomeText})` : ""}. Rejected after retries: ${rejected.length}.`);
  console.log(`Non-200 responses: ${result.non200Responses}. Requests without a response: ${result.failedRequests}.`);
  for (const delivery of rejected.slice(0, MAX_LISTED_REJECTIONS)) {
    console.log(`  rejected: ${delivery.type} ${delivery.eventId} after ${delivery.attempts} attempts: ${delivery.error ?? `HTTP ${delivery.status}`}`);
  }
  if (rejected.length > MAX_LISTED_REJECTIONS) console.log(`  and ${rejected.length - MAX_LISTED_REJECTIONS} more rejected deliveries`);
  console.log(`Session ${sessionId} in room ${DEMO_ROOM_NAME}: ${resolveUrl(base, `sessions/${encodeURIComponent(sessionId)}`)}`);
}

async function main(): Promise<number> {
  let options: CliOptions | "help";
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\nRun with --help for the options.`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(HELP);
    return 0;
  }

  const random = options.seed === undefined ? Math.random : createSeededRandom(options.seed);
  const bodies = buildDemoClass({ nowMs: Date.now(), random });
  const sessionId = bodies[0].data.session_id;

  console.log(`Posting ${bodies.length} webhook deliveries for session ${sessionId} over ${options.spreadMs / 1000} s.`);
  const secretHeader = Object.keys(options.headers)[0];
  if (secretHeader) console.log(`Sending WEBHOOK_SECRET in header ${secretHeader}.`);

  try {
    const result = await postDeliveries(options.base, bodies, { spreadMs: options.spreadMs, headers: options.headers });
    printSummary(options.base, sessionId, result);
    return result.deliveries.every((delivery) => delivery.accepted) ? 0 : 1;
  } catch (error) {
    if (!(error instanceof ServerUnavailableError)) throw error;
    console.error(`${error.message}. Start the Rollcall server, or pass --url with its address.`);
    return 1;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error("Demo failed:", error);
    process.exitCode = 1;
  },
);
