/**
 * Builds one migrated SQLite file with the committed migrations; every test
 * file then starts from a copy of it (see setup-database.ts).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const TEMPLATE_DATABASE = path.resolve(".tmp/test/template.db");

export default function setup(): void {
  fs.rmSync(path.dirname(TEMPLATE_DATABASE), { recursive: true, force: true });
  fs.mkdirSync(path.dirname(TEMPLATE_DATABASE), { recursive: true });
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${TEMPLATE_DATABASE}` },
    stdio: "pipe",
  });
}
