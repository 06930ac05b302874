/**
 * Plays a generated one-hour class to a running Rollcall server through the
 * 100ms simulator: webhooks spread over a few seconds, with 100ms's retries,
 * then prints the URL of the session page. With --serve, the simulator's API
 * stays up for reconciliation until interrupted.
 *
 *   npx tsx scripts/demo.ts [--url URL] [--duration-seconds N] [--seed N] [--serve] [--port N]
 *
 * Exit status: 0 when every event was accepted, 1 when an event was still
 * rejected after its retries or no server responded, 2 for invalid options.
 */
import { runSimulatorCli, SIMULATOR_HELP } from "../lib/simulator/cli";

const argv = process.argv.slice(2);
const serve = argv.includes("--serve");
const rest = argv.filter((arg) => arg !== "--serve");
const help = `Usage: npm run demo -- [--url URL] [--duration-seconds N] [--seed N] [--serve] [--port N]

Plays the demo class (room "algebra-2b", one session of about an hour that
ends now) through the 100ms simulator. Without --serve it exits once every
delivery has finished; with --serve its 100ms API stays up until Ctrl-C.
The other options are the simulator's:

${SIMULATOR_HELP}`;

// Without --serve the API lives only during playback, so it takes any free port unless --port is given.
runSimulatorCli(["--play", "demo", ...(serve ? [] : ["--exit-after-play", "--port", "0"]), ...rest], process.env, help).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error("Demo failed:", error);
    process.exitCode = 1;
  },
);
