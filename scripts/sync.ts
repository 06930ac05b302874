/**
 * Imports past sessions from the 100ms Sessions API into the database and
 * reconciles the ones that webhooks already stored.
 *
 *   npm run sync -- --since 2026-11-01 [--until 2026-12-01] [--room ROOM_ID]
 *
 * Exit status: 0 when every session was imported, 1 when some failed or the
 * API could not be read, 2 for invalid options or missing configuration.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";

import cliProgress from "cli-progress";

const HELP = `Usage: npm run sync -- --since DATE [--until DATE] [--room ROOM_ID] [--page-size N]

Imports closed sessions created in [since, until) from the 100ms Sessions API
and reconciles them with what webhooks stored. Running it again over the same
range adds nothing; an interrupted run resumes after the last finished page.

Options:
  --since DATE      Start of the range, as YYYY-MM-DD (UTC midnight) or an RFC 3339 time (required)
  --until DATE      End of the range, exclusive (default: midnight UTC at the end of today)
  --room ROOM_ID    Import only this room's sessions
  --page-size N     Sessions per API request, 10 to 100 (default 100)
  -h, --help        Print this help

Environment: HMS_ACCESS_KEY, HMS_APP_SECRET and HMS_API_BASE select the 100ms
app; DATABASE_URL selects the database.
`;

class UsageError extends Error {}

function parseDate(name: string, text: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Date.parse(text);
  if (Number.isNaN(ms)) throw new UsageError(`Invalid --${name} "${text}": expected YYYY-MM-DD or an RFC 3339 time such as 2026-11-01T00:00:00Z`);
  return ms;
}

function parseOptions(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        since: { type: "string" },
        until: { type: "string" },
        room: { type: "string" },
        "page-size": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return "help" as const;
  if (!values.since) throw new UsageError("Missing --since: give the start of the range, such as --since 2026-11-01");

  const sinceMs = parseDate("since", values.since);
  const endOfToday = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1);
  const untilMs = values.until ? parseDate("until", values.until) : endOfToday;
  if (untilMs <= sinceMs) throw new UsageError(`--until ${new Date(untilMs).toISOString()} must be after --since ${new Date(sinceMs).toISOString()}`);

  const pageSize = Number(values["page-size"] ?? "100");
  if (!Number.isInteger(pageSize) || pageSize < 10 || pageSize > 100) {
    throw new UsageError(`Invalid --page-size "${values["page-size"]}": expected an integer from 10 to 100`);
  }
  return { sinceMs, untilMs, roomId: values.room || undefined, pageSize };
}

async function main(): Promise<number> {
  if (fs.existsSync(".env")) process.loadEnvFile(".env");

  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\nRun with --help for the options.`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(HELP);
    return 0;
  }

  // Imported after .env is loaded, because the configuration is read once on first use.
  const { EnvError } = await import("../lib/env");
  let client;
  try {
    const { createHmsClientFromEnv } = await import("../lib/hms/client-from-env");
    client = createHmsClientFromEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    return 2;
  }
  if (!client) {
    console.error("HMS_ACCESS_KEY and HMS_APP_SECRET are not set: sync needs the 100ms app's access key and secret.");
    return 2;
  }

  const { runBackfill } = await import("../lib/sync/backfill");
  const range = `${new Date(options.sinceMs).toISOString()} to ${new Date(options.untilMs).toISOString()}${options.roomId ? ` in room ${options.roomId}` : ""}`;
  console.log(`Importing closed sessions from ${range}.`);

  const interactive = process.stdout.isTTY === true;
  // A MultiBar with one bar, because only MultiBar can print log lines above the bar.
  const bars = interactive
    ? new cliProgress.MultiBar(
        { format: "{bar} {value} sessions | new {created}, updated {updated}, unchanged {unchanged}, failed {failed}", hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const bar = bars?.create(0, 0, { created: 0, updated: 0, unchanged: 0, failed: 0 });

  let processed = 0;
  try {
    const summary = await runBackfill({
      client,
      ...options,
      onResume: (counts) => {
        const line = `Resuming an unfinished run: ${counts.created + counts.updated + counts.unchanged + counts.failed} sessions were done before.`;
        if (bars) bars.log(`${line}\n`);
        else console.log(line);
      },
      onProgress: (progress) => {
        processed += 1;
        if (bar) {
          // The list endpoint gives no total, so the bar's total grows with the sessions read.
          bar.setTotal(processed);
          bar.update(processed, progress);
        } else if (processed % 25 === 0) {
          console.log(`${processed} sessions: new ${progress.created}, updated ${progress.updated}, unchanged ${progress.unchanged}, failed ${progress.failed}`);
        }
      },
      onError: (sessionId, error) => {
        const line = `Session ${sessionId} failed: ${error instanceof Error ? error.message : String(error)}`;
        if (bars) bars.log(`${line}\n`);
        else console.error(line);
      },
    });
    bars?.stop();
    console.log(`Sessions new ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, failed ${summary.failed}.`);
    return summary.failed > 0 ? 1 : 0;
  } catch (error) {
    bars?.stop();
    console.error(`Sync stopped: ${error instanceof Error ? error.message : String(error)}. Run the same command again to resume.`);
    return 1;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error("Sync failed:", error);
    process.exitCode = 1;
  },
);
