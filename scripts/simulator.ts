/** `npm run simulator`: the local 100ms stand-in; run with --help for the options. */
import { runSimulatorCli } from "../lib/simulator/cli";

runSimulatorCli(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error("Simulator failed:", error);
    process.exitCode = 1;
  },
);
