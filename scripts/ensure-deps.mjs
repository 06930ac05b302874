// Installs the locked dependencies when they are missing or older than
// package-lock.json, so that `npm start` and `npm test` work on a fresh clone.
// Plain JavaScript with no imports outside Node, because it runs before any install.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const marker = "node_modules/.package-lock.json";
const stale = !fs.existsSync(marker) || fs.statSync(marker).mtimeMs < fs.statSync("package-lock.json").mtimeMs;

if (stale) {
  console.log("[rollcall] installing dependencies with npm ci (first run or changed package-lock.json)");
  const result = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`[rollcall] npm ci failed with exit code ${result.status ?? result.signal}`);
    process.exit(result.status ?? 1);
  }
}
