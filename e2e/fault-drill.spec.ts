/**
 * The fault drill of bench/fault-drill.ts at a smaller size. The script
 * starts its own production server on the build that Playwright's web server
 * made and kills it twice with SIGKILL while deliveries are in flight. It
 * restarts the server, resends what got no 200, and compares the stored
 * attendance with the ground truth. The engine follows TEST_POSTGRES_URL, as
 * in the other specs.
 */
import { spawn } from "node:child_process";
import path from "node:path";

import { expect, test } from "@playwright/test";

import { E2E_PORT } from "./settings";

const DRILL_PORT = E2E_PORT + 3;

function runDrill(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join("node_modules", ".bin", "tsx"), ["bench/fault-drill.ts", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, output }));
  });
}

test("fault drill: two SIGKILLs lose and double nothing", async () => {
  test.setTimeout(120_000);
  const engine = process.env.TEST_POSTGRES_URL ? "postgresql" : "sqlite";
  const { code, output } = await runDrill([
    "--engine", engine,
    "--events", "800",
    "--sessions", "8",
    "--port", String(DRILL_PORT),
    "--database", "rollcall_drill_e2e_test",
  ]);

  const lines = output.trim().split("\n");
  const summary = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
  expect(summary.kills, output).toBe(2);
  expect(summary.undelivered, output).toBe(0);
  expect(summary.mismatches, output).toBe(0);
  expect(summary.events).toBe(800);
  expect(code, output).toBe(0);
});
